// OpenBLAS thread control and build information.
#include "COpenBLAS.h"
#include <cblas.h>

void tf_set_num_threads(int n) { openblas_set_num_threads(n < 1 ? 1 : n); }
int tf_get_num_threads(void) { return openblas_get_num_threads(); }
const char *tf_openblas_config(void) { return openblas_get_config(); }
