/* --bb_catalogue: what this runner built, as one JSON document on stdout, generated from the same
 * tables that build it: every unit with its coordinates and constants, the dimensions' values with
 * their one-line descriptions, the perf events, and the allocator answering malloc. The scripts
 * read it instead of retyping any of it. */
#include <linux/perf_event.h>
#include <math.h>
#include <stdio.h>

#include "bb_cases.h"
#include "bb_catalogue.h"
#include "bb_eventloop.h"
#include "bb_flags.h"
#include "bb_register.h"
#include "bb_tree.h"

/* A JSON string: the tables' text is ASCII, but quotes, backslashes and controls are escaped. */
static void bb__str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
    else
      fputc(*s, f);
  }
  fputc('"', f);
}

/* "key": value pairs, each after a comma but the first of its object. */
static void bb__key(FILE *f, bool *first, const char *key) {
  fputs(*first ? "" : ", ", f);
  *first = false;
  bb__str(f, key);
  fputs(": ", f);
}

static void bb__text(FILE *f, bool *first, const char *key, const char *value) {
  if (value == NULL) return;
  bb__key(f, first, key);
  bb__str(f, value);
}

static void bb__number(FILE *f, bool *first, const char *key, double value) {
  bb__key(f, first, key);
  if (isnan(value))
    fputs("null", f);
  else
    fprintf(f, "%.17g", value);
}

/* A list of {"name": ..., "what": ...} objects from a table's accessors. */
#define BB__NAMED_LIST(f, key, count, name_fn, what_fn, type)                                      \
  do {                                                                                             \
    fprintf(f, ",\n \"%s\": [", key);                                                              \
    for (int i = 0; i < (count); i++) {                                                            \
      bool first = true;                                                                           \
      fputs(i ? ",\n  {" : "\n  {", f);                                                            \
      bb__text(f, &first, "name", name_fn((type)i));                                               \
      bb__text(f, &first, "what", what_fn((type)i));                                               \
      fputc('}', f);                                                                               \
    }                                                                                              \
    fputs("]", f);                                                                                 \
  } while (0)

static void bb__unit(FILE *f, const bb_unit_desc_t *d) {
  bool first = true;
  char bench[BB_UNIT_NAME_MAX + 64];
  bb__benchmark_name(d, bench, sizeof bench);
  fputc('{', f);
  bb__text(f, &first, "name", d->name);
  bb__text(f, &first, "benchmark_name", bench);
  bb__text(f, &first, "suite", d->suite);
  bb__text(f, &first, "per", d->per);
  bb__text(f, &first, "mode", d->mode);
  if (d->size >= 0) bb__number(f, &first, "size", (double)d->size);
  if (d->depth >= 0) bb__number(f, &first, "depth", (double)d->depth);
  bb__text(f, &first, "pattern", d->pattern);
  bb__text(f, &first, "state", d->state);
  bb__text(f, &first, "variant", d->variant);
  bb__text(f, &first, "form", d->form);
  bb__text(f, &first, "lang", d->lang);
  if (d->fanout >= 0) bb__number(f, &first, "fanout", (double)d->fanout);
  bb__number(f, &first, "requests", d->requests);
  bb__number(f, &first, "async_calls", d->async_calls);
  bb__number(f, &first, "allocs", d->allocs);
  bb__number(f, &first, "syscalls", d->syscalls);
  bb__number(f, &first, "future_bytes", d->future_bytes);
  if (d->ncounts > 0) {
    bb__key(f, &first, "counts");
    fputc('{', f);
    bool inner = true;
    for (int i = 0; i < d->ncounts; i++)
      bb__number(f, &inner, d->counts[i].name, d->counts[i].value);
    fputc('}', f);
  }
  bb__text(f, &first, "timing", d->timing == BB_UNIT_EACH ? "each" : "batch");
  if (d->timing == BB_UNIT_EACH) bb__number(f, &first, "iterations", (double)d->iterations);
  fputc('}', f);
}

