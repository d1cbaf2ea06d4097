extension Sequential {
    /// Runs `body` with the model set up to explain its outputs rather than to train: evaluation mode, every
    /// parameter frozen (so that a backward pass adds nothing to the weights' gradients, and the kernels skip the
    /// weight-gradient GEMMs: only ∂/∂activations is computed), and the first layer computing ∂/∂input when
    /// `inputGradient` is true (training leaves it off: nobody reads the gradient of the data). Everything is put
    /// back as it was when `body` returns or throws, so a training loop that runs afterwards pays nothing.
    func withAttributionSettings<T>(inputGradient: Bool, _ body: () throws -> T) rethrows -> T {
        let parameters = self.parameters
        let (wasTraining, wasComputingInputGradient) = (isTraining, needsInputGradient)
        let wereTrainable = parameters.map(\.requiresGradient)
        defer {
            for (parameter, trainable) in zip(parameters, wereTrainable) { parameter.requiresGradient = trainable }
            isTraining = wasTraining
            needsInputGradient = wasComputingInputGradient
        }
        for parameter in parameters { parameter.requiresGradient = false }
        isTraining = false
        needsInputGradient = inputGradient
        return try body()
    }
}
