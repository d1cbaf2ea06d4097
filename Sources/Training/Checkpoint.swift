import Foundation
import DeepLearning

/// A run's state at the end of an epoch or between two steps of one, all that it takes to go on as if it had never
/// stopped: every parameter and buffer of the model (batch norm's running statistics included), the optimizer's
/// state (Adam's m, v and t), the trainer's clocks (epochs done, steps done in the next epoch with their losses,
/// the global step that drives the schedule, skipped steps), and the random position. The loader draws every
/// shuffle, crop and flip as a function of (seed, epoch, position in the epoch), and the weights' generator is
/// spent at initialisation, so the seed, the epoch and the step in it ARE the random position: nothing else is
/// saved, and the resumed run's losses are bitwise those of the run that did not stop (same build, same thread
/// count).
///
/// One safetensors file: the model's tensors under their full names (the file loads as weights too:
/// `loadSafetensors(into: model, from:)`), the optimizer's buffers under "optimizer/<name>", the rest in the
/// metadata. `save` is atomic and durable (a temporary file in the same folder, fsync, rename over the previous
/// checkpoint): a process killed at any moment leaves the last complete checkpoint on disk.
///
///     try Checkpoint(trainer.state, completedEpochs: epoch + 1, seed: seed, recipe: recipe).save(to: url)
///     …
///     try Checkpoint.load(from: url).restore(into: trainer.state, recipe: recipe)   // train epoch completedEpochs next
///
/// Mid-epoch (an interrupted run, `CheckpointSaving`): `completedSteps` of epoch `completedEpochs` are done, and
/// `trainer.fit(source, epochs: completedEpochs..<n, firstStep: completedSteps)` takes the epoch's remaining steps.
public struct Checkpoint: Equatable, Sendable {
    public static let format = "workbook-checkpoint-1"

    /// Epochs finished: a resumed run trains epoch `completedEpochs` (0-based) next.
    public var completedEpochs: Int
    /// Steps of epoch `completedEpochs` already taken (0 at an epoch's end), and their losses (the epoch's mean
    /// loss is over all its steps, those before the interruption too).
    public var completedSteps: Int
    public var epochLosses: [Float]
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

    public init(completedEpochs: Int, completedSteps: Int = 0, epochLosses: [Float] = [], globalStep: Int,
                skippedSteps: Int, seed: UInt64, recipe: String, tensors: [String: Tensor<Float>],
                optimizer: OptimizerState<Float>) {
        self.completedEpochs = completedEpochs
        self.completedSteps = completedSteps
        self.epochLosses = epochLosses
        self.globalStep = globalStep
        self.skippedSteps = skippedSteps
        self.seed = seed
        self.recipe = recipe
        self.tensors = tensors
        self.optimizer = optimizer
    }

    /// The state of a trainer between epochs. Throws if its optimizer cannot save its state.
    public init(_ state: TrainingState, completedEpochs: Int, seed: UInt64, recipe: String) throws {
        try self.init(state, completedEpochs: completedEpochs, completedSteps: 0, seed: seed, recipe: recipe)
    }

    /// The state of a trainer after its latest step, in the middle of epoch `state.epoch` (an interrupted run).
    public init(midEpoch state: TrainingState, seed: UInt64, recipe: String) throws {
        try self.init(state, completedEpochs: state.epoch, completedSteps: state.step, seed: seed, recipe: recipe)
    }

    private init(_ state: TrainingState, completedEpochs: Int, completedSteps: Int, seed: UInt64, recipe: String) throws {
        guard let optimizer = state.optimizer as? any StatefulOptimizer<Float> else {
            throw TrainingError("\(state.optimizer) cannot save its state, so a checkpoint cannot resume it")
        }
        self.init(completedEpochs: completedEpochs, completedSteps: completedSteps,
                  epochLosses: completedSteps > 0 ? state.epochLosses : [],
                  globalStep: state.globalStep, skippedSteps: state.skippedSteps, seed: seed, recipe: recipe,
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
        guard epochLosses.count == completedSteps else {
            throw TrainingError("the checkpoint has \(epochLosses.count) step losses for \(completedSteps) steps done")
        }
        for (tensor, value) in zip(named, values) { tensor.parameter.value = value }
        try optimizer.restore(self.optimizer)
        state.epoch = completedEpochs
        state.step = completedSteps
        state.epochLosses = epochLosses
        state.globalStep = globalStep
        state.skippedSteps = skippedSteps
    }

    // MARK: - The file

    private static let optimizerPrefix = "optimizer/"
    private static let counterPrefix = "optimizer_counter/"
    private static let epochLossesName = "trainer/epoch_losses"

    /// Writes the checkpoint to `url` atomically and durably (see the type), replacing any previous one.
    public func save(to url: URL) throws {
        var stored = tensors.mapValues { SafetensorsTensor($0) }
        for (name, values) in optimizer.buffers {
            stored[Self.optimizerPrefix + name] = SafetensorsTensor(Tensor(shape: [values.count], scalars: values))
        }
        if !epochLosses.isEmpty {
            stored[Self.epochLossesName] = SafetensorsTensor(Tensor(shape: [epochLosses.count], scalars: epochLosses))
        }
        var metadata = ["format": Self.format, "completed_epochs": "\(completedEpochs)",
                        "completed_steps": "\(completedSteps)", "global_step": "\(globalStep)",
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
        var tensors: [String: Tensor<Float>] = [:], optimizer = OptimizerState<Float>(), epochLosses: [Float] = []
        for (name, stored) in contents.tensors {
            let value = try stored.tensor(as: Float.self, name: name)
            if name == epochLossesName {
                epochLosses = value.scalars
            } else if name.hasPrefix(optimizerPrefix) {
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
        // Checkpoints written before the in-epoch position existed were all written at an epoch's end.
        let completedSteps: Int = metadata["completed_steps"] == nil ? 0 : try number("completed_steps")
        let completedEpochs: Int = try number("completed_epochs")
        guard completedEpochs >= 0, completedSteps >= 0 else {
            throw TrainingError("\(url.path): negative epochs (\(completedEpochs)) or steps (\(completedSteps)) done")
        }
        return Checkpoint(completedEpochs: completedEpochs, completedSteps: completedSteps,
                          epochLosses: epochLosses, globalStep: try number("global_step"),
                          skippedSteps: try number("skipped_steps"), seed: try number("seed"),
                          recipe: metadata["recipe"] ?? "", tensors: tensors, optimizer: optimizer)
    }
}
