import Testing
@testable import Kernels

@Suite("im2col and col2im against their naive twins")
struct Im2colTests {
    /// im2col only copies, and col2im adds whole numbers, so fast and naive agree exactly on every small geometry.
    func compare<Scalar: KernelScalar>(_: Scalar.Type) {
        for g in smallGeometries() {
            let input: [Scalar] = wholeNumbers(g.inputCount)
            var columns: [Scalar] = []
            im2col(g, input: input, columns: &columns)
            #expect(columns == naiveIm2col(g, input: input), "im2col \(g)")

            let columnValues: [Scalar] = wholeNumbers(g.patchSize * g.patchCount, seed: 7)
            var gradient: [Scalar] = [42]  // stale contents must be overwritten
            col2im(g, columns: columnValues, inputGradient: &gradient)
            #expect(gradient == naiveCol2im(g, columns: columnValues), "col2im \(g)")
        }
    }

    @Test func floatMatchesNaive() { compare(Float.self) }
    @Test func doubleMatchesNaive() { compare(Double.self) }

    /// A 1×1×2×2 image [[1, 2], [3, 4]] with a 2×2 kernel and padding 1 gives a 3×3 output; the column of the
    /// top-left output position sees three padding zeros and the pixel 1 in the kernel's bottom-right tap.
    @Test func handWorkedPadding() {
        let g = WindowGeometry(batch: 1, channels: 1, height: 2, width: 2, kernelHeight: 2, kernelWidth: 2, padding: 1)
        var columns: [Double] = []
        im2col(g, input: [1, 2, 3, 4], columns: &columns)
        let firstColumn = (0..<4).map { columns[$0 * 9] }
        #expect(firstColumn == [0, 0, 0, 1])
    }
}
