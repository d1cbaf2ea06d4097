import Foundation
import Plotting

/// §4.1 梯度下降（Gradient Descent）: the article's example J(w) = (w·x − y)², α = 0.01, w₀ = 1, computed.
///
/// The article gives no x and y; the workbook takes x = 3, y = 6, so the optimum is w* = y/x = 2.
/// One step is w ← w − α·J′(w) with J′(w) = 2x(wx − y), so the error w − w* shrinks by the constant factor
/// r = 1 − 2αx² each step: w_t = w* + rᵗ(w₀ − w*). It converges exactly when |r| < 1, i.e. 0 < α < 1/x².
public enum GradientDescent {
    /// J(w) = (w·x − y)² for one sample (x, y), started at w₀.
    public struct Problem: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var initialWeight: Double

        public init(x: Double, y: Double, initialWeight: Double) {
            self.x = x
            self.y = y
            self.initialWeight = initialWeight
        }

        /// w* = y/x, where J(w*) = 0.
        public var optimum: Double { y / x }
        public func loss(_ w: Double) -> Double { (w * x - y) * (w * x - y) }
        /// J′(w) = 2x(wx − y).
        public func gradient(_ w: Double) -> Double { 2 * x * (w * x - y) }
        /// The largest stable learning rate: 1/x² (there r = −1 and w oscillates for ever).
        public var stabilityLimit: Double { 1 / (x * x) }
    }

    /// The article's example with the workbook's x = 3, y = 6: w* = 2.
    public static let article = Problem(x: 3, y: 6, initialWeight: 1)
    /// The article's learning rate.
    public static let articleLearningRate = 0.01

    /// w₀, w₁, …, w_T of plain gradient descent.
    public static func trajectory(_ problem: Problem, learningRate: Double, iterations: Int) -> [Double] {
        descend(from: problem.initialWeight, learningRate: learningRate, iterations: iterations, gradient: problem.gradient)
    }

    /// w₀, w₁, …, w_T of w ← w − α·J′(w) for any one-parameter J.
    public static func descend(from initialWeight: Double, learningRate: Double, iterations: Int,
                               gradient: (Double) -> Double) -> [Double] {
        var weights = [initialWeight]
        weights.reserveCapacity(iterations + 1)
        for _ in 0..<iterations {
            let w = weights[weights.count - 1]
            weights.append(w - learningRate * gradient(w))
        }
        return weights
    }

    /// The factor by which each step multiplies the error w − w*: r = 1 − 2αx².
    public static func contractionFactor(_ problem: Problem, learningRate: Double) -> Double {
        1 - 2 * learningRate * problem.x * problem.x
    }

    /// w_t = w* + (1 − 2αx²)ᵗ (w₀ − w*).
    public static func closedForm(_ problem: Problem, learningRate: Double, step t: Int) -> Double {
        problem.optimum + pow(contractionFactor(problem, learningRate: learningRate), Double(t))
            * (problem.initialWeight - problem.optimum)
    }

    /// The article's first iteration exactly as printed, "w₁ = 1 − 0.01·2x − y" (erratum 1), evaluated as written.
    public static func articleFirstStepAsPrinted(x: Double, y: Double) -> Double {
        1 - 0.01 * 2 * x - y
    }

    /// What a learning rate does, from |r| alone.
    public enum Behaviour: String, Sendable {
        case oneStep = "reaches w* in one step (r = 0)"
        case converges = "converges (|r| < 1)"
        case oscillates = "oscillates for ever (r = −1)"
        case diverges = "diverges (|r| > 1)"
    }

    public static func behaviour(contractionFactor r: Double) -> Behaviour {
        if r == 0 { return .oneStep }
        if abs(r) < 1 { return .converges }
        return abs(r) == 1 ? .oscillates : .diverges
    }

    // MARK: Several samples: the bridge to §4.4's MSE

    /// Linear regression through the origin on n points with the MSE of §4.4: J(w) = (1/n) Σ (w·xᵢ − yᵢ)².
    /// J′(w) = 2(w·m₂ − m_xy) with the moments m₂ = mean(x²), m_xy = mean(x·y): the same recursion as one sample
    /// with x² replaced by m₂, so r = 1 − 2α·m₂ and it converges exactly for 0 < α < 1/m₂.
    public struct Regression: Sendable {
        public var x: [Double]
        public var y: [Double]
        public var initialWeight: Double

        public init(x: [Double], y: [Double], initialWeight: Double) {
            self.x = x
            self.y = y
            self.initialWeight = initialWeight
        }

        /// m₂ = (1/n) Σ xᵢ²: the curvature J″/2, which alone decides stability.
        public var secondMoment: Double { x.map { $0 * $0 }.reduce(0, +) / Double(x.count) }
        /// m_xy = (1/n) Σ xᵢ·yᵢ.
        public var crossMoment: Double { zip(x, y).map(*).reduce(0, +) / Double(x.count) }
        /// w* = m_xy / m₂ (least squares through the origin).
        public var optimum: Double { crossMoment / secondMoment }
        public var stabilityLimit: Double { 1 / secondMoment }
        public func loss(_ w: Double) -> Double {
            zip(x, y).map { (w * $0 - $1) * (w * $0 - $1) }.reduce(0, +) / Double(x.count)
        }
        /// J′(w) = (2/n) Σ xᵢ(w·xᵢ − yᵢ).
        public func gradient(_ w: Double) -> Double {
            2 * zip(x, y).map { $0 * (w * $0 - $1) }.reduce(0, +) / Double(x.count)
        }

        public func trajectory(learningRate: Double, iterations: Int) -> [Double] {
            GradientDescent.descend(from: initialWeight, learningRate: learningRate, iterations: iterations,
                                    gradient: gradient)
        }
    }

    /// Six points near y = 2x, the data of the multi-sample run (chosen by hand, printed in full).
    public static let regression = Regression(x: [0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
                                              y: [1.2, 1.9, 3.1, 4.2, 4.8, 6.1], initialWeight: 1)

    /// Learning rates of the sweep, as fractions of the stability limit 1/x² (for x = 3: 0.001, 0.01, 0.05,
    /// 1/18, 0.1, 0.11, 1/9, 0.115, 0.12).
    public static let sweepFractions: [Double] = [0.009, 0.09, 0.45, 0.5, 0.9, 0.99, 1, 1.035, 1.08]
}

