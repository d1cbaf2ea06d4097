import DeepLearning

/// The predicted class of every sample of epoch 0 of `source`, in order: the index of each row's largest output
/// (the first on ties, as `torch.max`), with the model in evaluation mode (restored to training mode after).
public func predictedClasses<Source: BatchSource>(of model: any Layer<Float>, on source: Source) throws -> [Int] {
    indicesOfRowMaxima(try modelOutputs(of: model, on: source))
}

/// The model's outputs (logits) for every sample of epoch 0 of `source`, in order: [samples, classes], in
/// evaluation mode (restored to training mode after). What a post-hoc adjustment of the logits starts from.
public func modelOutputs<Source: BatchSource>(of model: any Layer<Float>, on source: Source) throws -> Tensor<Float> {
    model.eval()
    defer { model.train() }
    var scalars: [Float] = []
    var (rows, columns) = (0, 0)
    var batches = source.batches(epoch: 0)
    while let batch = try batches.next() {
        let output = try model.forward(batch.inputs)
        (rows, columns) = (rows + output.shape[0], output.shape[1])
        scalars += output.scalars
    }
    return Tensor(shape: [rows, columns], scalars: scalars)
}

/// The index of each row's largest value (the first one on ties, as torch.max): [N, C] → N indices.
public func indicesOfRowMaxima(_ outputs: Tensor<Float>) -> [Int] {
    let (rows, columns) = (outputs.shape[0], outputs.shape[1])
    return (0..<rows).map { row in
        var best = 0
        for column in 1..<columns where outputs.scalars[row * columns + column] > outputs.scalars[row * columns + best] {
            best = column
        }
        return best
    }
}

/// The fraction of predictions equal to their labels.
public func accuracy(_ predictions: [Int], _ labels: [Int]) -> Double {
    precondition(predictions.count == labels.count && !labels.isEmpty,
                 "accuracy: \(predictions.count) predictions for \(labels.count) labels")
    return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
}
