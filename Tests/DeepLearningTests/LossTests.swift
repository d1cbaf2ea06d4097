import Foundation
import Testing
@testable import DeepLearning

/// One fixture case of `losses.json`, the loss that computes it, and how far our Double result may be from
/// PyTorch's float64 one (see `roundingTolerance`).
///
/// Each loss is a sum of non-negative per-element terms divided by the count, so the mean adds at most `count`
/// roundings relative to the loss itself; what cancels is inside a term: cross-entropy's logsumexp(z) − z_t and
/// BCE-with-logits' max(z, 0) − z·y are differences of numbers as large as the largest |logit|, hence that scale.
/// Gradients are element-wise formulas with a handful of roundings; cross-entropy's and BCE-with-logits'
/// (softmax − onehot)/N and (σ − y)/n subtract numbers of size 1/N (1/n), hence that scale; softmax also
/// inherits the rounding of z − max(z), an error of up to u·max|z| in the exponent, hence max(1, max|z|)/N.
struct LossCase: CustomTestStringConvertible, Sendable {
    enum Kind: Sendable { case crossEntropy, bceWithLogits, bce, mse }
    let name: String
    let kind: Kind
    /// Rounded operations behind the loss and behind one gradient element (beyond the mean's `count` terms).
    let lossOperations: Int
    let gradientOperations: Int
    /// True when the case has points where PyTorch's clamp makes the loss non-differentiable (no gradient check).
    let clamped: Bool
    /// Cross-entropy's ε (the fixture's config "label_smoothing").
    var labelSmoothing = 0.0
    /// Cross-entropy's class weights (the fixture's tensor "weight"; nil: unweighted).
    var classWeights: [Double]? = nil

    var testDescription: String { name }

    static let all: [LossCase] = [
        // logsumexp: C exps, C − 1 additions, a log, two subtractions. Gradient: exp, sum (C terms), divide,
        // multiply, subtract.
        LossCase(name: "cross_entropy", kind: .crossEntropy, lossOperations: 5 + 4, gradientOperations: 5 + 4,
                 clamped: false),
        LossCase(name: "cross_entropy_large_logits", kind: .crossEntropy, lossOperations: 5 + 4,
                 gradientOperations: 5 + 4, clamped: false),
        // Label smoothing adds Σ_c z_c (C = 5 additions), C·lse, a subtraction, two multiplications and an addition
        // to the loss, and one subtraction (of ε/(CN)) to each gradient element.
        LossCase(name: "cross_entropy_smoothing", kind: .crossEntropy, lossOperations: 5 + 4 + 5 + 5,
                 gradientOperations: 5 + 4 + 1, clamped: false, labelSmoothing: 0.1),
        LossCase(name: "cross_entropy_smoothing_uniform", kind: .crossEntropy, lossOperations: 5 + 4 + 5 + 5,
                 gradientOperations: 5 + 4 + 1, clamped: false, labelSmoothing: 1),
        LossCase(name: "cross_entropy_smoothing_large_logits", kind: .crossEntropy, lossOperations: 5 + 4 + 5 + 5,
                 gradientOperations: 5 + 4 + 1, clamped: false, labelSmoothing: 0.1),
        // Class weights add W = Σₙ w[tₙ] (N = 6 additions) and, per row, the weighted Σ_c w[c]·z_c (C = 5
        // multiplications), w[tₙ]·(lse − z_t), Σ_c w[c]·lse; each gradient element adds W (6), the row's mass
        // (three operations) and w[j]·share, w[tₙ]·share (two).
        LossCase(name: "cross_entropy_weighted", kind: .crossEntropy, lossOperations: 5 + 4 + 5 + 5 + 6 + 6,
                 gradientOperations: 5 + 4 + 1 + 6 + 3 + 2, clamped: false, classWeights: weightedCase),
        LossCase(name: "cross_entropy_weighted_smoothing", kind: .crossEntropy, lossOperations: 5 + 4 + 5 + 5 + 6 + 6,
                 gradientOperations: 5 + 4 + 1 + 6 + 3 + 2, clamped: false, labelSmoothing: 0.1,
                 classWeights: weightedCase),
        LossCase(name: "cross_entropy_weighted_smoothing_large_logits", kind: .crossEntropy,
                 lossOperations: 5 + 4 + 5 + 5 + 6 + 6, gradientOperations: 5 + 4 + 1 + 6 + 3 + 2, clamped: false,
                 labelSmoothing: 0.1, classWeights: weightedCase),
        // exp, log1p, max, multiply, two additions; gradient: exp, add, divide, subtract, multiply.
        LossCase(name: "bce_with_logits", kind: .bceWithLogits, lossOperations: 6, gradientOperations: 5,
                 clamped: false),
        // two logs, two multiplications, three additions; gradient: subtract, multiply, 1 − p, multiply, divide.
        LossCase(name: "bce", kind: .bce, lossOperations: 7, gradientOperations: 5, clamped: false),
        LossCase(name: "bce_with_clamp", kind: .bce, lossOperations: 7, gradientOperations: 5, clamped: true),
        // subtract, square, add; gradient: subtract, multiply.
        LossCase(name: "mse", kind: .mse, lossOperations: 3, gradientOperations: 2, clamped: false),
    ]

