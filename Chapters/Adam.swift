import Foundation
import Plotting

/// §4.2 优化算法：Adam, on §4.1's problem J(w) = (3w − 6)², w₀ = 1, with the article's α = 0.001, β₁ = 0.9,
/// β₂ = 0.999 and ε = 1e-8 (Kingma & Ba 2015; the article omits ε).
///
///     m_t = β₁·m_{t−1} + (1 − β₁)·g_t          m̂_t = m_t / (1 − β₁ᵗ)
///     v_t = β₂·v_{t−1} + (1 − β₂)·g_t²         v̂_t = v_t / (1 − β₂ᵗ)
///     w_t = w_{t−1} − α·m̂_t / (√v̂_t + ε)
///
/// The article's last line updates with m_t/√v_t instead (erratum 2): at t = 1, m₁ = (1 − β₁)g₁ and
/// √v₁ = √(1 − β₂)|g₁|, so its first step is α(1 − β₁)/√(1 − β₂) ≈ 3.16α, where the corrected one is ≈ α.
public enum Adam {
    public struct Hyperparameters: Sendable, Equatable {
        public var learningRate: Double
        public var beta1: Double
        public var beta2: Double
        public var epsilon: Double

        public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
        }

        /// The article's values (and PyTorch's defaults).
        public static let article = Hyperparameters()
    }

    /// Which update rule.
    public enum Variant: String, Sendable, CaseIterable {
        /// w ← w − α·m̂/(√v̂ + ε): Kingma & Ba, and torch.optim.Adam.
        case biasCorrected = "Adam"
        /// w ← w − α·m/√v: the article's last line (no bias correction, no ε).
        case articleUncorrected = "Adam without bias correction (the article's m/√v)"
    }

    /// Every term of one step, for narration and tests.
    public struct StepTerms: Sendable, Equatable {
        public var t: Int
        public var gradient: Double
        public var m: Double
        public var v: Double
        public var mHat: Double
        public var vHat: Double
        /// Δw = w_t − w_{t−1}.
        public var change: Double
    }

    /// Adam's state for one coordinate: the step count and the two moments.
    public struct Moments: Sendable, Equatable {
        public var hyperparameters: Hyperparameters
        public var variant: Variant
        public private(set) var t = 0
        public private(set) var m = 0.0
        public private(set) var v = 0.0

        public init(_ hyperparameters: Hyperparameters, variant: Variant = .biasCorrected) {
            self.hyperparameters = hyperparameters
            self.variant = variant
        }

        /// Takes one step with gradient `g`; returns every term, including the change Δw to add to the weight.
        public mutating func step(gradient g: Double) -> StepTerms {
            let h = hyperparameters
            t += 1
            m = h.beta1 * m + (1 - h.beta1) * g
            v = h.beta2 * v + (1 - h.beta2) * g * g
            let mHat = m / (1 - pow(h.beta1, Double(t)))
            let vHat = v / (1 - pow(h.beta2, Double(t)))
            let change: Double
            switch variant {
            case .biasCorrected: change = -h.learningRate * mHat / (vHat.squareRoot() + h.epsilon)
            case .articleUncorrected: change = -h.learningRate * m / v.squareRoot()
            }
            return StepTerms(t: t, gradient: g, m: m, v: v, mHat: mHat, vHat: vHat, change: change)
        }
    }

    /// The first `steps` steps on a one-parameter problem: terms[k] is step k + 1, weights[k] is w_k.
    public static func run(_ problem: GradientDescent.Problem, _ hyperparameters: Hyperparameters = .article,
                           variant: Variant = .biasCorrected, steps: Int) -> (weights: [Double], terms: [StepTerms]) {
        var moments = Moments(hyperparameters, variant: variant)
        var weights = [problem.initialWeight]
        var terms: [StepTerms] = []
        for _ in 0..<steps {
            let step = moments.step(gradient: problem.gradient(weights[weights.count - 1]))
            terms.append(step)
            weights.append(weights[weights.count - 1] + step.change)
        }
        return (weights, terms)
    }

    /// The first step in closed form. With m₀ = v₀ = 0: m̂₁ = g₁ and v̂₁ = g₁², so the corrected step is
    /// −α·g₁/(|g₁| + ε); the article's step is −α(1 − β₁)g₁/(√(1 − β₂)|g₁|) = −α(1 − β₁)/√(1 − β₂)·sign(g₁).
    public static func firstStepClosedForm(gradient g: Double, _ h: Hyperparameters, variant: Variant) -> Double {
        switch variant {
        case .biasCorrected: return -h.learningRate * g / (abs(g) + h.epsilon)
        case .articleUncorrected: return -h.learningRate * (1 - h.beta1) / (1 - h.beta2).squareRoot() * (g > 0 ? 1 : -1)
        }
    }

    // MARK: The ill-conditioned 2-D problem

    /// f(u, v) = ½(u² + κv²) with κ = 100: curvature 1 along u, 100 along v. Gradient descent must keep
    /// α < 2/κ = 0.02 for v, so u shrinks by at most (1 − α) per step; Adam scales each coordinate by its own √v̂.
    public struct Valley: Sendable {
        public var condition = 100.0
        public var start = (u: -4.0, v: 1.0)
        public init() {}
        public func value(_ u: Double, _ v: Double) -> Double { 0.5 * (u * u + condition * v * v) }
        public func gradient(_ u: Double, _ v: Double) -> (Double, Double) { (u, condition * v) }
    }

    public static let valley = Valley()
    /// GD's rate just below its stability limit 2/κ; Adam's rate, the same for both Adam variants.
    public static let valleyRates = (gradientDescent: 0.019, adam: 0.1)
    public static let valleySteps = 150

    /// The path of gradient descent (`variant` nil) or an Adam variant on the valley: points (u_t, v_t).
    public static func valleyPath(variant: Variant?, steps: Int = valleySteps) -> [(u: Double, v: Double)] {
        var point = valley.start
        var path = [point]
        var moments = (Moments(Hyperparameters(learningRate: valleyRates.adam), variant: variant ?? .biasCorrected),
                       Moments(Hyperparameters(learningRate: valleyRates.adam), variant: variant ?? .biasCorrected))
        for _ in 0..<steps {
            let (gu, gv) = valley.gradient(point.u, point.v)
            if variant == nil {
                point = (point.u - valleyRates.gradientDescent * gu, point.v - valleyRates.gradientDescent * gv)
            } else {
                point = (point.u + moments.0.step(gradient: gu).change, point.v + moments.1.step(gradient: gv).change)
            }
            path.append(point)
        }
        return path
    }

    /// The first t from which |w − w*| stays below `tolerance` to the end of `weights`; nil if it never does.
    public static func settlingStep(_ weights: [Double], optimum: Double, tolerance: Double) -> Int? {
        guard let last = weights.lastIndex(where: { abs($0 - optimum) >= tolerance }) else { return 0 }
        return last + 1 < weights.count ? last + 1 : nil
    }
}