/// The options of `workbook gradient-descent`, checked before anything runs.
public struct GradientDescentOptions: StepOptions, Equatable {
    public var learningRate = GradientDescent.articleLearningRate
    public var iterations = 100
    public var x = GradientDescent.article.x
    public var y = GradientDescent.article.y
    public var initialWeight = GradientDescent.article.initialWeight
    /// How many first iterations are printed with every term.
    public var spelledOut = 3

    public init() {}

    public func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else {
            throw OptionError("--learning-rate must be a positive finite number, got \(learningRate)")
        }
        guard (1...1_000_000).contains(iterations) else {
            throw OptionError("--iterations must be between 1 and 1000000, got \(iterations)")
        }
        guard x.isFinite, x != 0 else { throw OptionError("--x must be a non-zero finite number, got \(x)") }
        guard y.isFinite else { throw OptionError("--y must be a finite number, got \(y)") }
        guard initialWeight.isFinite else { throw OptionError("--w0 must be a finite number, got \(initialWeight)") }
        guard (0...iterations).contains(spelledOut) else {
            throw OptionError("--spelled-out must be between 0 and --iterations (\(iterations)), got \(spelledOut)")
        }
    }

    var problem: GradientDescent.Problem { .init(x: x, y: y, initialWeight: initialWeight) }
}

