import Testing
@testable import DeepLearning

@Suite("Tensor")
struct TensorTests {
    /// Row-major: element [n, c, h, w] of an N×C×H×W tensor sits at ((n·C + c)·H + h)·W + w.
    @Test func indexingIsRowMajor() {
        let t = Tensor<Double>(shape: [2, 3, 4, 5], scalars: (0..<120).map(Double.init))
        #expect(t[1, 2, 3, 4] == 119)
        #expect(t[1, 0, 0, 0] == 60)
        #expect(t[0, 1, 2, 3] == Double((1 * 4 + 2) * 5 + 3))
    }

    @Test func reshapeKeepsOrder() {
        let t = Tensor<Float>(shape: [2, 6], scalars: (0..<12).map(Float.init)).reshaped([3, 4])
        #expect(t.shape == [3, 4])
        #expect(t[2, 1] == 9)
    }

    @Test func shapeDescriptionReadsLikePyTorch() {
        #expect([64, 128, 56, 56].shapeDescription == "64×128×56×56")
    }
}