/// The options of `workbook adam`.
public struct AdamOptions: StepOptions, Equatable {
    public var hyperparameters = Adam.Hyperparameters.article
    public var steps = 5000
    public var spelledOut = 3

    public init() {}

    public func validate() throws {
        let h = hyperparameters
        guard h.learningRate.isFinite, h.learningRate > 0 else {
            throw OptionError("--learning-rate must be a positive finite number, got \(h.learningRate)")
        }
        for (name, beta) in [("--beta1", h.beta1), ("--beta2", h.beta2)] where !(beta >= 0 && beta < 1) {
            throw OptionError("\(name) must be in [0, 1), got \(beta)")
        }
        guard h.epsilon.isFinite, h.epsilon >= 0 else { throw OptionError("--epsilon must be ≥ 0, got \(h.epsilon)") }
        guard (1...1_000_000).contains(steps) else { throw OptionError("--steps must be between 1 and 1000000, got \(steps)") }
        guard (0...steps).contains(spelledOut) else {
            throw OptionError("--spelled-out must be between 0 and --steps (\(steps)), got \(spelledOut)")
        }
    }
}

/// `workbook adam`: §4.2 narrated.
public enum AdamStep: ConfigurableStep {
    public static let command = "adam"
    public static let section = ArticleSection.adam
    public static let abstract = "§4.2: Adam on §4.1's problem: m, v, m̂, v̂ and w per step; the article's uncorrected update; GD vs Adam."
    public static let discussion = """
        Runs Adam (α = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8) on J(w) = (3w − 6)² from w₀ = 1 and prints g_t, m_t, \
        v_t, m̂_t, v̂_t, the update and w_t for the first steps with every term, then later steps. Erratum 2: the \
        article's last line w₁ = w₀ − 0.001·m₁/√v₁ (no bias correction, no ε) makes the first step \
        α(1 − β₁)/√(1 − β₂) ≈ 3.16α instead of ≈ α. Charts (Plots/4.2-adam/): the effective step |Δw_t|/α with and \
        without bias correction; w_t for gradient descent (α = 0.01), Adam and uncorrected Adam; their paths on an \
        ill-conditioned valley f(u, v) = ½(u² + 100v²) over its contour lines.
        """

