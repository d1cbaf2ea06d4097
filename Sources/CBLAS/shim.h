// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). Note: Debian's build declares cblas_sbgemm but does
// not export it, so never call it.
#include <cblas.h>