/// `workbook gradient-descent`: §4.1 narrated.
public enum GradientDescentStep: ConfigurableStep {
    public static let command = "gradient-descent"
    public static let section = ArticleSection.gradientDescent
    public static let abstract = "§4.1: gradient descent on J(w) = (w·x − y)², step by step, closed form, learning-rate sweep."
    public static let discussion = """
        The article minimises J(w) = (w·x − y)² with α = 0.01 from w₀ = 1 but gives no x or y; the workbook takes \
        x = 3, y = 6 (w* = 2). It prints J′(w) = 2x(wx − y), the first iterations with every term \
        (w₁ = 1 − 0.01·2·3·(1·3 − 6) = 1.18), the article's wrong line "w₁ = 1 − 0.01·2x − y" evaluated (erratum 1), \
        the closed form w_t = w* + (1 − 2αx²)ᵗ(w₀ − w*), and a learning-rate sweep showing convergence exactly for \
        0 < α < 1/x², one step at α = 1/(2x²), divergence beyond. It repeats the sweep on a six-point linear \
        regression with the MSE of §4.4, where the limit is 1/mean(x²). Charts (Plots/4.1-gradient-descent/): loss \
        per iteration for several α (log), w_t per iteration, final error against α with the 1/x² boundary.
        """

    public static let errataChecks = [
        ErratumCheck(erratum: 1) {
            let problem = GradientDescent.article
            let printed = GradientDescent.articleFirstStepAsPrinted(x: problem.x, y: problem.y)
            let correct = GradientDescent.trajectory(problem, learningRate: 0.01, iterations: 1)[1]
            return ErratumEvidence(
                articleValue: "1 − 0.01·2·3 − 6 = \(format(printed))",
                correctValue: "1 − 0.01·2·3·(1·3 − 6) = \(format(correct))",
                confirmed: printed != correct,
                explanation: "with x = 3, y = 6 the printed line gives w₁ = \(format(printed)); the gradient step gives \(format(correct))")
        },
    ]

    public static func run(_ options: GradientDescentOptions, in context: RunContext) throws {
        try options.validate()
        let problem = options.problem
        let α = options.learningRate, x = problem.x, y = problem.y
        context.parameters(["learning rate": α, "x": x, "y": y, "w0": problem.initialWeight])
        context.parameter("iterations", .integer(options.iterations))

        context.heading("The problem")
        context.say("J(w) = (w·x − y)² with x = \(format(x)), y = \(format(y)): minimum J = 0 at w* = y/x = \(format(problem.optimum))")
        context.say("α = \(format(α)), w₀ = \(format(problem.initialWeight))   (the article gives α = 0.01, w₀ = 1, and no x, y)")
        context.say("J′(w) = 2x(wx − y) = 2·\(format(x))·(w·\(format(x)) − \(format(y))) = \(format(2 * x * x))·w − \(format(2 * x * y))")

        let weights = GradientDescent.trajectory(problem, learningRate: α, iterations: options.iterations)
        context.heading("The first iterations, every term")
        for t in 0..<options.spelledOut {
            let w = weights[t], g = problem.gradient(w)
            let (now, next) = (subscriptDigits(t), subscriptDigits(t + 1))
            context.say("w\(next) = w\(now) − α·2x(w\(now)·x − y) = \(format(w)) − \(format(α))·2·\(format(x))·(\(format(w))·\(format(x)) − \(format(y)))"
                        + " = \(format(w)) − \(format(α))·(\(format(g))) = \(format(weights[t + 1], digits: 10))"
                        + "    J(w\(next)) = \(format(problem.loss(weights[t + 1])))")
        }
        if weights.count > 2 {
            context.result("w1", .number(weights[1]))
            context.result("w2", .number(weights[2]))
        }

        context.heading("Erratum 1: the article's first iteration")
        let printed = GradientDescent.articleFirstStepAsPrinted(x: x, y: y)
        context.say("The article writes  w₁ = 1 − 0.01·2x − y.  Evaluated as written with x = \(format(x)), y = \(format(y)):")
        context.say("  1 − 0.01·2·\(format(x)) − \(format(y)) = \(format(printed))")
        context.say("It is not a gradient step: the factor (w₀x − y) of J′(w₀) = 2x(w₀x − y) is lost and y is subtracted")
        context.say("from the weight itself. The step is w₁ = w₀ − α·2x(w₀x − y) = 1 − 0.01·2·3·(1·3 − 6) = \(format(GradientDescent.trajectory(GradientDescent.article, learningRate: 0.01, iterations: 1)[1])) (x = 3, y = 6).")
        context.result("erratum 1: article's w1", .number(printed))

        context.heading("Closed form")
        let r = GradientDescent.contractionFactor(problem, learningRate: α)
        context.say("w_t − w* = (1 − 2αx²)·(w_{t−1} − w*), so  w_t = w* + (1 − 2αx²)ᵗ (w₀ − w*) = \(format(problem.optimum)) + \(format(r))ᵗ·(\(format(problem.initialWeight - problem.optimum)))")
        let shownSteps = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000].filter { $0 <= options.iterations }
        context.say(table(["t", "w_t (iterated)", "w_t (closed form)", "difference", "J(w_t)"], shownSteps.map { t in
            let closed = GradientDescent.closedForm(problem, learningRate: α, step: t)
            return ["\(t)", format(weights[t], digits: 15), format(closed, digits: 15),
                    format(weights[t] - closed, digits: 3), format(problem.loss(weights[t]), digits: 4)]
        }))
        let final = weights[options.iterations]
        context.result("contraction factor r", .number(r))
        context.result("final w", .number(final))
        context.result("final |w - w*|", .number(abs(final - problem.optimum)))
        if abs(r) < 1, r != 0 {
            let needed = Int((log(1e-6 / abs(problem.initialWeight - problem.optimum)) / log(abs(r))).rounded(.up))
            context.say("|w_t − w*| < 10⁻⁶ from t = \(needed) on (|r|ᵗ·|w₀ − w*| < 10⁻⁶).")
            context.result("iterations to 1e-6", .integer(needed))
        }

