// The C API of bb_harness.h over google-benchmark. Only glue lives here: every measured loop is C,
// and no call crosses this file per iteration, only per batch.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <vector>

#include "bb_harness.h"
#include "bb_heapcheck.h"

// Counters wait in the state until the case returns, then go to google-benchmark's map: the map
// allocates, and the heap check below must count the case's own blocks only.
enum { BB__COUNTERS_MAX = 32 };
struct bb__counter {
  char name[48];
  double value;
  bb_counter_t kind;
};

struct bb_state_s {
  benchmark::State *st;
  uint64_t given; // Iterations handed out so far in this run.
  int ncounters;
  bb__counter counters[BB__COUNTERS_MAX];
};

static void bb__set_counters(const bb_state_s &s) {
  for (int i = 0; i < s.ncounters; i++) {
    benchmark::Counter::Flags flags = benchmark::Counter::kDefaults;
    if (s.counters[i].kind == BB_COUNTER_PER_CALL) flags = benchmark::Counter::kAvgIterations;
    if (s.counters[i].kind == BB_COUNTER_RATE) flags = benchmark::Counter::kIsRate;
    s.st->counters[s.counters[i].name] = benchmark::Counter(s.counters[i].value, flags);
  }
}

// One run of a case. Under valgrind's memcheck every run must end holding as many heap blocks as it
// began with (whatever it allocated, it freed): a case that keeps one fails with an error.
static void bb__run(benchmark::State &st, bb_bench_fn fn, const void *arg) {
  bb_state_s s{};
  s.st = &st;
  uint64_t before = bb__heap_blocks();
  fn(&s, arg);
  uint64_t after = bb__heap_blocks();
  bb__set_counters(s);
  if (after != before && !st.error_occurred()) {
    char why[128];
    std::snprintf(why, sizeof why, "heap blocks unbalanced: %llu before the run, %llu after",
                  static_cast<unsigned long long>(before), static_cast<unsigned long long>(after));
    st.SkipWithError(why);
  }
}

struct bb_bench_s {
  benchmark::internal::Benchmark *b;
};

static std::vector<bb_bench_s *> &bb__benches() {
  static std::vector<bb_bench_s *> benches; // Freed at exit: registrations live as long as the run.
  return benches;
}

extern "C" bb_bench_t *bb_register(const char *name, bb_bench_fn fn, const void *arg) {
  auto *h = new bb_bench_s;
  h->b =
      benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &st) { bb__run(st, fn, arg); });
  bb__benches().push_back(h);
  return h;
}

extern "C" void bb_bench_manual_time(bb_bench_t *b) { b->b->UseManualTime(); }

extern "C" void bb_bench_iterations(bb_bench_t *b, uint64_t n) {
  b->b->Iterations(static_cast<benchmark::IterationCount>(n));
}

extern "C" uint64_t bb_state_next_batch(bb_state_t *s, uint64_t max_batch) {
  // KeepRunningBatch must be called once more after the last batch, with any positive count, to
  // stop the timer and end the run: that call returns false.
  uint64_t left = static_cast<uint64_t>(s->st->max_iterations) - s->given;
  uint64_t n = std::max<uint64_t>(1, std::min(left, max_batch));
  if (!s->st->KeepRunningBatch(static_cast<benchmark::IterationCount>(n))) return 0;
  s->given += n;
  return n;
}

extern "C" void bb_state_set_iteration_time(bb_state_t *s, double seconds) {
  s->st->SetIterationTime(seconds);
}

extern "C" void bb_state_counter(bb_state_t *s, const char *name, double value, bb_counter_t kind) {
  int i = 0;
  while (i < s->ncounters && std::strcmp(s->counters[i].name, name) != 0) i++;
  // Both limits are the program's own, never a user's input: break loudly.
  if (i == BB__COUNTERS_MAX || std::strlen(name) >= sizeof s->counters[i].name) {
    std::fprintf(stderr, "boxbench: counter %s: too many counters or too long a name\n", name);
    std::abort();
  }
  if (i == s->ncounters) s->ncounters++;
  std::strcpy(s->counters[i].name, name);
  s->counters[i].value = value;
  s->counters[i].kind = kind;
}
extern "C" void bb_state_skip(bb_state_t *s, const char *why) { s->st->SkipWithError(why); }

extern "C" void bb_context_add(const char *key, const char *value) {
  benchmark::AddCustomContext(key, value);
}

// google-benchmark's JSON file, flushed after every case: a runner killed halfway (a signal, the
// OOM killer) leaves every case it finished on disk, a prefix of the JSON that the CLI reads back
// (scripts/bb/model/rawfile.py). The stock reporter keeps its output in the stream's buffer until
// exit.
class bb__flushing_json : public benchmark::JSONReporter {
public:
  bool ReportContext(const Context &context) override {
    bool ok = JSONReporter::ReportContext(context);
    GetOutputStream().flush();
    return ok;
  }
  void ReportRuns(const std::vector<Run> &runs) override {
    JSONReporter::ReportRuns(runs);
    GetOutputStream().flush();
  }
};

// Whether the command line asks for a JSON file (google-benchmark's default format): read before
// Initialize, which takes its flags out of argv and offers no way to read them back.
static bool bb__wants_json_file(int argc, char **argv) {
  bool out = false, json = true;
  for (int i = 1; i < argc; i++) {
    if (std::strncmp(argv[i], "--benchmark_out=", 16) == 0) out = argv[i][16] != '\0';
    if (std::strncmp(argv[i], "--benchmark_out_format=", 23) == 0)
      json = std::strcmp(argv[i] + 23, "json") == 0;
  }
  return out && json;
}

extern "C" int bb_main(int argc, char **argv) {
  bool json_file = bb__wants_json_file(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  bb__flushing_json file_reporter;
  size_t ran = json_file ? benchmark::RunSpecifiedBenchmarks(nullptr, &file_reporter)
                         : benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (bb_bench_s *h : bb__benches()) delete h;
  bb__benches().clear();
  if (ran == 0) {
    std::fputs("boxbench: the filter selects no benchmark\n", stderr);
    return 2;
  }
  return 0;
}
