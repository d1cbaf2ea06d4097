import DeepLearning

/// Prints the time of each layer's forward and backward pass and of the optimizer, best of `repeats`.
func printProfile(of step: TrainingStep, repeats: Int) {
    let layers = step.model.layers
    var forward = [Double](repeating: .infinity, count: layers.count)
    var backward = forward
    var optimizer = Double.infinity, clearing = Double.infinity
    let gradient = Tensor<Float>(shape: [TrainingStep.batch, TrainingStep.classes], repeating: 0.01)
    for _ in 0..<max(repeats, 5) {
        var x = step.input
        for index in step.model.executionOrder {
            let layer = layers[index], start = now()
            x = try! layer.forward(x)
            forward[index] = min(forward[index], now() - start)
        }
        var g = gradient
        for index in step.model.executionOrder.reversed() {
            let layer = layers[index], start = now()
            g = try! layer.backward(g)
            backward[index] = min(backward[index], now() - start)
        }
        var start = now()
        step.trainer.optimizer.step()
        optimizer = min(optimizer, now() - start)
        start = now()
        step.trainer.optimizer.zeroGradients()
        clearing = min(clearing, now() - start)
    }
    let total = forward.reduce(0, +) + backward.reduce(0, +) + optimizer + clearing
    print("layer (ms, best of runs)       forward   backward   share")
    for (index, layer) in layers.enumerated() {
        let name = "\(layer.name) (\(layer.typeName))".padding(toLength: 28, withPad: " ", startingAt: 0)
        print(name + String(format: "%9.2f  %9.2f   %4.1f%%", forward[index] * 1000, backward[index] * 1000,
                            100 * (forward[index] + backward[index]) / total))
    }
    print("Adam".padding(toLength: 28, withPad: " ", startingAt: 0)
          + String(format: "%9.2f  %9s   %4.1f%%", optimizer * 1000, "", 100 * optimizer / total))
    print("zeroGradients() (one memset)".padding(toLength: 28, withPad: " ", startingAt: 0)
          + String(format: "%9.2f  %9s   %4.1f%%", clearing * 1000, "", 100 * clearing / total))
    print("total".padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%9.2f ms", total * 1000))
}
