import Foundation

/// One run of the learning curve: the baseline recipe on a stratified subset of n fit images.
public struct DataSizeRun: Codable, Equatable, Sendable {
    public var size: Int
    public var seed: Int
    public var epochs: Int
    public var steps: Int
    public var trainingSeconds: Double
    /// The mean training loss of the last epoch: how far the subset itself was fitted.
    public var finalTrainLoss: Double
    /// On the test images after half the epochs, and after all of them (the result).
    public var halfwayTestAccuracy: Double
    public var testAccuracy: Double

    public init(size: Int, seed: Int, epochs: Int, steps: Int, trainingSeconds: Double, finalTrainLoss: Double,
                halfwayTestAccuracy: Double, testAccuracy: Double) {
        (self.size, self.seed, self.epochs, self.steps, self.trainingSeconds) = (size, seed, epochs, steps, trainingSeconds)
        (self.finalTrainLoss, self.halfwayTestAccuracy, self.testAccuracy) = (finalTrainLoss, halfwayTestAccuracy, testAccuracy)
    }
}

/// Every run of a `workbook data-size --train` (Plots/9.2-data-size/runs/results.json, beside its run.json), plus
/// the whole fit set's point, which comes from the recorded §5.2.3 runs of the same seeds (`DataSizeStep`).
public struct DataSizeResults: ResultsFile, Equatable, Sendable {
    public var budget: DataSizeBudget
    public var runs: [DataSizeRun]

    public static let fileName = "results.json"

    public init(budget: DataSizeBudget, runs: [DataSizeRun] = []) {
        (self.budget, self.runs) = (budget, runs)
    }

    /// The sizes measured, ascending.
    public var sizes: [Int] { Array(Set(runs.map(\.size))).sorted() }
}
