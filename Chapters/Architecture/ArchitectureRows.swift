/// §9.1's runs, declared before any of them: the article's CNN, the small ResNet and the small ViT under one recipe,
/// each trained for the same minutes, and a narrower ViT with the ResNet's parameter count; then the same three on
/// stratified subsets of the fit set. They are `AblationRow`s, trained and read back by §5.3.3's machinery
/// (`ImprovementsStep.train`, `AblationRun`), recorded under Plots/9.1-architecture/runs/<row>/seed-N/, and the
/// PyTorch twin has the same rows (`pytorch_train_reference.py --row arch-vit`, ROWS).
///
/// **The recipe** is the for the ViT and the same for every model, so that only the architecture differs:
/// random crop (padding 2) and flip, AdamW (λ 0.05) at α 0.001 with a linear warm-up over the first epoch from 0.1·α
/// and cosine decay to 0, label smoothing 0.1, batch 64. Nothing was tuned on these runs.
///
/// **Equal wall time.** Every comparison row trains for about `minutes` (7.5) minutes on 2 cores: its epochs are
/// that budget divided by the model's epoch time measured on this machine (AMD Zen 3, 2 kernel workers, release
/// build, quiet, 2026-12-02; Plots/9.1-architecture/bench-*.txt), rounded to whole epochs, because a warm-up +
/// cosine schedule cut in the middle would be another recipe. Each epoch adds about a third of a step's time per
/// image for evaluating 15,000 images. The CNN at 637 img/s (86 + 8 s per epoch): 5 epochs; the ResNet at 399 img/s
/// (138 + 12 s): 3; the ViT at 449 img/s after its vector kernels (`bench steps --models vit,vit-narrow --threads 2
/// --rounds 3 --repeats 2 --steps 10`, bench-vit-narrow-quiet.txt; 122 + 11 s): 3; the narrow ViT at 631 img/s (87 +
/// 8 s): 5. (The first declaration, 2 and 3 epochs, rested on the ViT's 293 img/s before those kernels and was
/// re-declared before any run.) The table prints each row's measured training minutes beside its accuracy.
///
/// **Equal parameters.** The narrow ViT against the ResNet (174,970): the same 6-block, 4-head ViT has
/// 72·C² + 158·C + 10 parameters at dimension C (per block 12·C² + 13·C; patch embedding 17·C, class token C,
/// position embedding 50·C, final norm 2·C, head 10·C + 10), so C = 44, 48, 52 give 146,354, 173,482 and 202,914:
/// dimension 48 matches within 1%.
///
/// **Data size.** n = 1,000 and 5,000 fit images (n/10 per class, §9.2's nested stratified draws), each repeated to
/// 55,000 per epoch, so a subset run has its architecture's epochs, steps, schedule and minutes: the curve asks what
/// the same training time buys on less data. One seed per subset (the 3-hour budget: Plots/9.1-architecture/
/// PLAN.md); the 55,000-image point is the comparison row's three seeds.
public enum ArchitectureRows {
    /// The equal-wall-time budget each comparison row was sized to, in minutes of training on 2 cores.
    public static let minutes = 7.5
    /// The comparison rows' seeds.
    public static let seeds = [0, 1, 2]
    /// The subset rows' seeds.
    public static let subsetSeeds = [0]
    public static let subsetSizes = [1_000, 5_000]

    /// The recipe every row shares, for `model` trained `epochs` epochs.
    public static func recipe(_ model: ImprovementRecipe.Model, epochs: Int) -> ImprovementRecipe {
        var recipe = ImprovementRecipe()
        recipe.model = model
        recipe.augmentation = [.crop, .flip]
        recipe.schedule = .warmupCosine
        recipe.weightDecay = 0.05
        recipe.labelSmoothing = 0.1
        recipe.epochs = epochs
        return recipe
    }

    /// Each architecture's epochs at the equal-wall-time budget (see the type's comment).
    public static let epochs: [ImprovementRecipe.Model: Int] = [.cnn: 5, .resnet: 3, .vit: 3, .vitNarrow: 5]

    /// The three architectures of the curves (the narrow ViT is the equal-parameter check only).
    public static let architectures: [ImprovementRecipe.Model] = [.cnn, .resnet, .vit]

    /// "arch-vit", "arch-vit-narrow".
    public static func name(_ model: ImprovementRecipe.Model) -> String { "arch-\(model.rawValue)" }
    /// "arch-vit-n1000".
    public static func name(_ model: ImprovementRecipe.Model, subset: Int) -> String { "arch-\(model.rawValue)-n\(subset)" }

    /// The comparison: the three architectures at equal wall time, and the narrow ViT.
    public static let comparison: [AblationRow] = (architectures + [.vitNarrow]).map { model in
        let summary: String
        switch model {
        case .cnn: summary = "the article's CNN"
        case .resnet: summary = "the small ResNet"
        case .vit: summary = "the small ViT (patch 4, dimension 64, 6 blocks of 4 heads)"
        case .vitNarrow: summary = "the ViT at dimension 48: the ResNet's parameter count"
        case .densenet: summary = "DenseNet-BC-40"
        }
        return AblationRow(name: name(model), summary: "\(summary), \(epochs[model]!) epochs",
                           recipe: recipe(model, epochs: epochs[model]!), seeds: seeds)
    }

    /// The curves' subset rows, by architecture then size.
    public static let subsets: [AblationRow] = architectures.flatMap { model in
        subsetSizes.map { size in
            var recipe = recipe(model, epochs: epochs[model]!)
            recipe.fitSubset = size
            return AblationRow(name: name(model, subset: size),
                               summary: "\(model.rawValue) on \(size.formatted()) fit images repeated to 55,000 per epoch",
                               recipe: recipe, seeds: subsetSeeds)
        }
    }

    public static var all: [AblationRow] { comparison + subsets }

    /// The rows whose PyTorch twin runs are in the plan: the ViT, new in this engine (the CNN's and the ResNet's
    /// engine agreement is §5.2.3's and §5.3.3's to measure; their twins here would exceed the 3-hour budget).
    public static let pytorchRows = [name(.vit)]

    public static func named(_ name: String) -> AblationRow? { all.first { $0.name == name } }

    /// The row in quick mode: 2 epochs; a subset row on `quickSubset(size)` images of the quick fit set.
    static func quickForm(_ row: AblationRow) -> AblationRow {
        var quick = row.quickForm
        if quick.recipe.fitSubset > 0 { quick.recipe.fitSubset = quickSubset(quick.recipe.fitSubset) }
        return quick
    }

    /// The quick run's stand-in for a subset of `size`: 50 and 100 of the 256 quick fit images (5 and 10 per class).
    static func quickSubset(_ size: Int) -> Int { size < 5_000 ? 50 : 100 }
}
