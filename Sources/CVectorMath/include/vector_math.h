#ifndef VECTOR_MATH_H
#define VECTOR_MATH_H

/// The Transformer's element-wise math in 8-lane AVX2+FMA (Sources/Kernels/VectorMath.swift): e^x, the exact GELU
/// and the softmax of one row. Every element goes through the same instructions wherever it sits (a row's or an
/// array's last, partial group of 8 is computed in a zero-padded copy), so a result depends only on its inputs:
/// reproducible bit for bit for any split of the work. Call only when vector_math_supported().

/// 1 when the CPU runs AVX2 and FMA3 instructions, which the functions below are compiled for.
int vector_math_supported(void);

/// y[i] = e^x[i] for i < count: Cody-Waite reduction x = n ln 2 + r, |r| <= ln 2 / 2, Cephes expf's degree-6
/// polynomial for e^r, times 2^n built in the exponent bits. x below -87.336 (e^x under FLT_MIN) gives 0; x is
/// clamped at 88 above.
void vector_exp(const float *x, float *y, long count);

/// The exact GELU y = x Phi(x) and its slope Phi(x) + x phi(x) for i < count, Phi through Abramowitz and Stegun's
/// 7.1.26 for erfc(|x|/sqrt 2) (|error| <= 1.5e-7), whose e^(-x^2/2) is also phi's (one exponential per element).
void vector_gelu(const float *x, float *y, float *slope, long count);

/// Softmax of row[0..<valid] in place (maximum subtracted first, vector_exp's exponential), row[valid..<count] = 0.
void vector_softmax_row(float *row, long count, long valid);

/// Softmax's backward on one row in place: g[j] = p[j] (g[j] - sum_k g[k] p[k]) for j < count.
void vector_softmax_backward_row(const float *p, float *g, long count);

#endif