    /// The weights of make_fixtures.py's weighted cases: one large, one zero (its class is a target once).
    static let weightedCase: [Double] = [0.5, 2, 0, 1, 7.5]

    /// The loss and its gradient for `input`, with the fixture's target (class indices for cross-entropy).
    func evaluate<Scalar: KernelScalar>(_ input: Tensor<Scalar>, target: Tensor<Scalar>) throws -> LossResult<Scalar> {
        switch kind {
        case .crossEntropy:
            try CrossEntropyLoss<Scalar>(weight: classWeights?.map { Scalar($0) }, labelSmoothing: labelSmoothing)(
                input, targets: target.scalars.map { Int($0) })
        case .bceWithLogits: try BCEWithLogitsLoss<Scalar>()(input, target)
        case .bce: try BCELoss<Scalar>()(input, target)
        case .mse: try MSELoss<Scalar>()(input, target)
        }
    }

    /// The magnitude relative to which the loss's rounding error is bounded (0: the loss itself).
    func lossScale(input: [Double]) -> Double {
        kind == .crossEntropy || kind == .bceWithLogits ? largestMagnitude(input) : 0
    }

    /// The magnitude relative to which each gradient element's error is bounded (0: the element itself).
    /// Weighted cross-entropy's elements are (m·softmax − w-shares)/W instead of (softmax − q)/N: the largest weight
    /// (at least 1, the smoothing part's size) over W = Σₙ w[tₙ] in place of 1/N.
    func gradientScale(input: Tensor<Double>, target: Tensor<Double>) -> Double {
        switch kind {
        case .crossEntropy:
            if let w = classWeights {
                max(1, largestMagnitude(input.scalars)) * max(1, w.max()!) / target.scalars.reduce(0) { $0 + w[Int($1)] }
            } else {
                max(1, largestMagnitude(input.scalars)) / Double(input.shape[0])
            }
        case .bceWithLogits: 1 / Double(input.count)
        case .bce, .mse: 0
        }
    }
}

@Suite("Losses against PyTorch (losses.json)")
struct LossFixtureTests {
    let fixture: Fixture

    init() throws { fixture = try Fixture.load("losses.json") }

