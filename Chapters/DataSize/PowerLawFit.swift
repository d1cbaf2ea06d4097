import Foundation

/// A learning curve's usual shape (Hestness et al. 2017; Kaplan et al. 2020): the test error falls as a power of the
/// training-set size n towards a floor, error(n) ≈ a·n^(−b) + c, fitted to measured points by least squares in the
/// error itself (every point weighs the same).
///
/// The fit separates the parameters (variable projection): for a fixed exponent b the model is linear in a and c,
/// whose least-squares values have a closed form, so only b is searched — on a logarithmic grid over
/// [`exponentRange`], then by golden-section refinement around the grid's best point. The floor is kept ≥ 0 (an
/// error cannot fall below zero): when the unconstrained c is negative, c = 0 and a takes its closed form alone.
public struct PowerLawFit: Equatable, Sendable {
    public var a: Double
    public var b: Double
    public var c: Double
    /// Σ (measured − fitted)² over the points.
    public var squaredResidual: Double

    /// The exponents searched: flatter than n^(−0.01) is no curve, steeper than n^(−3) no learning curve seen.
    public static let exponentRange = 0.01 ... 3.0

    /// The fitted error at n.
    public func error(at n: Double) -> Double { a * pow(n, -b) + c }

    /// Fits `points` (n, error); nil with fewer than three points, a size that is not positive, or sizes all equal.
    public init?(_ points: [(n: Double, error: Double)]) {
        guard points.count >= 3, points.allSatisfy({ $0.n > 0 }), Set(points.map(\.n)).count >= 2 else { return nil }
        func solve(_ b: Double) -> PowerLawFit { Self.linearPart(points, exponent: b) }
        // The grid: 400 exponents evenly spaced in log b, fine enough that the golden-section bracket holds the
        // minimum of any curve these sizes can tell apart.
        let grid = 400
        let (low, high) = (log(Self.exponentRange.lowerBound), log(Self.exponentRange.upperBound))
        let exponents = (0 ... grid).map { exp(low + (high - low) * Double($0) / Double(grid)) }
        let fits = exponents.map(solve)
        let best = fits.indices.min { fits[$0].squaredResidual < fits[$1].squaredResidual }!
        var (left, right) = (exponents[max(best - 1, 0)], exponents[min(best + 1, grid)])
        // Golden-section search on [left, right] down to a relative width of 1e-10 (b's own rounding is ~1e-16).
        let ratio = (5.0.squareRoot() - 1) / 2
        var (x1, x2) = (right - ratio * (right - left), left + ratio * (right - left))
        var (f1, f2) = (solve(x1).squaredResidual, solve(x2).squaredResidual)
        while right - left > 1e-10 * right {
            if f1 < f2 {
                (right, x2, f2) = (x2, x1, f1)
                x1 = right - ratio * (right - left)
                f1 = solve(x1).squaredResidual
            } else {
                (left, x1, f1) = (x1, x2, f2)
                x2 = left + ratio * (right - left)
                f2 = solve(x2).squaredResidual
            }
        }
        let refined = solve((left + right) / 2)
        self = refined.squaredResidual <= fits[best].squaredResidual ? refined : fits[best]
    }

    init(a: Double, b: Double, c: Double, squaredResidual: Double) {
        (self.a, self.b, self.c, self.squaredResidual) = (a, b, c, squaredResidual)
    }

    /// For a fixed exponent b, the least-squares a and c of error ≈ a·x + c with x = n^(−b): the regression line
    /// a = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², c = ȳ − a·x̄; when that c is negative, c = 0 and a = Σxy / Σx².
    static func linearPart(_ points: [(n: Double, error: Double)], exponent b: Double) -> PowerLawFit {
        let x = points.map { pow($0.n, -b) }, y = points.map(\.error)
        let count = Double(points.count)
        let (meanX, meanY) = (x.reduce(0, +) / count, y.reduce(0, +) / count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let sxx = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        var a = sxy / sxx, c = meanY - a * meanX
        if c < 0 {
            c = 0
            a = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / x.reduce(0) { $0 + $1 * $1 }
        }
        let residual = zip(x, y).reduce(0) { $0 + ($1.1 - a * $1.0 - c) * ($1.1 - a * $1.0 - c) }
        return PowerLawFit(a: a, b: b, c: c, squaredResidual: residual)
    }
}
