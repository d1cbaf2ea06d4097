import Foundation
import Datasets
import DeepLearning
import Plotting

/// The class token's attention rollout over the test images §8.3 explains for the CNN (the images its fixed rule
/// chose, as its record lists them: "correct #0", … "Shirt, wrong #117"), so that the ViT's maps sit beside §8.3's.
/// A ViT run of `--train` computes them from its final weights and keeps them in its record (the weights themselves
/// are not committed); the report draws them from there.
struct AttentionMaps: Equatable {
    /// Test-set indices and §8.3's caption of each ("wrong #23").
    var images: [Int]
    var captions: [String]
    /// Per image the patch grid's map, row-major (7×7 for patch 4).
    var maps: [[Double]]

    static let imagesKey = "attention rollout images"
    static let captionsKey = "attention rollout captions"
    static let mapsKey = "attention rollout"

    /// §8.3's images from its record under `recordsRoot` (Plots/8.3-saliency/run.json), or nil without it.
    static func saliencyImages(recordsRoot: URL) -> (indices: [Int], captions: [String])? {
        let url = recordsRoot.appendingPathComponent(SaliencyStep.folderName).appendingPathComponent("run.json")
        guard let data = try? Data(contentsOf: url), let record = try? JSONDecoder().decode(RunRecord.self, from: data),
              case .list(let entries)? = record.parameters["images"] else { return nil }
        var indices: [Int] = [], captions: [String] = []
        for case .text(let entry) in entries {
            guard let hash = entry.lastIndex(of: "#"), let index = Int(entry[entry.index(after: hash)...]) else { return nil }
            indices.append(index)
            captions.append(entry)
        }
        return indices.isEmpty ? nil : (indices, captions)
    }

    /// The images to explain: §8.3's, or without its record §8.3's rule applied to this model's own predictions.
    static func images(recordsRoot: URL, test: LabeledImages, predictions: () throws -> [Int]) rethrows -> (indices: [Int], captions: [String], source: String) {
        if let chosen = saliencyImages(recordsRoot: recordsRoot), chosen.indices.allSatisfy({ $0 < test.count }) {
            return (chosen.indices, chosen.captions, "§8.3's images (its record)")
        }
        let examples = SaliencyExamples(labels: test.labels, predictions: try predictions()).examples
        return (examples.map(\.index), examples.map { "\($0.kind.rawValue) #\($0.index)" },
                "§8.3's rule on this ViT's predictions (no §8.3 record)")
    }

    /// The maps of `trainer`'s model for `indices` of `test`, normalised as its training inputs were.
    static func compute(_ trainer: CNNTrainer, test: LabeledImages, indices: [Int], captions: [String]) throws -> AttentionMaps {
        let subset = test.subset(indices)
        let loader = DataLoader(subset, batchSize: subset.count, normalization: trainer.normalization)
        guard let batch = try loader.batches(epoch: 0).next() else { throw OptionError("attention maps: no images") }
        return AttentionMaps(images: indices, captions: captions,
                             maps: try AttentionRollout.classTokenMaps(of: trainer.model, inputs: batch.inputs))
    }

    func record(in context: RunContext) {
        context.result(Self.imagesKey, .list(images.map { .integer($0) }))
        context.result(Self.captionsKey, .list(captions.map { .text($0) }))
        context.result(Self.mapsKey, .list(maps.map { .list($0.map { .number($0) }) }))
    }

    /// The maps a run record keeps, or nil.
    init?(record: RunRecord) {
        guard case .list(let images)? = record.results[Self.imagesKey], case .list(let captions)? = record.results[Self.captionsKey],
              case .list(let maps)? = record.results[Self.mapsKey], images.count == maps.count, captions.count == maps.count
        else { return nil }
        self.images = images.compactMap { if case .integer(let i) = $0 { i } else { nil } }
        self.captions = captions.compactMap { if case .text(let t) = $0 { t } else { nil } }
        self.maps = maps.compactMap { value -> [Double]? in
            guard case .list(let numbers) = value else { return nil }
            let map = numbers.compactMap(\.numberValue)
            return map.count == numbers.count ? map : nil
        }
        guard self.images.count == maps.count, self.captions.count == maps.count, self.maps.count == maps.count else { return nil }
    }

    init(images: [Int], captions: [String], maps: [[Double]]) {
        (self.images, self.captions, self.maps) = (images, captions, maps)
    }

    /// Three images a row: each test image, then its rollout drawn over it, each map stretched from its own minimum
    /// (no colour) to its maximum (yellow): rollout keeps the identity's share on every token, so the raw maps are
    /// close to uniform and only their differences show where the class token looks.
    func chart(name: String, title: String, test: LabeledImages) -> Chart {
        let side = test.width
        let pixels = test.subset(images).tensor().scalars.map(Double.init)
        var panels: [ImageGrid.Image] = []
        for (n, map) in maps.enumerated() {
            let picture = Array(pixels[n * side * side ..< (n + 1) * side * side])
            let grid = Int(Double(map.count).squareRoot().rounded())
            let (low, high) = (map.min() ?? 0, map.max() ?? 0)
            let scaled = AttentionRollout.upsampled(map, patchesPerSide: grid, imageSide: side)
                .map { high > low ? ($0 - low) / (high - low) : 0 }
            panels.append(ImageGrid.Image(width: side, height: side, pixels: picture, caption: captions[n]))
            panels.append(ImageGrid.Image(width: side, height: side, pixels: picture, caption: "rollout", overlay: scaled))
        }
        let columns = 6
        let rows = (panels.count + columns - 1) / columns
        return Chart(name: name, title: title, content: .images(ImageGrid(images: panels, columns: columns)),
                     width: 190 * columns, height: 60 + 190 * rows)
    }
}