    public static let errataChecks = [
        ErratumCheck(erratum: 2) {
            let h = Adam.Hyperparameters.article
            let g = GradientDescent.article.gradient(GradientDescent.article.initialWeight)
            let article = Adam.run(GradientDescent.article, h, variant: .articleUncorrected, steps: 1).terms[0].change
            let correct = Adam.run(GradientDescent.article, h, variant: .biasCorrected, steps: 1).terms[0].change
            return ErratumEvidence(
                articleValue: "Δw₁ = −0.001·m₁/√v₁ = \(format(article)) = \(format(article / h.learningRate, digits: 5))α",
                correctValue: "Δw₁ = −0.001·m̂₁/(√v̂₁ + ε) = \(format(correct)) = \(format(correct / h.learningRate, digits: 5))α",
                confirmed: abs(article / correct) > 3,
                explanation: "g₁ = \(format(g)): without bias correction the first step is (1 − β₁)/√(1 − β₂) = \(format((1 - h.beta1) / (1 - h.beta2).squareRoot(), digits: 5)) times α")
        },
    ]

    public static func run(_ options: AdamOptions, in context: RunContext) throws {
        try options.validate()
        let h = options.hyperparameters, problem = GradientDescent.article
        context.parameters(["learning rate": h.learningRate, "beta1": h.beta1, "beta2": h.beta2, "epsilon": h.epsilon,
                            "x": problem.x, "y": problem.y, "w0": problem.initialWeight])
        context.parameter("steps", .integer(options.steps))

        context.heading("The problem and the rule")
        context.say("J(w) = (3w − 6)² (§4.1 with x = 3, y = 6), g = J′(w) = 18w − 36, w₀ = 1, w* = 2")
        context.say("α = \(format(h.learningRate)), β₁ = \(format(h.beta1)), β₂ = \(format(h.beta2)), ε = \(format(h.epsilon)) (the article omits ε), m₀ = v₀ = 0")
        context.say("m_t = β₁m_{t−1} + (1−β₁)g_t,  v_t = β₂v_{t−1} + (1−β₂)g_t²,  m̂_t = m_t/(1−β₁ᵗ),  v̂_t = v_t/(1−β₂ᵗ),  w_t = w_{t−1} − α·m̂_t/(√v̂_t + ε)")

        let adam = Adam.run(problem, h, variant: .biasCorrected, steps: options.steps)
        let uncorrected = Adam.run(problem, h, variant: .articleUncorrected, steps: options.steps)
        context.heading("The first steps, every term")
        var previous = (m: 0.0, v: 0.0)
        for k in 0..<options.spelledOut {
            let s = adam.terms[k], t = s.t, i = subscriptDigits(t), p = subscriptDigits(t - 1)
            let w = adam.weights[k]
            context.say("t = \(t):  g\(i) = 18·\(format(w, digits: 10)) − 36 = \(format(s.gradient, digits: 10))")
            context.say("  m\(i) = \(format(h.beta1))·\(format(previous.m, digits: 8)) + \(format(1 - h.beta1))·(\(format(s.gradient, digits: 8))) = \(format(s.m, digits: 10))")
            context.say("  v\(i) = \(format(h.beta2))·\(format(previous.v, digits: 8)) + \(format(1 - h.beta2))·(\(format(s.gradient, digits: 8)))² = \(format(s.v, digits: 10))")
            context.say("  m̂\(i) = \(format(s.m, digits: 10))/(1 − \(format(h.beta1))^\(t)) = \(format(s.m, digits: 10))/\(format(1 - pow(h.beta1, Double(t)), digits: 8)) = \(format(s.mHat, digits: 10))")
            context.say("  v̂\(i) = \(format(s.v, digits: 10))/(1 − \(format(h.beta2))^\(t)) = \(format(s.v, digits: 10))/\(format(1 - pow(h.beta2, Double(t)), digits: 8)) = \(format(s.vHat, digits: 10))")
            context.say("  Δw = −α·m̂\(i)/(√v̂\(i) + ε) = −\(format(h.learningRate))·(\(format(s.mHat, digits: 10)))/(\(format(s.vHat.squareRoot(), digits: 10)) + \(format(h.epsilon))) = \(format(s.change, digits: 10))")
            context.say("  w\(i) = w\(p) + Δw = \(format(w, digits: 12)) + \(format(s.change, digits: 10)) = \(format(adam.weights[k + 1], digits: 12))")
            previous = (s.m, s.v)
        }
        let later = [10, 100, 1000, 2000, 3000, 5000, 10000].filter { $0 <= options.steps }
        context.heading("Later steps")
        context.say(table(["t", "g_t", "m_t", "v_t", "m̂_t", "v̂_t", "Δw_t/α", "w_t"], later.map { t in
            let s = adam.terms[t - 1]
            return ["\(t)", format(s.gradient, digits: 5), format(s.m, digits: 5), format(s.v, digits: 5),
                    format(s.mHat, digits: 5), format(s.vHat, digits: 5), format(s.change / h.learningRate, digits: 4),
                    format(adam.weights[t], digits: 10)]
        }))
        context.say("While g keeps its sign, m̂_t/√v̂_t ≈ g/|g| = ±1: Adam moves about α per step whatever the gradient's size,")
        context.say("so from w₀ = 1 to w* = 2 at α = \(format(h.learningRate)) it needs on the order of 1/α = \(format(1 / h.learningRate)) steps.")
        context.result("w1", .number(adam.weights[1]))
        context.result("first step / alpha", .number(adam.terms[0].change / h.learningRate))

        context.heading("Erratum 2: the article's last line")
        let first = uncorrected.terms[0]
        context.say("The article ends with  w₁ = w₀ − 0.001·m₁/√v₁  — m and v without hats, and no ε, right after defining m̂ and v̂.")
        context.say("  m₁ = (1 − β₁)g₁ = \(format(first.m)),  √v₁ = √(1 − β₂)·|g₁| = \(format(first.v.squareRoot()))")
        context.say("  m₁/√v₁ = (1 − β₁)/√(1 − β₂)·sign(g₁) = \(format(first.m / first.v.squareRoot(), digits: 8)):  w₁ = \(format(uncorrected.weights[1], digits: 10)),  a step of \(format(first.change / h.learningRate, digits: 5))α")
        context.say("  corrected: m̂₁/(√v̂₁ + ε) = g₁/(|g₁| + ε) = \(format(adam.terms[0].mHat / (adam.terms[0].vHat.squareRoot() + h.epsilon), digits: 12)):  w₁ = \(format(adam.weights[1], digits: 12)),  a step of \(format(adam.terms[0].change / h.learningRate, digits: 12))α")
        context.say("Bias correction exists for exactly this: m₀ = v₀ = 0 bias both moments toward 0, √v more than m, early on.")
        context.result("erratum 2: article's first step / alpha", .number(first.change / h.learningRate))

        try compareTrajectories(adam: adam.weights, uncorrected: uncorrected.weights, options: options, in: context)
        try drawEffectiveSteps(adam: adam.terms, uncorrected: uncorrected.terms, h: h, in: context)
        try drawValley(in: context)
    }

