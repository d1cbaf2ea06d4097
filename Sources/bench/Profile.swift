import DeepLearning

/// Where a training step's time goes, for any model of the module tree: every layer (leaf or container) is run on
/// its own, forward then backward on a tensor of the shape it sees in the model, best of `repeats`; a container's
/// own time is its total minus its children's (a residual block's addition and ReLU, a dense layer's
/// concatenation). Printed per layer for a flat model (the article's CNN), and per kind of layer for every model
/// (all 3×3 convolutions, all batch norms, all 1×1 projections, …), beside Adam and the gradient clearing.
///
/// Each layer runs alone here, so its inputs are random and its caches cold-ish; the sum of the rows is compared
/// with the measured step.
func printProfile(of step: TrainingStep, repeats: Int) {
    struct Timing { var name: String; var kind: String; var forward: Double; var backward: Double }
    var timings: [Timing] = []
    var generator = RandomGenerator(seed: 7)
    func random(_ shape: [Int]) -> Tensor<Float> {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in 2 * generator.nextUnitFloat() - 1 })
    }
    /// Times `layer` on `input`, records its own time (total minus children's) and returns its total.
    @discardableResult
    func visit(_ layer: any Layer<Float>, name: String, input: [Int]) -> (forward: Double, backward: Double) {
        let x = random(input), output = try! layer.outputShape(for: input), dy = random(output)
        var forward = Double.infinity, backward = Double.infinity
        for _ in 0..<max(repeats, 5) {
            var start = now()
            _ = try! layer.forward(x)
            forward = min(forward, now() - start)
            start = now()
            _ = try! layer.backward(dy)
            backward = min(backward, now() - start)
        }
        var children = (forward: 0.0, backward: 0.0)
        for (child, shape) in zip(layer.children, try! layer.childInputShapes(for: input)) {
            let total = visit(child, name: name.isEmpty ? child.name : name + "." + child.name, input: shape)
            children = (children.forward + total.forward, children.backward + total.backward)
        }
        timings.append(Timing(name: name, kind: kind(of: layer), forward: max(0, forward - children.forward),
                              backward: max(0, backward - children.backward)))
        return (forward, backward)
    }
    let shape = [TrainingStep.batch, 1, 28, 28]
    for (child, input) in zip(step.model.children, try! step.model.childInputShapes(for: shape)) {
        visit(child, name: child.name, input: input)
    }
    var optimizer = Double.infinity, clearing = Double.infinity
    for _ in 0..<max(repeats, 5) {
        var start = now()
        step.trainer.optimizer.step()
        optimizer = min(optimizer, now() - start)
        start = now()
        step.trainer.optimizer.zeroGradients()
        clearing = min(clearing, now() - start)
    }
    let measured = bestSecondsPerCall(repeats: repeats, iterations: 3) { try! step.run() }
    let total = timings.reduce(0) { $0 + $1.forward + $1.backward } + optimizer + clearing
    func row(_ label: String, _ forward: Double, _ backward: Double?) {
        print(label.padding(toLength: 40, withPad: " ", startingAt: 0)
              + String(format: "%9.2f  %9@   %5.1f%%", forward * 1000, backward.map { String(format: "%.2f", $0 * 1000) } ?? "",
                       100 * (forward + (backward ?? 0)) / total))
    }
    print("layer (own time, ms, best of runs)        forward   backward   share")
    if step.model.children.allSatisfy({ $0.children.isEmpty }) {
        for timing in timings.reversed() { row("\(timing.name) (\(timing.kind))", timing.forward, timing.backward) }
        print("by kind:")
    }
    var kinds: [String] = []
    for timing in timings.reversed() where !kinds.contains(timing.kind) { kinds.append(timing.kind) }
    for kind in kinds {
        let members = timings.filter { $0.kind == kind }
        row("\(kind) ×\(members.count)", members.reduce(0) { $0 + $1.forward }, members.reduce(0) { $0 + $1.backward })
    }
    row("Adam", optimizer, nil)
    row("zeroGradients() (one memset)", clearing, nil)
    print("sum of the rows".padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%9.2f ms", total * 1000)
          + String(format: "   (the whole step, measured: %.2f ms)", measured * 1000))
}

/// A layer's kind for the profile: its type, with the kernel size for convolutions (the 1×1 projections and
/// bottlenecks apart from the 3×3 ones) and "own" for a container's own work.
private func kind(of layer: any Layer<Float>) -> String {
    if let conv = layer as? Conv2d<Float> { return "Conv2d \(conv.kernelSize)×\(conv.kernelSize)" }
    return layer.typeName + (layer.children.isEmpty ? "" : " (own work)")
}
