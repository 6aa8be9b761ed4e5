/* The interleaved mode (interleave.c). */
#ifndef BB_INTERLEAVE_H
#define BB_INTERLEAVE_H

#include "bb_flags.h"

/* --bb_interleave=A,B[,...]: run the named units in turn, round after round, and print each
 * round's ns per unit as a JSON line; returns the exit status. */
int bb__interleave_main(const bb__flags_t *f);

#endif
