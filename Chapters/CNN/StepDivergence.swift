import Foundation

/// How two engines trained from the same draws drift apart, step by step: the workbook's loss at each step of
/// epoch 1 against PyTorch's (pytorch_train_reference.py --randomness workbook --trace-steps N).
///
/// Both start from the same weights and see the same batches, so at first they differ only by float32 rounding
/// (~1e-7). Each step feeds those differences into the next, and they grow geometrically until the two runs are
/// as different as two runs of different seeds. That growth, not the engine, is why the final accuracy of one
/// recipe moves by tenths of a point from seed to seed and even from one thread count to another.
public struct StepDivergence: Sendable {
    public var seed: Int
    /// Loss per step, from step 1.
    public var workbook: [Double]
    public var pytorch: [Double]

    public init(seed: Int, workbook: [Double], pytorch: [Double]) {
        precondition(workbook.count == pytorch.count && !workbook.isEmpty,
                     "StepDivergence: \(workbook.count) workbook losses, \(pytorch.count) PyTorch losses")
        self.seed = seed
        self.workbook = workbook
        self.pytorch = pytorch
    }

    /// |workbook/PyTorch − 1| per step.
    public var relativeDifferences: [Double] { zip(workbook, pytorch).map { abs($0 / $1 - 1) } }

    /// The first step (1-based) whose relative difference reaches `threshold`, if any.
    public func firstStep(reaching threshold: Double) -> Int? {
        relativeDifferences.firstIndex { $0 >= threshold }.map { $0 + 1 }
    }

    /// Steps per tenfold growth: from the first step at 1e-6 to the first at 1e-2 is four decades.
    public var stepsPerDecade: Double? {
        guard let start = firstStep(reaching: 1e-6), let end = firstStep(reaching: 1e-2), end > start else { return nil }
        return Double(end - start) / 4
    }

    /// The losses PyTorch recorded for `seed` from the workbook's draws: a result of pytorch_train_reference.py
    /// with `--randomness workbook --trace-steps N`; nil for any other JSON.
    public static func pytorchTrace(_ data: Data) -> (seed: Int, losses: [Double])? {
        guard let result = try? JSONDecoder().decode(PyTorchRecipeResult.self, from: data), result.draws == .workbook,
              let losses = result.firstStepLosses, !losses.isEmpty
        else { return nil }
        return (result.seed, losses)
    }
}
