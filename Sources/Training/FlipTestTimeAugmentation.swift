import Foundation
import DeepLearning

/// Test-time augmentation by the horizontal flip: the class probabilities of a batch are the mean of the softmax of
/// the model's logits for each image and for its mirror image, p = (softmax(f(x)) + softmax(f(flip(x)))) / 2, and
/// the prediction is the most probable class. This is the softmax average (as the Random Erasing paper's and most
/// Kaggle pipelines' "average the predictions"), not the logit average (ttach's `merge_mode="mean"` on raw outputs);
/// Sources/bench/pytorch_train_reference.py computes the same: `(softmax(model(x)) + softmax(model(x.flip(3)))) / 2`.
///
/// inputs [N, C, H, W] → probabilities [N, classes]. The model runs as it is (the callers put it in evaluation
/// mode); it sees the batch twice, so evaluation costs two forward passes.
public func flipAveragedProbabilities(of model: any Layer<Float>, _ inputs: Tensor<Float>) throws -> Tensor<Float> {
    precondition(inputs.rank == 4, "flipAveragedProbabilities: inputs must be [N, C, H, W], got \(inputs.shape)")
    var probabilities = rowSoftmax(try model.forward(inputs))
    let mirrored = rowSoftmax(try model.forward(horizontallyFlipped(inputs)))
    for i in probabilities.scalars.indices {
        probabilities.scalars[i] = (probabilities.scalars[i] + mirrored.scalars[i]) / 2
    }
    return probabilities
}

/// The predicted class of every sample of epoch 0 of `source`, in order, by the flip-averaged probabilities
/// (`flipAveragedProbabilities`), in evaluation mode (restored to training mode after); ties go to the first class.
public func flipAveragedPredictedClasses<Source: BatchSource>(of model: any Layer<Float>, on source: Source) throws
    -> [Int] {
    model.eval()
    defer { model.train() }
    var predictions: [Int] = []
    var batches = source.batches(epoch: 0)
    while let batch = try batches.next() {
        predictions += indicesOfRowMaxima(try flipAveragedProbabilities(of: model, batch.inputs))
    }
    return predictions
}

/// [N, C, H, W] with every row mirrored: column x becomes column W − 1 − x (torch.flip(x, dims=[3])).
func horizontallyFlipped(_ inputs: Tensor<Float>) -> Tensor<Float> {
    var output = inputs
    let width = inputs.shape[3]
    output.scalars.withUnsafeMutableBufferPointer { pixels in
        for row in stride(from: 0, to: pixels.count, by: max(width, 1)) {
            for x in 0 ..< width / 2 { pixels.swapAt(row + x, row + width - 1 - x) }
        }
    }
    return output
}

/// softmax of each row of [N, classes], each row shifted by its maximum first (no overflow for any logit).
func rowSoftmax(_ logits: Tensor<Float>) -> Tensor<Float> {
    var output = logits
    let classes = logits.shape[1]
    for row in stride(from: 0, to: logits.count, by: classes) {
        let maximum = logits.scalars[row ..< row + classes].max()!
        var sum: Float = 0
        for c in row ..< row + classes {
            output.scalars[c] = exp(logits.scalars[c] - maximum)
            sum += output.scalars[c]
        }
        for c in row ..< row + classes { output.scalars[c] /= sum }
    }
    return output
}
