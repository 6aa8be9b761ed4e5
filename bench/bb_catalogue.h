/* The runner's catalogue (catalogue.c), printed by --bb_catalogue. */
#ifndef BB_CATALOGUE_H
#define BB_CATALOGUE_H

#include <stdio.h>

#include "bb_allocator.h"

void bb__catalogue_print(FILE *f, const bb_allocator_id_t *id);

#endif
