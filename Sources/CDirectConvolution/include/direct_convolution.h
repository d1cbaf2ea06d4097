#ifndef DIRECT_CONVOLUTION_H
#define DIRECT_CONVOLUTION_H

/// The register tile of the direct 3x3 convolution (Sources/Kernels/DirectConvolution.swift): 16 lanes of A times
/// 6 columns of B, summed over `count` steps r = 0, 1, ... in that order, one fused multiply-add per term:
///
///     tile[j*16 + l] = sum over r of a[r*a_stride + l] * b[columns[j] + offsets[r]]    (j < 6, l < 16)
///
/// a: 16 consecutive floats per step, `a_stride` floats apart (packed weights, or a transposed output gradient);
/// b: a zero-padded image, read at column j's offset plus the step's offset (a pixel's window plus a tap, or a tap
/// plus a pixel). Each sum starts at 0 and adds its terms in the order of r, so a result depends only on the
/// operands, never on the tile's position: reproducible bit for bit. Call only when direct_convolution_supported().
void direct_convolution_tile(const float *a, long a_stride, const float *b, const int *columns, const int *offsets,
                             long count, float *tile);

/// 1 when the CPU runs AVX2 and FMA3 instructions, which direct_convolution_tile is compiled for.
int direct_convolution_supported(void);

#endif
