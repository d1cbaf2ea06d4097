/// A parameter (or buffer) with its full name in a model, e.g. `stage2.block1.conv1.weight`.
public struct NamedParameter<Scalar: KernelScalar> {
    public let name: String
    public let parameter: Parameter<Scalar>
}

/// A layer with its full name and depth in a model (the root has depth 0 and the name "").
public struct NamedLayer<Scalar: KernelScalar> {
    public let name: String
    public let depth: Int
    public let layer: any Layer<Scalar>
}

extension Layer {
    /// Every trainable tensor of this layer and its descendants, each once, with its full name: PyTorch's
    /// `named_parameters()`. Order: a layer's own parameters, then each child's in turn (depth first). A parameter
    /// shared by two layers is listed once, under the name of its first place, as PyTorch does.
    public func namedParameters() -> [NamedParameter<Scalar>] {
        var seen = Set<ObjectIdentifier>()
        return collect(buffers: false, seen: &seen)
    }

    /// Every buffer (saved, not trained) of this layer and its descendants, each once, with its full name:
    /// PyTorch's `named_buffers()`.
    public func namedBuffers() -> [NamedParameter<Scalar>] {
        var seen = Set<ObjectIdentifier>()
        return collect(buffers: true, seen: &seen)
    }

    /// Parameters, then buffers: what a checkpoint saves, under PyTorch's `state_dict()` keys.
    public func namedTensors() -> [NamedParameter<Scalar>] { namedParameters() + namedBuffers() }

    /// `namedParameters()` without the names, in the same order.
    public var parameters: [Parameter<Scalar>] { namedParameters().map(\.parameter) }

    /// `namedBuffers()` without the names.
    public var buffers: [Parameter<Scalar>] { namedBuffers().map(\.parameter) }

    /// Sets every parameter's gradient to zero, as PyTorch's `module.zero_grad()` (a training loop clears the
    /// store's one buffer instead: `ParameterStore.zeroGradients()`).
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// This layer and every descendant, depth first, each with its full name and depth (PyTorch's
    /// `named_modules()`, the root first with the name "").
    public func namedLayers() -> [NamedLayer<Scalar>] {
        var result: [NamedLayer<Scalar>] = []
        func visit(_ layer: any Layer<Scalar>, name: String, depth: Int) {
            result.append(NamedLayer(name: name, depth: depth, layer: layer))
            for child in layer.children { visit(child, name: joinedName(name, child.name), depth: depth + 1) }
        }
        visit(self, name: "", depth: 0)
        return result
    }

    /// Own parameters (or buffers) of every layer, depth first, each once.
    private func collect(buffers: Bool, seen: inout Set<ObjectIdentifier>) -> [NamedParameter<Scalar>] {
        var result: [NamedParameter<Scalar>] = []
        func visit(_ layer: any Layer<Scalar>, prefix: String) {
            for parameter in buffers ? layer.ownBuffers : layer.ownParameters
            where seen.insert(ObjectIdentifier(parameter)).inserted {
                result.append(NamedParameter(name: joinedName(prefix, parameter.name), parameter: parameter))
            }
            for child in layer.children { visit(child, prefix: joinedName(prefix, child.name)) }
        }
        visit(self, prefix: "")
        return result
    }
}

/// "stage2" + "conv1" → "stage2.conv1"; an empty part adds nothing.
func joinedName(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : name.isEmpty ? prefix : prefix + "." + name
}