static const char *bb__suite_what(bb_suite_t s) {
  static const char *const what[] = {
#define BB__WHAT(id, name, per, what) what,
      BB_SUITES(BB__WHAT)
#undef BB__WHAT
  };
  return what[s];
}

static const char *bb__suite_name(bb_suite_t s) { return bb_unit_desc(s).suite; }

/* A hardware event counts the core's work; a software one the kernel's (faults, switches). */
static const char *bb__perf_kind(bb_perf_event_t e) {
  static const unsigned types[] = {
#define BB__TYPE(id, name, type, config) type,
      BB_PERF_EVENTS(BB__TYPE)
#undef BB__TYPE
  };
  return types[e] == PERF_TYPE_HARDWARE ? "hardware" : "software";
}

void bb__catalogue_print(FILE *f, const bb_allocator_id_t *id) {
  fputs("{\"catalogue\": 1,\n \"allocator\": {", f);
  bool first = true;
  bb__text(f, &first, "name", id->name);
  bb__text(f, &first, "version", id->version);
  fputs("}", f);
  BB__NAMED_LIST(f, "suites", BB_SUITE_COUNT, bb__suite_name, bb__suite_what, bb_suite_t);
  BB__NAMED_LIST(f, "modes", BB_MODE_COUNT, bb_mode_name, bb_mode_what, bb_mode_t);
  BB__NAMED_LIST(f, "patterns", BB_PATTERN_COUNT, bb_pattern_name, bb_pattern_what, bb_pattern_t);
  BB__NAMED_LIST(f, "states", BB_STATE_COUNT, bb_alloc_state_name, bb_alloc_state_what,
                 bb_alloc_state_t);
  BB__NAMED_LIST(f, "variants", BB_EV_VARIANT_COUNT, bb_ev_variant_name, bb_ev_variant_what,
                 bb_ev_variant_t);
  BB__NAMED_LIST(f, "forms", BB_TREE_FORM_COUNT, bb_tree_form_name, bb_tree_form_what,
                 bb_tree_form_t);
  BB__NAMED_LIST(f, "perf_events", BB_PERF_COUNT, bb_perf_name, bb__perf_kind, bb_perf_event_t);
  /* What the scripts must know of the runner's naming and limits, published so that they check
   * theirs against it rather than trust a copy: a Rust unit's name suffix, the most units an
   * interleaved set takes (--bb_interleave) and the longest unit name it takes. */
  fputs(",\n \"rust_suffix\": ", f);
  bb__str(f, BB_UNIT_RUST_SUFFIX);
  fprintf(f, ",\n \"limits\": {\"interleave_units\": %d, \"unit_name\": %d}", BB__UNITS_MAX,
          BB__UNIT_NAME_MAX - 1);
  fprintf(f, ",\n \"baseline_mode\": ");
  bb__str(f, bb_mode_name(BB_MODE_BASELINE));
  fputs(",\n \"futureless_modes\": [", f);
  for (int m = 0, k = 0; m < BB_MODE_COUNT; m++) {
    if (bb_mode_future((bb_mode_t)m)) continue;
    fputs(k++ ? ", " : "", f);
    bb__str(f, bb_mode_name((bb_mode_t)m));
  }
  /* The modes a Rust user can choose, with what they write: advise offers only these. */
  fputs("],\n \"rust_choices\": {", f);
  for (int m = 0, k = 0; m < BB_MODE_COUNT; m++) {
    const char *rust = bb_mode_rust((bb_mode_t)m);
    if (!rust) continue;
    fputs(k++ ? ", " : "", f);
    bb__str(f, bb_mode_name((bb_mode_t)m));
    fputs(": ", f);
    bb__str(f, rust);
  }
  fputs("},\n \"units\": [", f);
  const bb_unit_desc_t *all;
  size_t n = bb_units(&all);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n  " : "\n  ", f);
    bb__unit(f, &all[i]);
  }
  fputs("]}\n", f);
}
