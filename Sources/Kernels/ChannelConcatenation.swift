/// Concatenation along the channel axis (torch.cat(dim=1)) and its backward pass: how a DenseNet layer appends
/// its new feature maps to its input.
///
/// Shapes: first [N, A, P], second [N, B, P], output [N, A + B, P] with P = H·W. In NCHW each image's channels are
/// contiguous, so image n of the output is image n of `first` (A·P values) followed by image n of `second`
/// (B·P values): two copies per image. Images are split across the kernel workers.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func concatenateChannels<Scalar: KernelScalar>(
    _ first: [Scalar], channels firstChannels: Int, _ second: [Scalar], channels secondChannels: Int,
    batch: Int, plane: Int, into output: inout [Scalar]
) {
    let (a, b) = (firstChannels * plane, secondChannels * plane)
    precondition(first.count == batch * a && second.count == batch * b,
                 "concatenateChannels: \(first.count) and \(second.count) values for \(batch) images of "
                 + "\(firstChannels) and \(secondChannels) channels of \(plane) pixels")
    ensureCount(&output, batch * (a + b))
    first.withUnsafeBufferPointer { first in
        second.withUnsafeBufferPointer { second in
            output.withUnsafeMutableBufferPointer { output in
                parallelChunks(batch) { images, _ in
                    for n in images {
                        let image = output.baseAddress! + n &* (a &+ b)
                        image.update(from: first.baseAddress! + n &* a, count: a)
                        (image + a).update(from: second.baseAddress! + n &* b, count: b)
                    }
                }
            }
        }
    }
}

/// The backward pass of `concatenateChannels` for y = cat(x, f(x)), where x reaches the output twice (directly and
/// through f): ∂L/∂x = (the first A channels of ∂L/∂y) + ∂L/∂x through f.
///
/// outputGradient [N, A + B, P]; bodyInputGradient [N, A, P] (what f's backward returned); inputGradient
/// [N, A, P], overwritten.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func concatenationInputGradient<Scalar: KernelScalar>(
    outputGradient: [Scalar], bodyInputGradient: [Scalar], channels firstChannels: Int, secondChannels: Int,
    batch: Int, plane: Int, inputGradient: inout [Scalar]
) {
    let (a, b) = (firstChannels * plane, secondChannels * plane)
    precondition(outputGradient.count == batch * (a + b) && bodyInputGradient.count == batch * a,
                 "concatenationInputGradient: \(outputGradient.count) and \(bodyInputGradient.count) values for "
                 + "\(batch) images of \(firstChannels) + \(secondChannels) channels of \(plane) pixels")
    ensureCount(&inputGradient, batch * a)
    outputGradient.withUnsafeBufferPointer { dy in
        bodyInputGradient.withUnsafeBufferPointer { through in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                parallelChunks(batch) { images, _ in
                    for n in images {
                        let direct = dy.baseAddress! + n &* (a &+ b), offset = n &* a
                        for i in 0..<a { dx[offset &+ i] = direct[i] + through[offset &+ i] }
                    }
                }
            }
        }
    }
}

/// The last B channels of every image of `gradient` [N, A + B, P], as a tensor [N, B, P] of their own: the part of
/// ∂L/∂y that belongs to f(x), which f's backward pass takes.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func trailingChannels<Scalar: KernelScalar>(
    of gradient: [Scalar], leading firstChannels: Int, trailing secondChannels: Int, batch: Int, plane: Int,
    into output: inout [Scalar]
) {
    let (a, b) = (firstChannels * plane, secondChannels * plane)
    precondition(gradient.count == batch * (a + b),
                 "trailingChannels: \(gradient.count) values for \(batch) images of \(firstChannels) + \(secondChannels) channels")
    ensureCount(&output, batch * b)
    gradient.withUnsafeBufferPointer { gradient in
        output.withUnsafeMutableBufferPointer { output in
            parallelChunks(batch) { images, _ in
                for n in images {
                    let source: UnsafePointer<Scalar> = gradient.baseAddress! + (n &* (a &+ b) &+ a)
                    (output.baseAddress! + n &* b).update(from: source, count: b)
                }
            }
        }
    }
}

/// The naive twin of `concatenateChannels`: every output element from its definition,
/// y[n, c, p] = c < A ? first[n, c, p] : second[n, c − A, p].
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func naiveConcatenateChannels<Scalar: KernelScalar>(
    _ first: [Scalar], channels firstChannels: Int, _ second: [Scalar], channels secondChannels: Int,
    batch: Int, plane: Int
) -> [Scalar] {
    let channels = firstChannels + secondChannels
    var output = [Scalar](repeating: 0, count: batch * channels * plane)
    for n in 0..<batch {
        for c in 0..<channels {
            for p in 0..<plane {
                let value: Scalar
                if c < firstChannels {
                    value = first[(n * firstChannels + c) * plane + p]
                } else {
                    value = second[(n * secondChannels + c - firstChannels) * plane + p]
                }
                output[(n * channels + c) * plane + p] = value
            }
        }
    }
    return output
}
