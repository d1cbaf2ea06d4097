import Datasets

/// The augmentations `workbook training --augment` and §5.3.3's recipes can add to the article's recipe, in the
/// pipeline's order (decode → these → normalise): the three of §5.3.3 and random erasing, with the settings of the
/// usual 28×28 recipes.
public enum TrainingAugmentation: String, CaseIterable, Sendable {
    /// RandomCrop to the image's own size after padding 2 pixels of zeros on every side.
    case crop
    /// RandomCrop after padding 4 pixels (the CIFAR recipes' padding, a seventh of a 28-pixel side).
    case crop4
    /// RandomHorizontalFlip with p = 0.5.
    case flip
    /// RandomRotation by an angle uniform in ±10°.
    case rotate
    /// RandomErasing with Zhong et al.'s settings (p = 0.5, area 0.02–0.4, aspect 0.3–3.3), erasing to the mean.
    case erase

    /// The pipeline stage for images of `height`×`width` that `normalization` normalises afterwards (erasing fills
    /// with the mean it maps to 0, as torchvision's RandomErasing after Normalize does).
    public func stage(height: Int, width: Int, normalization: InputNormalization) -> any Augmentation {
        switch self {
        case .crop: RandomCrop(height, width, padding: 2)
        case .crop4: RandomCrop(height, width, padding: 4)
        case .flip: RandomHorizontalFlip()
        case .rotate: RandomRotation(degrees: 10)
        case .erase: RandomErasing.erasingToMean(of: normalization)
        }
    }

    /// "crop,flip" → [.crop, .flip]; one line naming the unknown part otherwise.
    public static func parse(_ list: String) throws -> [TrainingAugmentation] {
        try list.split(separator: ",").map { part in
            guard let augmentation = TrainingAugmentation(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
                throw OptionError("unknown augmentation \"\(part)\"; choose from "
                                  + allCases.map(\.rawValue).joined(separator: ", "))
            }
            return augmentation
        }
    }
}
