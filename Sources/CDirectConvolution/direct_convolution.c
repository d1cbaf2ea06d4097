// The inner loop of the direct 3x3 convolution: a 16x6 register tile of 8-lane fused multiply-adds (12
// accumulators + 2 lanes of A + 1 broadcast = 15 of the 16 ymm registers), compiled for AVX2+FMA whatever the rest
// of the package targets and called only after a run-time check. The loops around it (padding, packing, which
// tile goes where) are Swift; see Sources/Kernels/DirectConvolution.swift.
#include <immintrin.h>
#include "direct_convolution.h"

int direct_convolution_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma")))
void direct_convolution_tile(const float *a, long a_stride, const float *b, const int *columns, const int *offsets,
                             long count, float *tile) {
    const float *b0 = b + columns[0], *b1 = b + columns[1], *b2 = b + columns[2];
    const float *b3 = b + columns[3], *b4 = b + columns[4], *b5 = b + columns[5];
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    __m256 c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    for (long r = 0; r < count; r++) {
        const long o = offsets[r];
        const __m256 a0 = _mm256_loadu_ps(a), a1 = _mm256_loadu_ps(a + 8);
        __m256 x;
        x = _mm256_broadcast_ss(b0 + o); c00 = _mm256_fmadd_ps(a0, x, c00); c10 = _mm256_fmadd_ps(a1, x, c10);
        x = _mm256_broadcast_ss(b1 + o); c01 = _mm256_fmadd_ps(a0, x, c01); c11 = _mm256_fmadd_ps(a1, x, c11);
        x = _mm256_broadcast_ss(b2 + o); c02 = _mm256_fmadd_ps(a0, x, c02); c12 = _mm256_fmadd_ps(a1, x, c12);
        x = _mm256_broadcast_ss(b3 + o); c03 = _mm256_fmadd_ps(a0, x, c03); c13 = _mm256_fmadd_ps(a1, x, c13);
        x = _mm256_broadcast_ss(b4 + o); c04 = _mm256_fmadd_ps(a0, x, c04); c14 = _mm256_fmadd_ps(a1, x, c14);
        x = _mm256_broadcast_ss(b5 + o); c05 = _mm256_fmadd_ps(a0, x, c05); c15 = _mm256_fmadd_ps(a1, x, c15);
        a += a_stride;
    }
    _mm256_storeu_ps(tile + 0, c00);  _mm256_storeu_ps(tile + 8, c10);
    _mm256_storeu_ps(tile + 16, c01); _mm256_storeu_ps(tile + 24, c11);
    _mm256_storeu_ps(tile + 32, c02); _mm256_storeu_ps(tile + 40, c12);
    _mm256_storeu_ps(tile + 48, c03); _mm256_storeu_ps(tile + 56, c13);
    _mm256_storeu_ps(tile + 64, c04); _mm256_storeu_ps(tile + 72, c14);
    _mm256_storeu_ps(tile + 80, c05); _mm256_storeu_ps(tile + 88, c15);
}