    // MARK: Charts

    private static func compareTrajectories(adam: [Double], uncorrected: [Double], options: AdamOptions,
                                            in context: RunContext) throws {
        let problem = GradientDescent.article
        let gd = GradientDescent.trajectory(problem, learningRate: GradientDescent.articleLearningRate, iterations: options.steps)
        let runs = [("gradient descent, α = 0.01", gd), ("Adam, α = \(format(options.hyperparameters.learningRate))", adam),
                    ("Adam without bias correction", uncorrected)]
        context.heading("How many steps to reach w* = 2 (of \(options.steps))")
        let tolerances = [1e-2, 1e-3, 1e-6]
        context.say(table(["optimizer"] + tolerances.map { "|w − w*| < \(format($0))" } + ["w_T"], runs.map { name, weights in
            [name] + tolerances.map { tolerance in
                Adam.settlingStep(weights, optimum: problem.optimum, tolerance: tolerance).map { "t = \($0)" } ?? "not within T"
            } + [format(weights[options.steps], digits: 12)]
        }))
        for (name, weights) in runs {
            if let t = Adam.settlingStep(weights, optimum: problem.optimum, tolerance: 1e-6) {
                context.result("steps to 1e-6: \(name)", .integer(t))
            }
        }
        let steps = (0...options.steps).map(Double.init)
        try context.draw(Chart(
            name: "weight-vs-step", title: context.chartTitle("w_t 随步数：梯度下降、Adam、无偏差校正的 Adam"),
            content: .series(runs.map { name, weights in Series(name, x: Array(steps.dropFirst()), y: Array(weights.dropFirst())) }),
            xAxis: Axis("step t", logarithmic: true), yAxis: Axis("w_t"),
            horizontalMarkers: [Marker(at: problem.optimum, "w* = 2")], legendPosition: "top left"))
    }

