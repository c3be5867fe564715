// Linear least squares through LAPACKE; errors come back as LAPACK's info, never an abort.
#include "COpenBLAS.h"
#include <lapacke.h>
#include <stdlib.h>

int tf_lstsq_qr(int m, int n, int nrhs, double *a, double *b) {
    if (m <= 0 || n <= 0 || nrhs <= 0 || !a || !b) return -1;
    return (int)LAPACKE_dgels(LAPACK_ROW_MAJOR, 'N', m, n, nrhs, a, n, b, nrhs);
}

int tf_lstsq_svd(int m, int n, int nrhs, double *a, double *b, double rcond, int *rank) {
    if (m <= 0 || n <= 0 || nrhs <= 0 || !a || !b) return -1;
    double *s = (double *)malloc(sizeof(double) * (size_t)(m < n ? m : n));
    if (!s) return -1000;
    lapack_int r = 0;
    lapack_int info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, m, n, nrhs, a, n, b, nrhs, s, rcond, &r);
    free(s);
    if (rank) *rank = (int)r;
    return (int)info;
}
