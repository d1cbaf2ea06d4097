#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PyTorch's default initialisation of Linear and Conv2d, drawn from our seeded `RandomGenerator`.
///
/// PyTorch initialises the weight with kaiming_uniform_(a = √5): gain = √(2/(1 + a²)) = √(1/3), bound =
/// gain·√3/√fan_in = 1/√fan_in; the bias uniform in ±1/√fan_in. fan_in is inputFeatures for Linear and
/// inputChannels·kernelHeight·kernelWidth for Conv2d.
///
/// Order of draws (so runs repeat bit for bit): layers draw when they are constructed, in construction order;
/// each draws all its weight elements in row-major order ([out, in] or [OC, C, KH, KW]), then its bias elements.
/// Each element takes ONE 32-bit output: u = `nextUnitFloat()` (24 bits, exact in Float and Double), value =
/// bound·(2u − 1), computed in Double and rounded to the scalar type. A Double network built with the same seed
/// therefore starts from the same numbers as its Float twin, to Float's precision.
public enum Initialization {
    /// `count` numbers uniform in [−bound, bound), drawn as described above.
    public static func uniform<Scalar: KernelScalar>(
        count: Int, bound: Double, generator: inout RandomGenerator
    ) -> [Scalar] {
        converted(uniformDoubles(count: count, bound: bound, generator: &generator))
    }

    /// The bound 1/√fan_in shared by PyTorch's default weight and bias initialisation.
    public static func defaultBound(fanIn: Int) -> Double { fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0 }

    // Not generic on purpose: a per-element loop in generic code of this module would run unspecialised.
    private static func uniformDoubles(count: Int, bound: Double, generator: inout RandomGenerator) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count { values[i] = bound * (2 * Double(generator.nextUnitFloat()) - 1) }
        return values
    }

    /// A parameter named `name` of `shape`, uniform in ±1/√fanIn: PyTorch's default for the weight and the bias of
    /// Linear and Conv2d (which draw the weight first, then the bias).
    static func uniformParameter<Scalar: KernelScalar>(_ name: String, shape: [Int], fanIn: Int,
                                                       generator: inout RandomGenerator) -> Parameter<Scalar> {
        Parameter(name: name, value: Tensor(shape: shape, scalars: uniform(
            count: shape.reduce(1, *), bound: defaultBound(fanIn: fanIn), generator: &generator)))
    }
}

extension Initialization {
    /// `count` numbers from N(0, standardDeviation²) (PyTorch's `nn.init.normal_`, as timm starts a ViT's position
    /// embedding), by Box–Muller: each pair of outputs takes two `nextUnitDouble()` draws u₁, u₂ and gives
    /// √(−2 ln(1 − u₁))·(cos 2πu₂, sin 2πu₂)·sd, computed in Double and rounded to the scalar type.
    public static func normal<Scalar: KernelScalar>(count: Int, standardDeviation: Double,
                                                    generator: inout RandomGenerator) -> [Scalar] {
        converted(normalDoubles(count: count, standardDeviation: standardDeviation, generator: &generator))
    }

    private static func normalDoubles(count: Int, standardDeviation: Double, generator: inout RandomGenerator) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        var i = 0
        while i < count {
            let radius = (-2 * log(1 - generator.nextUnitDouble())).squareRoot() * standardDeviation
            let angle = 2 * Double.pi * generator.nextUnitDouble()
            values[i] = radius * cos(angle)
            if i + 1 < count { values[i + 1] = radius * sin(angle) }
            i += 2
        }
        return values
    }
}
