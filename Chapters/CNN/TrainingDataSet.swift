/// What `workbook training` trained on, recorded in its run.json as the parameter "data set", so that a reader
/// of the record (`workbook training-seeds`) need not interpret the description of the data.
public enum TrainingDataSet: String, Sendable, CaseIterable {
    case fashionMNIST = "fashion-mnist"
    /// `--train-dir` and `--test-dir`.
    case imageFolder = "image-folder"

    /// The record's parameter.
    public static let parameterName = "data set"

    /// The data set of a `workbook training` record. Records written before the parameter existed (among them
    /// the committed results in Plots/5.2.3-training/seeds/, which must stay readable as they are) say it only
    /// in the first line of their "data" parameter, which names Fashion-MNIST first.
    public init?(recordedIn record: RunRecord) {
        switch record.parameters[Self.parameterName] {
        case .text(let name)?: self.init(rawValue: name)
        case nil:
            guard case .list(let lines)? = record.parameters["data"], case .text(let first)? = lines.first else { return nil }
            self = first.hasPrefix("Fashion-MNIST") ? .fashionMNIST : .imageFolder
        default: return nil
        }
    }
}
