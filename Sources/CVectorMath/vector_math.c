// The Transformer's element-wise math, 8 floats at a time, compiled for AVX2+FMA whatever the rest of the package
// targets and called only after a run-time check. See vector_math.h for what each function computes and
// Sources/Kernels/VectorMath.swift for the Swift side, the accuracy each test allows and why.
#include <immintrin.h>
#include <string.h>
#include "vector_math.h"

int vector_math_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// e^x, 8 lanes: n = round(x log2 e); r = x - n ln2 in two parts (ln2 = 0.693359375 - 2.12194440e-4, the first
// exact in 9 bits so n * it is exact for |n| <= 128); e^r = 1 + r + r^2 P(r) (Cephes expf); times 2^n.
__attribute__((target("avx2,fma")))
static inline __m256 exp8(__m256 x) {
    const __m256 underflow = _mm256_cmp_ps(x, _mm256_set1_ps(-87.33654475f), _CMP_LT_OQ);
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.33654475f)), _mm256_set1_ps(88.0f));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    const __m256 er = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(underflow, _mm256_mul_ps(er, _mm256_castsi256_ps(bits)));
}

__attribute__((target("avx2,fma")))
void vector_exp(const float *x, float *y, long count) {
    long i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(y + i, exp8(_mm256_loadu_ps(x + i)));
    if (i < count) {
        float in[8] = {0}, out[8];
        memcpy(in, x + i, (size_t)(count - i) * sizeof(float));
        _mm256_storeu_ps(out, exp8(_mm256_loadu_ps(in)));
        memcpy(y + i, out, (size_t)(count - i) * sizeof(float));
    }
}

// GELU, 8 lanes. z = |x|/sqrt 2, t = 1/(1 + p z), erfc(z) ~ t(a1 + t(a2 + t(a3 + t(a4 + t a5)))) e^(-z^2)
// (A&S 7.1.26), so Phi(x) = erfc(z)/2 for x < 0 and 1 - erfc(z)/2 otherwise: the tail below 0 is a product, never
// a difference, and keeps its relative accuracy. phi(x) = e^(-x^2/2)/sqrt(2 pi), the same exponential.
__attribute__((target("avx2,fma")))
static inline void gelu8(__m256 x, __m256 *y, __m256 *slope) {
    const __m256 half = _mm256_set1_ps(0.5f);
    const __m256 absolute = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    const __m256 z = _mm256_mul_ps(absolute, _mm256_set1_ps(0.70710678118654752f));
    const __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_set1_ps(0.3275911f), z,
                                                                         _mm256_set1_ps(1.0f)));
    __m256 poly = _mm256_set1_ps(1.061405429f);
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-1.453152027f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(1.421413741f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-0.284496736f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(0.254829592f));
    poly = _mm256_mul_ps(poly, t);
    const __m256 e = exp8(_mm256_mul_ps(_mm256_mul_ps(x, x), _mm256_set1_ps(-0.5f)));
    const __m256 tail = _mm256_mul_ps(_mm256_mul_ps(poly, e), half);  // erfc(z)/2 = Phi(-|x|)
    const __m256 negative = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    const __m256 cdf = _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(1.0f), tail), tail, negative);
    *y = _mm256_mul_ps(x, cdf);
    *slope = _mm256_fmadd_ps(_mm256_mul_ps(x, e), _mm256_set1_ps(0.39894228040143267794f), cdf);
}

__attribute__((target("avx2,fma")))
void vector_gelu(const float *x, float *y, float *slope, long count) {
    long i = 0;
    __m256 value, derivative;
    for (; i + 8 <= count; i += 8) {
        gelu8(_mm256_loadu_ps(x + i), &value, &derivative);
        _mm256_storeu_ps(y + i, value);
        _mm256_storeu_ps(slope + i, derivative);
    }
    if (i < count) {
        float in[8] = {0}, out[8], outSlope[8];
        memcpy(in, x + i, (size_t)(count - i) * sizeof(float));
        gelu8(_mm256_loadu_ps(in), &value, &derivative);
        _mm256_storeu_ps(out, value);
        _mm256_storeu_ps(outSlope, derivative);
        memcpy(y + i, out, (size_t)(count - i) * sizeof(float));
        memcpy(slope + i, outSlope, (size_t)(count - i) * sizeof(float));
    }
}

// The sum of a vector's 8 lanes, always in the same order: (0+4, 1+5, 2+6, 3+7), then pairs, then the two halves.
__attribute__((target("avx2,fma")))
static inline float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

// Loads lanes i..<min(i + 8, count) of p, `fill` in the lanes past count.
__attribute__((target("avx2,fma")))
static inline __m256 load_partial(const float *p, long i, long count, float fill) {
    if (i + 8 <= count) return _mm256_loadu_ps(p + i);
    float lanes[8] = {fill, fill, fill, fill, fill, fill, fill, fill};
    memcpy(lanes, p + i, (size_t)(count - i) * sizeof(float));
    return _mm256_loadu_ps(lanes);
}

__attribute__((target("avx2,fma")))
static inline void store_partial(float *p, long i, long count, __m256 v) {
    if (i + 8 <= count) { _mm256_storeu_ps(p + i, v); return; }
    float lanes[8];
    _mm256_storeu_ps(lanes, v);
    memcpy(p + i, lanes, (size_t)(count - i) * sizeof(float));
}

__attribute__((target("avx2,fma")))
void vector_softmax_row(float *row, long count, long valid) {
    __m256 maximum = _mm256_set1_ps(-__builtin_inff());
    for (long i = 0; i < valid; i += 8) maximum = _mm256_max_ps(maximum, load_partial(row, i, valid, -__builtin_inff()));
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(maximum), _mm256_extractf128_ps(maximum, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    const __m256 top = _mm256_set1_ps(_mm_cvtss_f32(m));
    __m256 total = _mm256_setzero_ps();
    for (long i = 0; i < valid; i += 8) {
        // Lanes past `valid` load -inf: e^(-inf) = 0 adds nothing to the total and is not stored.
        const __m256 e = exp8(_mm256_sub_ps(load_partial(row, i, valid, -__builtin_inff()), top));
        total = _mm256_add_ps(total, e);
        store_partial(row, i, valid, e);
    }
    const __m256 inverse = _mm256_set1_ps(1.0f / sum8(total));
    for (long i = 0; i < valid; i += 8) store_partial(row, i, valid, _mm256_mul_ps(load_partial(row, i, valid, 0), inverse));
    for (long j = valid; j < count; j++) row[j] = 0;
}

__attribute__((target("avx2,fma")))
void vector_softmax_backward_row(const float *p, float *g, long count) {
    __m256 dot = _mm256_setzero_ps();
    for (long i = 0; i < count; i += 8) {
        dot = _mm256_fmadd_ps(load_partial(g, i, count, 0), load_partial(p, i, count, 0), dot);
    }
    const __m256 total = _mm256_set1_ps(sum8(dot));
    for (long i = 0; i < count; i += 8) {
        const __m256 gi = load_partial(g, i, count, 0), pi = load_partial(p, i, count, 0);
        store_partial(g, i, count, _mm256_mul_ps(pi, _mm256_sub_ps(gi, total)));
    }
}
