@testable import Kernels

/// Small whole numbers in [−range, range] from a fixed linear congruential sequence. Sums and products of such
/// numbers are exact in Float and Double (far below 2²⁴), so a fast kernel and its naive twin that add the same
/// terms in another order must agree EXACTLY: any difference is a bug, not rounding.
func wholeNumbers<Scalar: KernelScalar>(_ count: Int, range: Int = 4, seed: UInt64 = 1) -> [Scalar] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Scalar(Int((state >> 33) % UInt64(2 * range + 1)) - range)
    }
}

/// Every small window geometry: kernels 1…3 (square and not), strides 1…3, paddings 0…2, on images 1×1 to 6×5,
/// keeping those that give at least one output position. `maxPadding` limits the padding (pooling: half the kernel).
func smallGeometries(batch: Int = 2, channels: Int = 2, poolingPadding: Bool = false) -> [WindowGeometry] {
    var result: [WindowGeometry] = []
    for (height, width) in [(1, 1), (3, 4), (5, 5), (6, 5)] {
        for kernelHeight in 1...3 {
            for kernelWidth in 1...3 {
                for stride in 1...3 {
                    for padding in 0...2 {
                        if poolingPadding && 2 * padding > min(kernelHeight, kernelWidth) { continue }
                        let g = WindowGeometry(batch: batch, channels: channels, height: height, width: width,
                                               kernelHeight: kernelHeight, kernelWidth: kernelWidth,
                                               stride: stride, padding: padding)
                        if g.isValid { result.append(g) }
                    }
                }
            }
        }
    }
    return result
}
