import Foundation
import DeepLearning

/// A run's state at the end of an epoch, all that it takes to go on as if it had never stopped: every parameter
/// and buffer of the model (batch norm's running statistics included), the optimizer's state (Adam's m, v and t),
/// the trainer's clocks (epochs done, the global step that drives the schedule, skipped steps), and the random
/// position. The loader draws every shuffle, crop and flip as a function of (seed, epoch, position in the epoch),
/// and the weights' generator is spent at initialisation, so the seed and the next epoch ARE the random position:
/// nothing else is saved, and the resumed run's losses are bitwise those of the run that did not stop (same
/// build, same thread count).
///
/// One safetensors file: the model's tensors under their full names (the file loads as weights too:
/// `loadSafetensors(into: model, from:)`), the optimizer's buffers under "optimizer/<name>", the rest in the
/// metadata. `save` is atomic and durable (a temporary file in the same folder, fsync, rename over the previous
/// checkpoint): a process killed at any moment leaves the last complete checkpoint on disk.
///
///     try Checkpoint(trainer.state, completedEpochs: epoch + 1, seed: seed, recipe: recipe).save(to: url)
///     …
///     try Checkpoint.load(from: url).restore(into: trainer.state, recipe: recipe)   // train epoch completedEpochs next
public struct Checkpoint: Equatable, Sendable {
    public static let format = "workbook-checkpoint-1"

    /// Epochs finished: a resumed run trains epoch `completedEpochs` (0-based) next.
    public var completedEpochs: Int
    /// Optimizer steps taken, skipped ones included (the schedule's clock).
    public var globalStep: Int
    public var skippedSteps: Int
    /// The loader's seed: with the epoch index, every later draw.
    public var seed: UInt64
    /// What was trained and how (model, data, batch size, optimizer and schedule), in words the caller chooses:
    /// `restore` refuses a run whose recipe differs, since the state would mean something else there.
    public var recipe: String
    /// Every parameter and buffer of the model, by full name.
    public var tensors: [String: Tensor<Float>]
    public var optimizer: OptimizerState<Float>

    public init(completedEpochs: Int, globalStep: Int, skippedSteps: Int, seed: UInt64, recipe: String,
                tensors: [String: Tensor<Float>], optimizer: OptimizerState<Float>) {
        self.completedEpochs = completedEpochs
        self.globalStep = globalStep
        self.skippedSteps = skippedSteps
        self.seed = seed
        self.recipe = recipe
        self.tensors = tensors
        self.optimizer = optimizer
    }

    /// The state of a trainer between epochs. Throws if its optimizer cannot save its state.
    public init(_ state: TrainingState, completedEpochs: Int, seed: UInt64, recipe: String) throws {
        guard let optimizer = state.optimizer as? any StatefulOptimizer<Float> else {
            throw TrainingError("\(state.optimizer) cannot save its state, so a checkpoint cannot resume it")
        }
        self.init(completedEpochs: completedEpochs, globalStep: state.globalStep, skippedSteps: state.skippedSteps,
                  seed: seed, recipe: recipe,
                  tensors: Dictionary(uniqueKeysWithValues: state.model.namedTensors().map { ($0.name, $0.parameter.value) }),
                  optimizer: optimizer.state)
    }

    /// Puts this state into `state`'s model, optimizer and clocks. Checks everything first (the recipe, every
    /// tensor's presence and shape, the optimizer's buffers), so that a refused checkpoint changes nothing.
    public func restore(into state: TrainingState, recipe: String) throws {
        guard recipe == self.recipe else {
            throw TrainingError("the checkpoint was written by another recipe (\(self.recipe)); this run is \(recipe)")
        }
        guard let optimizer = state.optimizer as? any StatefulOptimizer<Float> else {
            throw TrainingError("\(state.optimizer) cannot restore its state from a checkpoint")
        }
        let named = state.model.namedTensors()
        let values = try named.map { tensor in
            guard let value = tensors[tensor.name], value.shape == tensor.parameter.shape else {
                throw TrainingError("the checkpoint has no tensor \(tensor.name) of shape \(tensor.parameter.shape): "
                                    + "written for another model")
            }
            return value
        }
        try self.optimizer.check(against: optimizer.state, optimizer: "\(optimizer)")
        for (tensor, value) in zip(named, values) { tensor.parameter.value = value }
        try optimizer.restore(self.optimizer)
        state.epoch = completedEpochs
        state.globalStep = globalStep
        state.skippedSteps = skippedSteps
    }

    // MARK: - The file

    private static let optimizerPrefix = "optimizer/"
    private static let counterPrefix = "optimizer_counter/"

    /// Writes the checkpoint to `url` atomically and durably (see the type), replacing any previous one.
    public func save(to url: URL) throws {
        var stored = tensors.mapValues { SafetensorsTensor($0) }
        for (name, values) in optimizer.buffers {
            stored[Self.optimizerPrefix + name] = SafetensorsTensor(Tensor(shape: [values.count], scalars: values))
        }
        var metadata = ["format": Self.format, "completed_epochs": "\(completedEpochs)", "global_step": "\(globalStep)",
                        "skipped_steps": "\(skippedSteps)", "seed": "\(seed)", "recipe": recipe]
        for (name, values) in optimizer.counters {
            metadata[Self.counterPrefix + name] = values.map(String.init).joined(separator: ",")
        }
        try saveSafetensors(SafetensorsContents(tensors: stored, metadata: metadata), to: url)
    }

    /// Reads a file written by `save`; anything else (another format, a missing field) is one clear error.
    public static func load(from url: URL) throws -> Checkpoint {
        let contents = try loadSafetensors(from: url)
        let metadata = contents.metadata
        guard metadata["format"] == format else {
            throw TrainingError("\(url.path): not a training checkpoint (format \(metadata["format"] ?? "none"), "
                                + "expected \(format))")
        }
        func number<T: LosslessStringConvertible>(_ key: String) throws -> T {
            guard let value = metadata[key].flatMap(T.init) else {
                throw TrainingError("\(url.path): metadata \"\(key)\" is missing or not a number")
            }
            return value
        }
        var tensors: [String: Tensor<Float>] = [:], optimizer = OptimizerState<Float>()
        for (name, stored) in contents.tensors {
            let value = try stored.tensor(as: Float.self, name: name)
            if name.hasPrefix(optimizerPrefix) {
                optimizer.buffers[String(name.dropFirst(optimizerPrefix.count))] = value.scalars
            } else {
                tensors[name] = value
            }
        }
        for (key, text) in metadata where key.hasPrefix(counterPrefix) {
            let values = text.split(separator: ",").map { Int($0) }
            guard values.allSatisfy({ $0 != nil }) else {
                throw TrainingError("\(url.path): metadata \"\(key)\" is not a list of whole numbers")
            }
            optimizer.counters[String(key.dropFirst(counterPrefix.count))] = values.map { $0! }
        }
        return Checkpoint(completedEpochs: try number("completed_epochs"), globalStep: try number("global_step"),
                          skippedSteps: try number("skipped_steps"), seed: try number("seed"),
                          recipe: metadata["recipe"] ?? "", tensors: tensors, optimizer: optimizer)
    }
}