    private static func drawEffectiveSteps(adam: [Adam.StepTerms], uncorrected: [Adam.StepTerms],
                                           h: Adam.Hyperparameters, in context: RunContext) throws {
        let steps = adam.map { Double($0.t) }
        context.heading("Effective step |Δw_t|/α")
        let shown = [1, 2, 3, 5, 10, 30, 100, 300, 1000].filter { $0 <= adam.count }
        context.say(table(["t"] + shown.map(String.init), [
            ["Adam"] + shown.map { format(abs(adam[$0 - 1].change) / h.learningRate, digits: 4) },
            ["uncorrected"] + shown.map { format(abs(uncorrected[$0 - 1].change) / h.learningRate, digits: 4) },
        ]))
        if let peak = uncorrected.max(by: { abs($0.change) < abs($1.change) }) {
            context.say("Without correction the step peaks at \(format(abs(peak.change) / h.learningRate, digits: 4))α at t = \(peak.t): (1 − β₁ᵗ)/√(1 − β₂ᵗ) overshoots while v_t is still warming up.")
            context.result("uncorrected peak step / alpha", .number(abs(peak.change) / h.learningRate))
        }
        try context.draw(Chart(
            name: "effective-step", title: context.chartTitle("有效步长 |Δw_t|/α：有无偏差校正"),
            content: .series([
                Series("Adam (m̂/(√v̂ + ε))", x: steps, y: adam.map { abs($0.change) / h.learningRate }),
                Series("without bias correction (m/√v)", x: steps, y: uncorrected.map { abs($0.change) / h.learningRate }),
            ]),
            xAxis: Axis("step t", logarithmic: true), yAxis: Axis("|Δw_t| / α", logarithmic: true, range: 1e-3...30),
            horizontalMarkers: [Marker(at: (1 - h.beta1) / (1 - h.beta2).squareRoot(), "(1−β₁)/√(1−β₂) ≈ 3.16")],
            legendPosition: "bottom left"))
    }

    private static func drawValley(in context: RunContext) throws {
        let valley = Adam.valley, rates = Adam.valleyRates
        context.heading("An ill-conditioned valley: f(u, v) = (u² + \(format(valley.condition))v²)/2 from (\(format(valley.start.u)), \(format(valley.start.v)))")
        context.say("Gradient descent must keep α < 2/\(format(valley.condition)) = \(format(2 / valley.condition)) or v diverges; at α = \(format(rates.gradientDescent)) u shrinks only by (1 − α) per step.")
        context.say("Adam divides each coordinate by its own √v̂, so both move at about α = \(format(rates.adam)) per step.")
        let paths: [(String, [(u: Double, v: Double)])] = [
            ("gradient descent, α = \(format(rates.gradientDescent))", Adam.valleyPath(variant: nil)),
            ("Adam, α = \(format(rates.adam))", Adam.valleyPath(variant: .biasCorrected)),
            ("Adam without bias correction, α = \(format(rates.adam))", Adam.valleyPath(variant: .articleUncorrected)),
        ]
        let shown = [10, 20, 50, 100, Adam.valleySteps]
        context.say(table(["optimizer"] + shown.map { "f after \($0)" }, paths.map { name, path in
            [name] + shown.map { format(valley.value(path[$0].u, path[$0].v), digits: 3) }
        }))
        for (name, path) in paths {
            context.result("valley f after \(Adam.valleySteps): \(name)", .number(valley.value(path[Adam.valleySteps].u, path[Adam.valleySteps].v)))
        }
        let us = stride(from: -4.5, through: 2, by: 0.05).map { $0 }
        let vs = stride(from: -1.2, through: 1.2, by: 0.02).map { $0 }
        try context.draw(Chart(
            name: "valley-paths", title: context.chartTitle("病态二维问题 f(u,v) = (u² + 100v²)/2 上的路径，\(Adam.valleySteps) 步"),
            content: .contour(ContourMap(x: us, y: vs, levels: [0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32, 64], function: valley.value),
                              paths: paths.map { name, path in Series(name, x: path.map(\.u), y: path.map(\.v), style: .linesPoints) }),
            xAxis: Axis("u", range: -4.5...2), yAxis: Axis("v", range: -1.2...1.2), legendPosition: "bottom right"))
    }
}
