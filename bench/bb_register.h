/* The units as google-benchmark cases (register.c). */
#ifndef BB_REGISTER_H
#define BB_REGISTER_H

#include <stdbool.h>
#include <stddef.h>

#include "bb_unit.h"

/* Register every unit; each is measured by one loop: timed runs, then untimed counted ones. With
 * running (a path, or NULL), that file holds the name of the unit being measured (--bb_running).
 * False, with a message on stderr, if the file cannot be written. */
bool bb__register_units(const char *running);

/* The name google-benchmark reports a unit's results under. */
void bb__benchmark_name(const bb_unit_desc_t *d, char *buf, size_t len);

#endif
