import Testing
@testable import Kernels

/// The STREAM kernels' arithmetic and byte counts (their speed is measured by `workbook compute-resources`, never
/// asserted).
@Suite("STREAM kernels")
struct MemoryBandwidthTests {
    /// STREAM's sequence from a = 1, b = 2, c = 0 with s = 3, by hand: copy c = a = 1; scale b = 3c = 3; add
    /// c = a + b = 4; triad a = b + 3c = 15. A pass maps a to a·s·(2 + s) = 15a, b to s·a, c to (1 + s)·a, so
    /// after two passes a = 225, b = 3·15 = 45, c = 4·15 = 60: exact in float32 (small integers).
    @Test(arguments: [1, 2]) func twoPassesOfTheSequenceByHand(workers: Int) {
        let count = 1001  // not a multiple of the worker count: uneven chunks
        var a = [Float](repeating: 1, count: count), b = [Float](repeating: 2, count: count)
        var c = [Float](repeating: 0, count: count)
        KernelWorkers.$count.withValue(workers) {
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        for _ in 0..<2 {
                            for kernel in StreamKernel.allCases {
                                streamKernel(kernel, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!,
                                             count: count, scalar: 3)
                            }
                        }
                    }
                }
            }
        }
        #expect(a.allSatisfy { $0 == 225 } && b.allSatisfy { $0 == 45 } && c.allSatisfy { $0 == 60 })
    }

    /// Each kernel equals its naive twin bit for bit on values that are not small integers (each element is one
    /// multiply or add, or one of each, in the same order), on two workers.
    @Test(arguments: StreamKernel.allCases) func fastEqualsNaive(kernel: StreamKernel) {
        let count = 1001
        let a0 = (0..<count).map { Float($0) * 0.37 - 11 }, b0 = (0..<count).map { Float($0).squareRoot() }
        let c0 = (0..<count).map { 1 / Float($0 + 3) }
        var (a, b, c) = (a0, b0, c0), (na, nb, nc) = (a0, b0, c0)
        KernelWorkers.$count.withValue(2) {
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        streamKernel(kernel, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!, count: count,
                                     scalar: 0.7)
                    }
                }
            }
        }
        streamKernelNaive(kernel, a: &na, b: &nb, c: &nc, scalar: 0.7)
        #expect(a == na && b == nb && c == nc)
        // And each writes its definition into its one output array, leaving the others as they were.
        switch kernel {
        case .copy: #expect(c == a0 && a == a0 && b == b0)
        case .scale: #expect(b == c0.map { 0.7 * $0 } && a == a0 && c == c0)
        case .add: #expect(c == zip(a0, b0).map { $0 + $1 } && a == a0 && b == b0)
        case .triad: #expect(a == zip(b0, c0).map { $0 + 0.7 * $1 } && b == b0 && c == c0)
        }
    }

    /// STREAM's byte counts for n = 1,000 floats: copy and scale read one array and write one, 2 · 4 · 1,000 =
    /// 8,000 bytes; add and triad read two and write one, 12,000.
    @Test func bytesAsStreamCountsThem() {
        #expect(StreamKernel.allCases.map { MemoryBandwidth.bytesCounted($0, floatsPerArray: 1000) }
                == [8000, 8000, 12000, 12000])
    }
}
