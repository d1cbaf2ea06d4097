/// Told during a backward pass, as each layer's backward returns, that the gradients of that layer's parameters
/// (and of its descendants') are complete for this pass: what autograd hooks tell PyTorch DDP's reducer, so that a
/// bucket of gradients can be all-reduced while the layers before it are still computing theirs.
///
/// `Sequential` reports each of its layers (`model.observeBackward(by:)` attaches an observer to every Sequential
/// of a model). A layer inside another kind of container (a Residual's body that is not a Sequential) is reported
/// with the container, when the container's backward returns: later, never too early. A parameter shared by two
/// layers is complete only once both have run: an observer must not treat the first report as final for it.
public protocol BackwardObserver<Scalar>: AnyObject {
    associatedtype Scalar: KernelScalar
    /// `layer`'s backward has returned: its gradients and its descendants' hold this pass's final values.
    func backwardDidFinish(_ layer: any Layer<Scalar>)
}

extension Layer {
    /// Attaches `observer` to every `Sequential` in this model (itself included), or detaches with nil. The
    /// model holds it weakly (an observer usually holds the model).
    public func observeBackward(by observer: (any BackwardObserver<Scalar>)?) {
        for named in namedLayers() {
            (named.layer as? Sequential<Scalar>)?.backwardObserver = observer
        }
    }
}