    @Test(arguments: LossCase.all)
    func valueAndGradientMatchPyTorch(_ lossCase: LossCase) throws {
        let stored = try fixture.case(lossCase.name)
        #expect(stored.config["label_smoothing"] ?? 0 == lossCase.labelSmoothing, "the fixture's ε is the case's")
        #expect(lossCase.classWeights == nil || (try? stored.values("weight")) == lossCase.classWeights,
                "the fixture's class weights are the case's")
        let input = try stored.tensor("input")
        let target = try stored.tensor("target")
        let result = try lossCase.evaluate(input, target: target)
        let count = lossCase.kind == .crossEntropy ? input.shape[0] : input.count
        expectClose(result.value, try stored.scalar("loss"),
                    tolerance: roundingTolerance(operations: lossCase.lossOperations + count),
                    scale: lossCase.lossScale(input: input.scalars), "\(lossCase.name) loss")
        #expect(result.gradient.shape == input.shape)
        expectClose(result.gradient.scalars, try stored.values("grad_input"),
                    tolerance: roundingTolerance(operations: lossCase.gradientOperations),
                    scale: lossCase.gradientScale(input: input, target: target), "\(lossCase.name) gradient")
    }

    /// Central differences in Double: (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h = ∂L/∂xᵢ + (h²/6)·∂³L/∂xᵢ³ + rounding.
    /// With h = 1e-5 the truncation term is below 1e-10 · |L'''|/6 (|L'''| < 100 for these inputs, whose
    /// probabilities stay in [0.05, 0.95]) and the rounding term below ε·|L|/h ≈ 2e-11·|L| (|L| < 5), so 1e-7
    /// leaves a factor of 10 over the larger of the two and still catches any wrong formula (errors of order 1/n).
    @Test(arguments: LossCase.all.filter { !$0.clamped })
    func gradientMatchesCentralDifferences(_ lossCase: LossCase) throws {
        let stored = try fixture.case(lossCase.name)
        let input = try stored.tensor("input")
        let target = try stored.tensor("target")
        let analytic = try lossCase.evaluate(input, target: target).gradient.scalars
        let h = 1e-5
        var numeric: [Double] = []
        for i in input.scalars.indices {
            var plus = input, minus = input
            plus.scalars[i] += h
            minus.scalars[i] -= h
            let difference = try lossCase.evaluate(plus, target: target).value
                - lossCase.evaluate(minus, target: target).value
            numeric.append(difference / (2 * h))
        }
        // The large-logit case has |L| ≈ 870, so its rounding term is ≈ 2e-8: still below 1e-7 with a margin of 5.
        expectClose(analytic, numeric, tolerance: 1e-7, scale: 1, "\(lossCase.name) central differences")
    }

    /// The same loss in Float and in Double, on the same (Float-representable) inputs, differ only by Float's
    /// rounding: the bound of `valueAndGradientMatchPyTorch` with Float's ε (2⁻²³ instead of 2⁻⁵²).
    @Test(arguments: LossCase.all)
    func floatAgreesWithDouble(_ lossCase: LossCase) throws {
        let stored = try fixture.case(lossCase.name)
        let inputFloat = try stored.tensor("input", as: Float.self)
        let targetFloat = try stored.tensor("target", as: Float.self)
        let input = inputFloat.converted(to: Double.self)
        let double = try lossCase.evaluate(input, target: targetFloat.converted(to: Double.self))
        let float = try lossCase.evaluate(inputFloat, target: targetFloat)
        let count = lossCase.kind == .crossEntropy ? input.shape[0] : input.count
        expectClose(Double(float.value), double.value,
                    tolerance: roundingTolerance(operations: lossCase.lossOperations + count, for: Float.self),
                    scale: lossCase.lossScale(input: input.scalars), "\(lossCase.name) Float loss")
        expectClose(float.gradient.converted(to: Double.self).scalars, double.gradient.scalars,
                    tolerance: roundingTolerance(operations: lossCase.gradientOperations, for: Float.self),
                    scale: lossCase.gradientScale(input: input, target: targetFloat.converted(to: Double.self)),
                    "\(lossCase.name) Float gradient")
    }
}

@Suite("Losses: closed forms and errors")
struct LossBehaviourTests {
    /// Uniform logits over C classes: softmax is 1/C everywhere, so L = log C exactly in real arithmetic.
    @Test func crossEntropyOfUniformLogitsIsLogC() throws {
        let result = try CrossEntropyLoss<Double>()(Tensor(shape: [3, 4], repeating: 7), targets: [0, 3, 1])
        // log(4) after one log and a 3-term mean: a few ulps.
        #expect(abs(result.value - log(4.0)) <= 8 * Double.ulpOfOne * log(4.0))
        #expect(abs(result.gradient[1, 3] - (0.25 - 1) / 3) <= 8 * Double.ulpOfOne)
    }

