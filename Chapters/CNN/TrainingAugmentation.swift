import Datasets

/// The augmentations `workbook training --augment` can add to the article's recipe, in the pipeline's order
/// (decode → these → normalise): the three of §5.3.3, with the settings of the usual 28×28 recipes.
public enum TrainingAugmentation: String, CaseIterable, Sendable {
    /// RandomCrop to the image's own size after padding 2 pixels of zeros on every side.
    case crop
    /// RandomHorizontalFlip with p = 0.5.
    case flip
    /// RandomRotation by an angle uniform in ±10°.
    case rotate

    /// The pipeline stage for images of `height`×`width`.
    func stage(height: Int, width: Int) -> any Augmentation {
        switch self {
        case .crop: RandomCrop(height, width, padding: 2)
        case .flip: RandomHorizontalFlip()
        case .rotate: RandomRotation(degrees: 10)
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
