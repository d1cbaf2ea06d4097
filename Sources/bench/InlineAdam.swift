import Glibc

import DeepLearning

/// A minimal Adam (PyTorch's defaults: β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay) for the benchmark's training
/// step, so that the step is forward + backward + Adam like PyTorch's. The workbook's optimizers live elsewhere.
///
/// It also clears each gradient after using it (PyTorch's `zero_grad()` before the next backward), in the same
/// pass over memory. Moments are allocated once, so steps allocate nothing.
final class InlineAdam {
    let parameters: [Parameter<Float>]
    let learningRate: Float
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]
    private var step = 0

    init(parameters: [Parameter<Float>], learningRate: Float = 1e-3) {
        self.parameters = parameters
        self.learningRate = learningRate
        firstMoments = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        secondMoments = firstMoments
    }

    /// p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε), PyTorch's arrangement of the bias corrections; then grad ← 0.
    func update() {
        step += 1
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        let stepSize = learningRate / (1 - pow(beta1, Float(step)))
        let correction2 = (1 - pow(beta2, Float(step))).squareRoot()
        for index in parameters.indices {
            let parameter = parameters[index]
            parameter.value.scalars.withUnsafeMutableBufferPointer { value in
                parameter.gradient.scalars.withUnsafeMutableBufferPointer { gradient in
                    firstMoments[index].withUnsafeMutableBufferPointer { m in
                        secondMoments[index].withUnsafeMutableBufferPointer { v in
                            for i in 0..<value.count {
                                let g = gradient[i]
                                m[i] = beta1 * m[i] + (1 - beta1) * g
                                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                                value[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + epsilon)
                                gradient[i] = 0
                            }
                        }
                    }
                }
            }
        }
    }
}

private func pow(_ base: Float, _ exponent: Float) -> Float { Float(Glibc.pow(Double(base), Double(exponent))) }
