/// output = max(body + shortcut, 0), element by element (all three the same count): the end of a ResNet basic
/// block, the residual addition and the ReLU after it in one pass over memory. NaN stays NaN, as in PyTorch.
/// Its naive twin is `add(_:_:into:)` followed by `reluForward`; the backward pass is `reluBackward` on this
/// output, whose result both branches receive.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func residualReLUForward<Scalar: KernelScalar>(body: [Scalar], shortcut: [Scalar], output: inout [Scalar]) {
    precondition(body.count == shortcut.count, "residualReLUForward: \(body.count) and \(shortcut.count) elements")
    ensureCount(&output, body.count)
    body.withUnsafeBufferPointer { body in
        shortcut.withUnsafeBufferPointer { shortcut in
            output.withUnsafeMutableBufferPointer { output in
                parallelChunks(body.count) { chunk, _ in
                    for i in chunk {
                        let sum = body[i] + shortcut[i]
                        output[i] = sum < 0 ? 0 : sum
                    }
                }
            }
        }
    }
}
