/* gperftools' tcmalloc_minimal: tcmalloc without the heap profiler and checker, the build most
 * projects link. The same code as tcmalloc.c, told which library it must find. */
#define BB__TCMALLOC_NAME "tcmalloc_minimal"
#include "tcmalloc.c"
