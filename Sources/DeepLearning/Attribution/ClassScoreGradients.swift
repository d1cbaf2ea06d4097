/// The gradient of each image's class score with respect to its input, and optionally the activations after one
/// layer of the model with the class score's gradient with respect to them: what gradient saliency (Simonyan et
/// al. 2014), SmoothGrad (Smilkov et al. 2017) and Grad-CAM (Selvaraju et al. 2017) are made of.
///
/// The class score is the logit y_c, before the softmax, as those papers take it: the gradient of log p_c would
/// mix in every other class (∂ log p_c = ∂y_c − Σ_k p_k ∂y_k). Image n of the batch is explained for its own class
/// `classes[n]`: backward starts from ∂y/∂logits = the one-hot row of that class, and since nothing in the model
/// mixes the images of a batch (no BatchNorm in training mode: the pass runs in evaluation mode), row n of every
/// gradient is image n's alone.
///
/// The pass runs under `withAttributionSettings`: the first layer computes ∂/∂input only here, the weights'
/// gradients are untouched. It runs the top-level layers one by one, in order, rather than through
/// `Sequential.forward`/`backward`, because that is how the activations after `featureLayer` and the gradient
/// arriving there can be kept: a `BackwardObserver` is only told that a layer's backward has finished, not what it
/// returned. Index order rather than `Sequential.executionOrder` (which runs a ReLU after the max pool that
/// follows it) gives the same values, max(relu(x)) = relu(max(x)), and keeps a ReLU's output at full size: for the
/// article's CNN the output of relu2 is conv2's rectified maps at 14×14, before pool2.
public struct ClassScoreGradients<Scalar: KernelScalar> {
    /// The logits, [N, classes].
    public let scores: Tensor<Scalar>
    /// ∂y_{c_n}/∂x_n, in the input's shape [N, C, H, W].
    public let inputGradient: Tensor<Scalar>
    /// The output of the top-level layer `featureLayer`, e.g. [N, K, h, w]; nil without one.
    public let features: Tensor<Scalar>?
    /// ∂y_{c_n}/∂features, in the shape of `features`; nil without a feature layer.
    public let featureGradient: Tensor<Scalar>?

    /// One forward and one backward pass of `model` over `inputs` [N, …], image n explained for class
    /// `classes[n]`; `featureLayer` is an index into `model.layers`.
    public init(of model: Sequential<Scalar>, inputs: Tensor<Scalar>, classes: [Int], featureLayer: Int? = nil) throws {
        precondition(inputs.shape.first == classes.count, "ClassScoreGradients: \(classes.count) classes for a batch of \(inputs.shape)")
        precondition(featureLayer.map(model.layers.indices.contains) ?? true, "ClassScoreGradients: no layer \(featureLayer!)")
        (scores, inputGradient, features, featureGradient) = try model.withAttributionSettings(inputGradient: true) {
            var x = inputs, kept: Tensor<Scalar>?
            for (index, layer) in model.layers.enumerated() {
                x = try layer.forward(x)
                if index == featureLayer { kept = x }
            }
            let scores = x
            let classCount = scores.shape[1]
            var seed = Tensor<Scalar>(shape: scores.shape)
            for (n, c) in classes.enumerated() {
                precondition((0..<classCount).contains(c), "ClassScoreGradients: class \(c) of \(classCount)")
                seed.scalars[n * classCount + c] = 1
            }
            var gradient = seed, keptGradient: Tensor<Scalar>?
            for (index, layer) in model.layers.enumerated().reversed() {
                if index == featureLayer { keptGradient = gradient }
                gradient = try layer.backward(gradient)
            }
            return (scores, gradient, kept, keptGradient)
        }
    }
}
