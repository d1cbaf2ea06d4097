/// The four kernels of McCalpin's STREAM benchmark, run on arrays far larger than the caches to measure the memory
/// bandwidth: what an element-wise layer (ReLU, batch norm, pooling, Adam's update) can move per second, as the
/// FMA peak is what a GEMM can compute.
public enum StreamKernel: String, CaseIterable, Sendable {
    /// c = a
    case copy
    /// b = s·c
    case scale
    /// c = a + b
    case add
    /// a = b + s·c
    case triad

    /// Arrays of n floats each kernel moves, as STREAM counts its bytes: the arrays read plus the array written
    /// (copy and scale 2, add and triad 3). STREAM does not count the read of the written array's cache lines
    /// that a write-allocate cache also performs (a store without streaming stores reads the line first), so the
    /// wires carry up to one array more: the reported GB/s is STREAM's, comparable with published STREAM figures.
    public var arraysCounted: Int {
        switch self {
        case .copy, .scale: 2
        case .add, .triad: 3
        }
    }
}

/// One STREAM kernel over `count` floats of the arrays a, b, c (`StreamKernel` says which it reads and writes),
/// in place, split into `KernelWorkers.count` contiguous chunks that run concurrently (one per core: the memory
/// system is shared, so one thread rarely saturates it).
public func streamKernel(_ kernel: StreamKernel, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>,
                         c: UnsafeMutablePointer<Float>, count: Int, scalar: Float) {
    let (a, b, c) = (UncheckedSendable(a), UncheckedSendable(b), UncheckedSendable(c))
    parallelChunks(count) { chunk, _ in
        let (a, b, c) = (a.value, b.value, c.value)
        switch kernel {
        case .copy: for i in chunk { c[i] = a[i] }
        case .scale: for i in chunk { b[i] = scalar * c[i] }
        case .add: for i in chunk { c[i] = a[i] + b[i] }
        case .triad: for i in chunk { a[i] = b[i] + scalar * c[i] }
        }
    }
}

/// The naive twin of `streamKernel`: one element at a time on Swift arrays, one thread.
public func streamKernelNaive(_ kernel: StreamKernel, a: inout [Float], b: inout [Float], c: inout [Float],
                              scalar: Float) {
    for i in a.indices {
        switch kernel {
        case .copy: c[i] = a[i]
        case .scale: b[i] = scalar * c[i]
        case .add: c[i] = a[i] + b[i]
        case .triad: a[i] = b[i] + scalar * c[i]
        }
    }
}

/// The memory bandwidth measured by STREAM's four kernels, GB/s (10⁹ bytes per second, STREAM's unit).
public struct MemoryBandwidth: Sendable, Equatable {
    public var threads: Int
    /// Floats per array (three arrays).
    public var floatsPerArray: Int
    public var gigabytesPerSecond: [StreamKernel: Double]

    /// Triad's rate: the kernel closest to what the layers do (read two streams, write one).
    public var triad: Double { gigabytesPerSecond[.triad] ?? 0 }

    /// Bytes a kernel moves over arrays of `floatsPerArray` floats, as STREAM counts them.
    public static func bytesCounted(_ kernel: StreamKernel, floatsPerArray: Int) -> Int {
        kernel.arraysCounted * MemoryLayout<Float>.size * floatsPerArray
    }

    /// `threads` workers run STREAM's sequence (copy, scale, add, triad, scalar 3) `repeats` times over three
    /// arrays of `floatsPerArray` floats (64 MiB each by default: 192 MiB, six times a 32 MiB L3, so every pass
    /// goes to memory); each kernel's rate is its bytes over its fastest pass, the first (untimed) pass having
    /// touched every page. Wall time: the workers run concurrently.
    public static func measure(floatsPerArray: Int = 16 << 20, repeats: Int = 10, threads: Int) -> MemoryBandwidth {
        var a = [Float](repeating: 1, count: floatsPerArray), b = [Float](repeating: 2, count: floatsPerArray)
        var c = [Float](repeating: 0, count: floatsPerArray)
        var best = Dictionary(uniqueKeysWithValues: StreamKernel.allCases.map { ($0, Double.infinity) })
        KernelWorkers.$count.withValue(threads) {
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        for pass in 0...max(1, repeats) {
                            for kernel in StreamKernel.allCases {
                                let start = clockSeconds()
                                streamKernel(kernel, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!,
                                             count: floatsPerArray, scalar: 3)
                                if pass > 0 { best[kernel] = min(best[kernel]!, clockSeconds() - start) }
                            }
                            // Keep the values bounded (the sequence multiplies a by 15 per pass), untimed.
                            a.update(repeating: 1)
                        }
                    }
                }
            }
        }
        var rates: [StreamKernel: Double] = [:]
        for (kernel, seconds) in best { rates[kernel] = Double(bytesCounted(kernel, floatsPerArray: floatsPerArray)) / seconds / 1e9 }
        return MemoryBandwidth(threads: threads, floatsPerArray: floatsPerArray, gigabytesPerSecond: rates)
    }
}
