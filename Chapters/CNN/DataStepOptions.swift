import Datasets

/// The options of the chapter-3 and chapter-5 steps that read Fashion-MNIST: where its files are (`--data-dir`)
/// and, for the steps that draw anything at random (a shuffle, initial weights), the seed (`--seed`).
public struct DataStepOptions: StepOptions, Equatable {
    public var dataDirectory = FashionMNIST.defaultDirectory
    public var seed: UInt64 = 0

    public init() {}

    public func validate() throws {
        guard !dataDirectory.isEmpty else { throw OptionError("--data-dir must name the folder of Fashion-MNIST's .gz files") }
    }
}