    /// Uniform logits with label smoothing ε: the loss is still log C (−Σ_c q_c log(1/C) = log C for any q that
    /// sums to 1), and the gradient (1/C − q)/N is (1 − ε)(1/C − 1)/N at the target and (1 − ε)/(CN) elsewhere:
    /// smoothing shrinks the pull towards the target by 1 − ε.
    @Test func labelSmoothingOnUniformLogits() throws {
        let (epsilon, classes, batch) = (0.2, 4.0, 3.0)
        let result = try CrossEntropyLoss<Double>(labelSmoothing: epsilon)(Tensor(shape: [3, 4], repeating: 7),
                                                                           targets: [0, 3, 1])
        // log(4) after a log, C·lse − Σz (both 28 + log 4, so the smoothing term is exact up to a few ulps of 28)
        // and a 3-term mean: 64 ulps of log 4 leave room for the cancellation of 28s.
        #expect(abs(result.value - log(classes)) <= 64 * Double.ulpOfOne * log(classes))
        #expect(abs(result.gradient[1, 3] - (1 - epsilon) * (1 / classes - 1) / batch) <= 8 * Double.ulpOfOne)
        #expect(abs(result.gradient[1, 0] - (1 - epsilon) / (classes * batch)) <= 8 * Double.ulpOfOne)
    }

    /// Without label smoothing a weighted cross-entropy is the weighted average of the samples' own losses:
    /// L = Σₙ w[tₙ] ℓₙ / Σₙ w[tₙ], each ℓₙ the unweighted loss of row n alone (a batch of one). The gradient of row
    /// n is w[tₙ]/W times that row's own (softmax − onehot). A 2-sample mean and a few products: 16 ulps.
    @Test func weightedCrossEntropyIsTheWeightedMeanOfTheSamplesLosses() throws {
        let logits = Tensor<Double>(shape: [3, 3], scalars: [1.5, -0.3, 0.2, 0.1, 2.2, -1.0, -0.4, 0.0, 0.9])
        let (targets, weight) = ([2, 0, 2], [4.0, 1.0, 0.25])
        let weighted = try CrossEntropyLoss<Double>(weight: weight)(logits, targets: targets)
        let rows = try (0..<3).map { n in
            try CrossEntropyLoss<Double>()(Tensor(shape: [1, 3], scalars: Array(logits.scalars[3 * n ..< 3 * n + 3])),
                                           targets: [targets[n]])
        }
        let totalWeight = targets.reduce(0) { $0 + weight[$1] }   // 0.25 + 4 + 0.25 = 4.5
        let expected = zip(targets, rows).reduce(0) { $0 + weight[$1.0] * $1.1.value } / totalWeight
        #expect(abs(weighted.value - expected) <= 16 * Double.ulpOfOne * expected)
        for n in 0..<3 {
            for c in 0..<3 {
                // Relative to the row's share w[tₙ]/W, the size of the two terms (softmax and onehot) that cancel.
                let share = weight[targets[n]] / totalWeight
                let row = share * rows[n].gradient[0, c]
                #expect(abs(weighted.gradient[n, c] - row) <= 16 * Double.ulpOfOne * share)
            }
        }
    }

    /// Unit weights are no weights, bit for bit (in Float, with label smoothing): the recorded runs of every
    /// unweighted recipe stay what they were.
    @Test func unitWeightsGiveTheUnweightedBits() throws {
        let logits = Tensor<Float>(shape: [4, 5], scalars: (0..<20).map { Float(sin(0.37 * Double($0) + 0.1) * 3) })
        let targets = [1, 4, 2, 0]
        for epsilon in [0, 0.1] {
            let plain = try CrossEntropyLoss<Float>(labelSmoothing: epsilon)(logits, targets: targets)
            let unit = try CrossEntropyLoss<Float>(weight: [1, 1, 1, 1, 1], labelSmoothing: epsilon)(logits, targets: targets)
            #expect(plain.value.bitPattern == unit.value.bitPattern, "ε = \(epsilon)")
            #expect(plain.gradient.scalars.map(\.bitPattern) == unit.gradient.scalars.map(\.bitPattern), "ε = \(epsilon)")
        }
    }

