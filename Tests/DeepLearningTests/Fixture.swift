import Foundation
import Testing
import DeepLearning

/// A PyTorch fixture file from `Fixtures/` (written by `Fixtures/make_fixtures.py`, which documents how each
/// case is built). Schema:
///
///     { "generator": "...make_fixtures.py", "torch": "2.13.0+cpu", "dtype": "float64",
///       "cases": [ { "name": "conv2d_k3_s1_p0",
///                    "config": { "stride": 1, ... },                      // numbers only, booleans as 0/1
///                    "tensors": { "input": { "shape": [2, 3, 6, 6], "values": [...] }, ... } } ] }
///
/// Values are float64 written as shortest round-trip decimals, so decoding gives PyTorch's doubles exactly.
struct Fixture: Decodable {
    let generator: String
    let torch: String
    let dtype: String
    let cases: [Case]

    struct Case: Decodable {
        let name: String
        let config: [String: Double]
        let tensors: [String: StoredTensor]

        /// The tensor called `name`; fails the test (and throws) if the fixture has none.
        func tensor<Scalar: KernelScalar>(_ name: String, as _: Scalar.Type = Double.self) throws -> Tensor<Scalar> {
            let stored = try #require(tensors[name], "fixture case \(self.name) has no tensor '\(name)'")
            return Tensor(shape: stored.shape, scalars: stored.values.map { Scalar($0) })
        }

        /// The flat values of tensor `name`.
        func values(_ name: String) throws -> [Double] { try tensor(name).scalars }

        /// The single value of a scalar tensor (shape []) such as a loss.
        func scalar(_ name: String) throws -> Double {
            let values = try values(name)
            try #require(values.count == 1, "fixture tensor '\(name)' of case \(self.name) is not a scalar")
            return values[0]
        }

        func number(_ key: String) throws -> Double {
            try #require(config[key], "fixture case \(name) has no config '\(key)'")
        }

        func integer(_ key: String) throws -> Int { Int(try number(key)) }
    }

    struct StoredTensor: Decodable {
        let shape: [Int]
        let values: [Double]
    }

    /// Decodes `Fixtures/<file>` from the test bundle.
    static func load(_ file: String) throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url(of: file)))
    }

    /// The URL of `Fixtures/<file>` inside the test bundle's resources.
    static func url(of file: String) throws -> URL {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil),
                                  "the Fixtures resource folder is missing from the test bundle")
        return folder.appendingPathComponent(file)
    }

    /// The case called `name`.
    func `case`(_ name: String) throws -> Case {
        try #require(cases.first { $0.name == name }, "no fixture case '\(name)' in this file")
    }
}

// MARK: - Tolerances

/// The error bound of a Double result that went through `operations` rounded operations (sums count one per
/// accumulated term), as a fraction of its magnitude: each rounding contributes at most u = ε/2, and PyTorch's
/// vectorised exp/log/sqrt may differ from libm's by up to 1 ulp = ε, so we allow 2ε per operation — "a few ulps
/// times the number of accumulated terms". Scaled by `Scalar.ulpOfOne`, it is the Float bound too.
func roundingTolerance<Scalar: KernelScalar>(operations: Int, for _: Scalar.Type = Double.self) -> Double {
    2 * Double(operations) * Double(Scalar.ulpOfOne)
}

/// Expects |actual − expected| ≤ tolerance · max(|expected|, scale) element by element.
///
/// `scale` is the magnitude the error is relative to when that is not the element itself, e.g. the largest term
/// of a sum that cancels; 0 means purely relative (each element on its own, as for element-wise formulas).
func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double, scale: Double = 0,
                 _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    var worst = (index: -1, excess: 0.0)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        let bound = tolerance * max(abs(e), scale)
        let error = abs(a - e)
        if !(error <= bound), worst.index < 0 || error / max(bound, .leastNormalMagnitude) > worst.excess {
            worst = (index, error / max(bound, .leastNormalMagnitude))
        }
    }
    if worst.index >= 0 {
        let (a, e) = (actual[worst.index], expected[worst.index])
        let allowed = tolerance * max(abs(e), scale)
        let message = "\(what): element \(worst.index) is \(a), expected \(e) (error \(abs(a - e)), allowed \(allowed))"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

func expectClose(_ actual: Double, _ expected: Double, tolerance: Double, scale: Double = 0, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose([actual], [expected], tolerance: tolerance, scale: scale, what, sourceLocation: sourceLocation)
}

/// The largest magnitude in `values`.
func largestMagnitude(_ values: [Double]) -> Double { values.map(abs).max() ?? 0 }
