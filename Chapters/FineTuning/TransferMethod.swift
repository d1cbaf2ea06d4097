/// How the few labelled images train a network (§4.3): the article's "replace the output layer and train part of
/// the parameters", at three depths, against training from scratch on the same images.
public enum TransferMethod: String, CaseIterable, Codable, Sendable {
    /// The pre-trained body frozen, the new head alone trained (a linear classifier on the body's 128 features).
    case linearProbe = "linear-probe"
    /// The last block of the body (fc1) and the new head trained, the convolutions frozen.
    case lastBlock = "last-block"
    /// Every parameter trained, starting from the pre-trained body and the new head.
    case full = "full"
    /// The same network from fresh random weights, every parameter trained: what the pre-training is worth.
    case scratch = "from-scratch"

    /// The names of the article CNN's layers whose parameters train; nil: all of them.
    public var trainedLayers: Set<String>? {
        switch self {
        case .linearProbe: [PretrainedCNN.headName]
        case .lastBlock: ["fc1", PretrainedCNN.headName]
        case .full, .scratch: nil
        }
    }

    /// True for the methods that start from the pre-trained body.
    public var usesPretraining: Bool { self != .scratch }

    public var label: String {
        switch self {
        case .linearProbe: "linear probe (head only)"
        case .lastBlock: "last block + head"
        case .full: "full fine-tune"
        case .scratch: "from scratch"
        }
    }
}
