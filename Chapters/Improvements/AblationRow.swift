/// A row of §5.3.3's ablation table: a name (its folder under Plots/5.3.3-improvements/runs/ and `--row`), the
/// recipe, and the seeds declared for it before any run (3 per row, 5 for the best recipe).
///
/// Each row changes one thing against the row above it or against the baseline, so that the table says what each
/// measure buys alone and together. All but the best recipe train 10 epochs (the "equal epochs" budget); the best
/// recipe is the issue's ≤ 30-minute target and sets the "equal wall time" budget.
public struct AblationRow: Equatable, Sendable {
    public var name: String
    public var summary: String
    public var recipe: ImprovementRecipe
    public var seeds: [Int]

    /// The rows in table order.
    public static let all: [AblationRow] = {
        let flipAndCrop: [TrainingAugmentation] = [.crop, .flip]
        func row(_ name: String, _ summary: String, seeds: [Int] = [0, 1, 2],
                 _ change: (inout ImprovementRecipe) -> Void) -> AblationRow {
            var recipe = ImprovementRecipe()
            change(&recipe)
            return AblationRow(name: name, summary: summary, recipe: recipe, seeds: seeds)
        }
        return [
            row("baseline", "§5.2.3's recipe: the article's CNN, Adam 0.001, batch 64, 10 epochs") { _ in },
            row("cnn-aug", "+ augmentation (random crop, padding 2, and flip)") { $0.augmentation = flipAndCrop },
            row("cnn-aug-cosine", "+ warm-up and cosine decay") {
                $0.augmentation = flipAndCrop
                $0.schedule = .warmupCosine
            },
            row("resnet", "the small ResNet instead of the CNN, the baseline's recipe") { $0.model = .resnet },
            row("resnet-aug", "ResNet + augmentation") {
                $0.model = .resnet
                $0.augmentation = flipAndCrop
            },
            row("resnet-aug-cosine", "ResNet + augmentation + warm-up and cosine decay") {
                $0.model = .resnet
                $0.augmentation = flipAndCrop
                $0.schedule = .warmupCosine
            },
            row("densenet-aug-cosine", "DenseNet-BC-40 + augmentation + warm-up and cosine decay") {
                $0.model = .densenet
                $0.augmentation = flipAndCrop
                $0.schedule = .warmupCosine
            },
            // Declared before any run of it, untuned: AdamW's λ 0.05 and α 0.002 are the usual values for small
            // convolutional networks trained with Adam-type optimizers and a cosine schedule; 15 epochs is what
            // fits the 30 minutes at the ResNet's measured epoch time.
            row("best", "ResNet + crop, flip and random erasing, warm-up and cosine, AdamW, label smoothing 0.1, "
                + "flip TTA, 15 epochs", seeds: [0, 1, 2, 3, 4]) {
                $0.model = .resnet
                $0.augmentation = [.crop, .flip, .erase]
                $0.schedule = .warmupCosine
                $0.weightDecay = 0.05
                $0.labelSmoothing = 0.1
                $0.testTimeAugmentation = true
                $0.epochs = 15
                $0.learningRate = 0.002
            },
        ]
    }()

    /// The row called `name` (a row of the table or a cell of the learning-rate × batch grid), or nil.
    public static func named(_ name: String) -> AblationRow? { (all + HyperparameterGrid.rows).first { $0.name == name } }
}