    @Test func weightsMustBeOnePerClass() {
        let error = #expect(throws: LossError.self) {
            try CrossEntropyLoss<Float>(weight: [1, 2])(Tensor(shape: [2, 3]), targets: [0, 1])
        }
        #expect(error?.description == "CrossEntropyLoss: 2 class weights for 3 classes: give one per class")
    }

    /// PyTorch clamps each log at −100: p = 0 with y = 1 costs exactly 100 (not infinity).
    @Test func bceClampsTheLogAtMinus100() throws {
        let result = try BCELoss<Double>()(Tensor(shape: [1], scalars: [0]), Tensor(shape: [1], scalars: [1]))
        #expect(result.value == 100)
        #expect(result.gradient.scalars[0].isFinite)
    }

    /// For z = ±1000 a naive log(1 + exp(−z)) overflows; the stable form gives 0 and 1000.
    @Test func bceWithLogitsIsStableForHugeLogits() throws {
        let result = try BCEWithLogitsLoss<Double>()(Tensor(shape: [2], scalars: [1000, -1000]),
                                                     Tensor(shape: [2], scalars: [1, 1]))
        #expect(result.value == 500)   // (0 + 1000) / 2, every step exact
        #expect(result.gradient.scalars == [0, -0.5])
    }

    @Test func shapeMismatchNamesTheLossAndBothShapes() {
        let input = Tensor<Float>(shape: [4, 3])
        let target = Tensor<Float>(shape: [4, 2])
        for (name, call) in [("MSELoss", { _ = try MSELoss<Float>()(input, target) }),
                             ("BCELoss", { _ = try BCELoss<Float>()(input, target) }),
                             ("BCEWithLogitsLoss", { _ = try BCEWithLogitsLoss<Float>()(input, target) })] {
            let error = #expect(throws: LossError.self) { try call() }
            #expect(error?.description == "\(name): input 4×3 and target 4×2 do not fit: they must have the same shape")
        }
        let error = #expect(throws: LossError.self) {
            try CrossEntropyLoss<Float>()(Tensor(shape: [4, 3]), targets: [0, 1])
        }
        #expect(error?.description.hasPrefix("CrossEntropyLoss: input 4×3 and target 2 do not fit") == true)
    }

    @Test func invalidTargetsAndProbabilitiesAreRejected() {
        #expect(throws: LossError.classIndexOutOfRange(loss: "CrossEntropyLoss", position: 1, index: 3, classes: 3)) {
            try CrossEntropyLoss<Double>()(Tensor(shape: [2, 3]), targets: [0, 3])
        }
        #expect(throws: LossError.self) {
            try BCELoss<Double>()(Tensor(shape: [2], scalars: [0.5, 1.5]), Tensor(shape: [2]))
        }
        #expect(throws: LossError.self) {
            try BCELoss<Double>()(Tensor(shape: [1], scalars: [.nan]), Tensor(shape: [1]))
        }
        #expect(throws: LossError.self) { try MSELoss<Double>()(Tensor(shape: [0]), Tensor(shape: [0])) }
    }

    /// The loss reuses its gradient buffer, but a result kept across calls keeps its own values (copy-on-write).
    @Test func aKeptResultIsNotOverwrittenByTheNextCall() throws {
        let loss = MSELoss<Double>()
        let target = Tensor<Double>(shape: [2], scalars: [0, 0])
        let first = try loss(Tensor(shape: [2], scalars: [1, 2]), target)
        let second = try loss(Tensor(shape: [2], scalars: [3, 4]), target)
        #expect(first.gradient.scalars == [1, 2])    // 2(x − 0)/2, exact
        #expect(second.gradient.scalars == [3, 4])
    }
}
