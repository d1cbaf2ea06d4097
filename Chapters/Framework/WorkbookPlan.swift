/// One step the workbook plans to reproduce (a row of the map in Chapters/README.md): its command name, the
/// section it belongs to, the other sections it also covers, and what it computes. A step is *implemented* when a
/// `ChapterStep` with the same `command` is registered in the workbook executable.
public struct PlannedStep: Sendable {
    public let command: String
    public let section: ArticleSection
    public let alsoCovers: [ArticleSection]
    public let shows: String

    public init(_ command: String, _ section: ArticleSection, alsoCovers: [ArticleSection] = [], shows: String) {
        self.command = command
        self.section = section
        self.alsoCovers = alsoCovers
        self.shows = shows
    }
}

/// Every planned step, in article order. New steps take their command name from here, so that `workbook list`,
/// `workbook chapter N` and the errata all agree on it.
public enum WorkbookPlan {
    public static let steps: [PlannedStep] = [
        PlannedStep("compute-resources", .computeResources, alsoCovers: [.computeRequirements],
                    shows: "parameters, FLOPs, activation and Adam memory per layer of the article's CNN and the ResNet; measured sgemm ceiling; 6·N·D on paper"),
        PlannedStep("data-audit", .dataPreprocessing, alsoCovers: [.dataSet],
                    shows: "the real data set: duplicates, conflicting labels, class balance, channel mean/std, augmentation previews"),
        PlannedStep("training-step", .trainingProcess, alsoCovers: [.modelBuilding],
                    shows: "one training step of the CNN layer by layer: shapes, forward values, gradients"),
        PlannedStep("evaluation", .evaluationProcess,
                    shows: "accuracy, precision, recall, F1 and the confusion matrix, by hand then on the trained CNN"),
        PlannedStep("gradient-descent", .gradientDescent,
                    shows: "J(w) = (wx − y)², each iteration's arithmetic, closed form, learning-rate sweep, α < 1/x²"),
        PlannedStep("adam", .adam,
                    shows: "m, v, m̂, v̂, w per step; the article's uncorrected update against the correct one; GD vs Adam paths"),
        PlannedStep("fine-tuning", .preTrainingAndFineTuning,
                    shows: "pre-train without labels (rotations) and on classes 0–4, replace the head, fine-tune on k per class (probe, last block, full) vs from scratch"),
        PlannedStep("losses", .lossFunction,
                    shows: "MSE and cross-entropy by hand; BCE vs MSE gradients on a sigmoid; both training one classifier"),
        PlannedStep("environment", .environmentSetup,
                    shows: "what make checks and installs; that OpenBLAS, gnuplot and the data set are found"),
        PlannedStep("preprocessing", .projectPreprocessing,
                    shows: "Resize, ToTensor, Normalize, ImageFolder, DataLoader with torchvision's semantics"),
        PlannedStep("model-definition", .modelDefinition,
                    shows: "the article's CNN as written fails at 224 px (fc1 size); the two fixes and parameter counts"),
        PlannedStep("training", .modelTraining,
                    shows: "the CNN trained with the article's recipe: loss per epoch, test accuracy, curves"),
        PlannedStep("training-seeds", .modelTraining,
                    shows: "every recorded run of that recipe in both engines: means over seeds, the engines' difference in standard errors, same-draws pairs"),
        PlannedStep("improvements", .improvements,
                    shows: "the ablation: ResNet, DenseNet, augmentation, schedules, AdamW, label smoothing, TTA vs the baseline, both engines"),
        PlannedStep("data-parallel", .improvements,
                    shows: "the CNN on N MPI ranks (DDP's buckets overlapping backward): equal to one process, speed-up, compute/communication split, scaling on paper"),
        PlannedStep("model-parallel", .improvements,
                    shows: "the CNN as a 2-stage GPipe pipeline on 2 MPI ranks: equal to one process, the bubble against (N − 1)/(M + N − 1), why data parallelism wins"),
        PlannedStep("saliency", .copingStrategies,
                    shows: "input gradient, SmoothGrad, occlusion and Grad-CAM maps of the trained CNN; Adebayo's weight-randomisation check"),
        PlannedStep("fairness", .fairness, alsoCovers: [.copingStrategies],
                    shows: "a class made rare (2/5/20% of its images): per-class recall, worst class, gap, confusion rows; weighted loss, oversampling, logit adjustment against it"),
        PlannedStep("architecture", .architectureChoice, alsoCovers: [.modelArchitecture, .modelBuilding],
                    shows: "the CNN, the ResNet and a small ViT under one recipe at equal wall time and equal parameters (both engines), accuracy against data size, attention rollout maps, attention's cost against tokens"),
        PlannedStep("data-size", .howMuchData,
                    shows: "test accuracy of the baseline against the fit-set size (500 … 55,000, seeds 0–2), a fitted power law a·n^(−b) + c, what 2× and 10× the data would buy"),
        PlannedStep("training-time", .trainingTime,
                    shows: "mixed precision with loss scaling, early stopping, augmentation: time and accuracy measured"),
    ]

    /// The planned step with this command name.
    public static func step(named command: String) -> PlannedStep? {
        steps.first { $0.command == command }
    }

    /// The chapters (top-level article sections) that have at least one planned step.
    public static var chapters: [Int] {
        Array(Set(steps.map(\.section.chapter))).sorted()
    }
}
