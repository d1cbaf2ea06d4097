#ifndef FMA_PEAK_H
#define FMA_PEAK_H

/// 1 when the CPU runs AVX2 and FMA3 instructions (the 8-lane single-precision FMA the peak is measured with).
int fma_peak_supported(void);

/// Runs `iterations` rounds of 12 independent 8-lane single-precision FMA chains on the calling thread: 192 FLOPs
/// per round (12 chains x 8 lanes x 2). Returns a value derived from the accumulators so the work is kept.
/// Call only when fma_peak_supported() is 1.
float fma_peak_run(long iterations);

#endif