        try sweep(problem, iterations: options.iterations, userRate: α, in: context)
        try regression(iterations: options.iterations, in: context)
    }

    // MARK: Learning-rate sweep

    private static func sweep(_ problem: GradientDescent.Problem, iterations: Int, userRate: Double,
                              in context: RunContext) throws {
        let limit = problem.stabilityLimit
        context.heading("Learning-rate sweep (\(iterations) iterations)")
        context.say("r = 1 − 2αx² is in (−1, 1) exactly when 0 < α < 1/x² = \(format(limit)); r = 0 at α = 1/(2x²) = \(format(limit / 2)).")
        let userFraction = userRate / limit
        let isInSweep = GradientDescent.sweepFractions.contains { abs($0 - userFraction) < 1e-9 }
        let fractions = (GradientDescent.sweepFractions + (isInSweep ? [] : [userFraction])).sorted()
        let runs = fractions.map { fraction in
            (fraction: fraction, rate: fraction * limit,
             weights: GradientDescent.trajectory(problem, learningRate: fraction * limit, iterations: iterations))
        }
        context.say(table(["α", "α·x²", "r = 1 − 2αx²", "behaviour", "|w_T − w*|"], runs.map { run in
            let r = GradientDescent.contractionFactor(problem, learningRate: run.rate)
            return [format(run.rate), format(run.rate / limit, digits: 4), format(r, digits: 4),
                    GradientDescent.behaviour(contractionFactor: r).rawValue,
                    format(abs(run.weights[iterations] - problem.optimum), digits: 3)]
        }))
        context.result("stability limit 1/x^2", .number(limit))

        let plotted = runs.filter { [0.009, 0.09, 0.45, 0.9, 0.99, 1.035].contains($0.fraction) }
        let steps = (0...iterations).map(Double.init)
        try context.draw(Chart(
            name: "loss-vs-iteration", title: context.chartTitle("J(w_t) 随迭代 (x = \(format(problem.x)), y = \(format(problem.y)))"),
            content: .series(plotted.map { run in
                Series("α = \(format(run.rate, digits: 4))", x: steps, y: run.weights.map(problem.loss))
            }),
            xAxis: Axis("iteration t"), yAxis: Axis("J(w_t) = (w_t·x − y)²", logarithmic: true, range: 1e-30...1e8),
            legendPosition: "bottom left"))
        let shown = runs.filter { [0.09, 0.45, 0.9, 0.99].contains($0.fraction) }
        let early = min(iterations, 60)
        try context.draw(Chart(
            name: "weight-vs-iteration", title: context.chartTitle("w_t 随迭代，w* = \(format(problem.optimum))"),
            content: .series(shown.map { run in
                Series("α = \(format(run.rate, digits: 4))", x: Array(steps[0...early]), y: Array(run.weights[0...early]),
                       style: .linesPoints)
            }),
            xAxis: Axis("iteration t"), yAxis: Axis("w_t"),
            horizontalMarkers: [Marker(at: problem.optimum, "w* = \(format(problem.optimum))")],
            legendPosition: "bottom right"))
        try drawErrorAgainstRate(name: "error-vs-learning-rate", subtitle: "T = \(iterations) 步后的 |w_T − w*|",
                                 limit: limit, limitLabel: "1/x² = \(format(limit))", iterations: iterations,
                                 in: context) { rate in
            abs(GradientDescent.trajectory(problem, learningRate: rate, iterations: iterations)[iterations] - problem.optimum)
        }
    }

    /// |w_T − w*| against α on a fine grid up to 1.2× the stability limit, with the limit and α = limit/2 marked.
    private static func drawErrorAgainstRate(name: String, subtitle: String, limit: Double, limitLabel: String,
                                             iterations: Int, in context: RunContext,
                                             error: (Double) -> Double) throws {
        let rates = (1...240).map { Double($0) / 200 * limit }
        try context.draw(Chart(
            name: name, title: context.chartTitle(subtitle),
            content: .series([Series("|w_T − w*|", x: rates, y: rates.map(error))]),
            xAxis: Axis("learning rate α"), yAxis: Axis("|w_T − w*|", logarithmic: true, range: 1e-18...1e15),
            verticalMarkers: [Marker(at: limit / 2, "one step: α = \(format(limit / 2, digits: 4))"),
                              Marker(at: limit, "limit \(limitLabel)")],
            legendPosition: "top left"))
    }

    // MARK: Several samples

    private static func regression(iterations: Int, in context: RunContext) throws {
        let data = GradientDescent.regression
        context.heading("The same on six samples: J(w) = (1/n) Σ (w·xᵢ − yᵢ)² (the MSE of §4.4)")
        context.say("x = " + data.x.map { format($0) }.joined(separator: ", "))
        context.say("y = " + data.y.map { format($0) }.joined(separator: ", "))
        context.say("J′(w) = (2/n) Σ xᵢ(w·xᵢ − yᵢ) = 2(w·m₂ − m_xy),  m₂ = mean(x²) = \(format(data.secondMoment)),  m_xy = mean(x·y) = \(format(data.crossMoment))")
        context.say("w* = m_xy/m₂ = \(format(data.optimum)),  J(w*) = \(format(data.loss(data.optimum)))  (the points are not on one line through 0)")
        context.say("w_t − w* = (1 − 2α·m₂)ᵗ(w₀ − w*): converges exactly for 0 < α < 1/m₂ = \(format(data.stabilityLimit)); one step at α = 1/(2m₂) = \(format(data.stabilityLimit / 2)).")
        let rates = GradientDescent.sweepFractions.map { $0 * data.stabilityLimit }
        context.say(table(["α", "r = 1 − 2α·m₂", "behaviour", "|w_T − w*|", "J(w_T) − J(w*)"], rates.map { rate in
            let w = data.trajectory(learningRate: rate, iterations: iterations)[iterations]
            let r = 1 - 2 * rate * data.secondMoment
            return [format(rate), format(r, digits: 4), GradientDescent.behaviour(contractionFactor: r).rawValue,
                    format(abs(w - data.optimum), digits: 3), format(data.loss(w) - data.loss(data.optimum), digits: 3)]
        }))
        context.result("regression: second moment m2", .number(data.secondMoment))
        context.result("regression: optimum w*", .number(data.optimum))
        context.result("regression: stability limit 1/m2", .number(data.stabilityLimit))
        try drawErrorAgainstRate(name: "regression-error-vs-learning-rate",
                                 subtitle: "六个样本的 MSE：T = \(iterations) 步后的 |w_T − w*|",
                                 limit: data.stabilityLimit, limitLabel: "1/m₂ = \(format(data.stabilityLimit, digits: 4))",
                                 iterations: iterations, in: context) { rate in
            abs(data.trajectory(learningRate: rate, iterations: iterations)[iterations] - data.optimum)
        }
    }
}
