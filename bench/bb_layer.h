/* The layer future of the async_trait shape (layer.c), visible so the tests can check its vtable. */
#ifndef BB_LAYER_H
#define BB_LAYER_H

#include "bb_cases.h"

typedef struct bb__layer_s {
  bb_resume_t state;
  bool pending;
  uint64_t seed;
  const bb_service_t *inner;
  bb_box_t child; /* The awaited child: boxed, or for dyn a fat pointer into the slot after us. */
} bb__layer_t;

#endif
