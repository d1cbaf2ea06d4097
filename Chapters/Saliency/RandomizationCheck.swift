import DeepLearning

/// Adebayo et al.'s (2018) model-parameter randomisation test: an explanation that is about the model must change
/// when the model's weights are replaced by random ones. Cascading, as in the paper: the trained model's layers are
/// replaced one at a time, from the top (fc2, then fc1, conv2, conv1) by those of the same architecture freshly
/// initialised from another seed, and after each replacement every map is computed again for the same images and
/// classes and compared with the trained model's by Spearman's rank correlation. The last stage, every layer
/// replaced, is the fully randomised model. ρ near 1: the map hardly depends on what was learnt (it shows the
/// image, e.g. its edges); near 0: it does.
struct RandomizationCheck {
    /// The layers replaced, in order, by name.
    static let cascade = ["fc2", "fc1", "conv2", "conv1"]

    /// One stage of the cascade: the layers randomised so far and the maps of that model.
    struct Stage {
        var randomisedLayers: [String]
        var maps: SaliencyMaps
        /// `correlations[method][n]`: ρ between image n's map here and the trained model's, nil when undefined.
        var correlations: [SaliencyMethod: [Double?]]

        /// The mean ρ of a method over the images where it is defined, with their count.
        func meanCorrelation(_ method: SaliencyMethod) -> (mean: Double, defined: Int)? {
            let defined = (correlations[method] ?? []).compactMap { $0 }
            guard !defined.isEmpty else { return nil }
            return (defined.reduce(0, +) / Double(defined.count), defined.count)
        }
    }

    let stages: [Stage]

    /// Runs the cascade on `trained` (left untouched: the stages work on a copy), randomised weights drawn as
    /// `CNNTrainer` draws a fresh model's, from `randomSeed`.
    init(trained: Sequential<Float>, trainedMaps: SaliencyMaps, inputs: Tensor<Float>, classes: [Int],
         settings: SaliencyMaps.Settings, randomSeed: UInt64, inputShape: [Int], classCount: Int) throws {
        var randomGenerator = RandomGenerator(seed: randomSeed, stream: CNNTrainer.weightStream)
        let randomModel = CNNTrainer.articleCNN(inputShape, classCount, &randomGenerator)
        var unused = RandomGenerator(seed: 0)  // every weight drawn here is overwritten by the trained one
        let model = CNNTrainer.articleCNN(inputShape, classCount, &unused)
        for (copy, original) in zip(model.parameters, trained.parameters) { copy.value = original.value }
        var stages: [Stage] = []
        for (depth, name) in Self.cascade.enumerated() {
            guard let target = model.layers.first(where: { $0.name == name }),
                  let source = randomModel.layers.first(where: { $0.name == name }) else {
                preconditionFailure("RandomizationCheck: the article's CNN has no layer \(name)")
            }
            for (copy, random) in zip(target.parameters, source.parameters) { copy.value = random.value }
            let maps = try SaliencyMaps(of: model, inputs: inputs, classes: classes, settings: settings)
            var correlations: [SaliencyMethod: [Double?]] = [:]
            for method in SaliencyMethod.allCases {
                correlations[method] = zip(trainedMaps.maps[method]!, maps.maps[method]!).map { spearmanCorrelation($0, $1) }
            }
            stages.append(Stage(randomisedLayers: Array(Self.cascade[...depth]), maps: maps, correlations: correlations))
        }
        self.stages = stages
    }
}
