import Datasets

/// The two readings of §4.3's pre-training: what the body learns from, and which task the few labels teach.
public enum FineTuningReading: String, CaseIterable, Codable, Sendable {
    /// As the article defines pre-training: the 55,000 fit images WITHOUT their labels, through the rotation
    /// pretext task (4 classes: the quarter turns); then the 10 classes from k labelled images each.
    case selfSupervised = "self-supervised"
    /// As practice usually means it: supervised pre-training on the labelled fit images of classes 0–4; then
    /// classes 5–9 (a 5-way task whose classes the body never saw) from k labelled images each.
    case supervisedTransfer = "supervised-transfer"

    public var label: String {
        switch self {
        case .selfSupervised: "self-supervised (rotation prediction on the unlabelled fit images)"
        case .supervisedTransfer: "supervised transfer (pre-trained on classes 0–4, fine-tuned on 5–9)"
        }
    }

    /// The classes of the downstream task, by their Fashion-MNIST labels.
    public var downstreamClasses: [Int] {
        switch self {
        case .selfSupervised: Array(0 ..< 10)
        case .supervisedTransfer: Array(5 ..< 10)
        }
    }

    /// The pre-training set built from the fit images: their four rotations labelled by the rotation (the class
    /// labels are dropped), or the images of classes 0–4 with their labels.
    public func pretrainingImages(from fit: LabeledImages) -> LabeledImages {
        switch self {
        case .selfSupervised: RotationPretext.pretextImages(fit)
        case .supervisedTransfer: FewShotSubset.images(fit, ofClasses: Array(0 ..< 5))
        }
    }

    /// The downstream test set: the test images of `downstreamClasses`, relabelled 0, 1, ….
    public func downstreamImages(_ images: LabeledImages) -> LabeledImages {
        FewShotSubset.images(images, ofClasses: downstreamClasses)
    }
}
