/// An error of the article (Chapters/README.md, "Errata"), and the planned step that demonstrates it by computation.
public struct Erratum: Sendable {
    public let number: Int
    /// Where the article says it.
    public let sections: [ArticleSection]
    /// What the article says, and why it is wrong.
    public let summary: String
    /// The `WorkbookPlan` command that computes the evidence; nil when there is nothing to compute.
    public let demonstratedBy: String?
}

/// The live check a step registers for an erratum (`ChapterStep.errataChecks`): computed when asked.
public struct ErratumCheck: Sendable {
    public let erratum: Int
    public let evaluate: @Sendable () -> ErratumEvidence

    public init(erratum: Int, evaluate: @escaping @Sendable () -> ErratumEvidence) {
        self.erratum = erratum
        self.evaluate = evaluate
    }
}

/// The article's value against the correct one, as computed now.
public struct ErratumEvidence: Sendable {
    public let articleValue: String
    public let correctValue: String
    /// True when the computation confirms the erratum (the article's value is not the correct one).
    public let confirmed: Bool
    public let explanation: String
    /// Set when the check reads recorded runs that do not exist yet: what is missing and how to record it.
    public let missingRecords: String?

    public init(articleValue: String, correctValue: String, confirmed: Bool, explanation: String) {
        self.articleValue = articleValue
        self.correctValue = correctValue
        self.confirmed = confirmed
        self.explanation = explanation
        missingRecords = nil
    }

    /// A check that cannot decide yet: the recorded runs it reads are missing (`reason` says which and how to run them).
    public init(missingRecords reason: String) {
        (articleValue, correctValue, confirmed, explanation) = ("", "", false, "")
        missingRecords = reason
    }
}

/// Every known erratum, and their status given the implemented steps.
public enum Errata {
    public static let all: [Erratum] = [
        Erratum(number: 1, sections: [.gradientDescent],
                summary: "\"w₁ = 1 − 0.01·2x − y\" is not the gradient step; it is w₁ = w₀ − α·2x(w₀x − y)",
                demonstratedBy: "gradient-descent"),
        Erratum(number: 2, sections: [.adam],
                summary: "the last line updates with m₁/√v₁ (no bias correction, no ε): the first step is α(1−β₁)/√(1−β₂) ≈ 3.16α, not α",
                demonstratedBy: "adam"),
        Erratum(number: 3, sections: [.modelDefinition],
                summary: "fc1 = Linear(128·28·28, 128) cannot follow two 2×2 poolings of a 224-px input (the map is 56×56)",
                demonstratedBy: "model-definition"),
        Erratum(number: 4, sections: [.modelDefinition],
                summary: "the explanation speaks of one fully connected layer and two ReLUs; the code has two linear layers and three ReLUs",
                demonstratedBy: "model-definition"),
        Erratum(number: 5, sections: [.codeAnalysis],
                summary: "ImageFolder does not \"automatically perform data augmentation\": the transform has no random step",
                demonstratedBy: "preprocessing"),
        Erratum(number: 6, sections: [.codeStrengthsAndWeaknesses],
                summary: "\"the model is simple, so training takes long\" inverts cause and effect",
                demonstratedBy: "compute-resources"),
        Erratum(number: 7, sections: [.environmentSetup],
                summary: "`export PATH=$PATH:/usr/local/bin/python3` appends a file, not a directory, to PATH",
                demonstratedBy: "environment"),
        Erratum(number: 8, sections: [.relatedPapers, .suggestedPapers],
                summary: "\"A Theoretically Optimal Algorithm for Learning to Play No-Longer-Drawn Games\" is not the AlphaGo paper (Silver et al., Nature 2016)",
                demonstratedBy: nil),
        Erratum(number: 9, sections: [.trainingTime],
                summary: "data augmentation does not shorten training: the augmented model reaches each accuracy later",
                demonstratedBy: "training-time"),
        Erratum(number: 10, sections: [.evaluationProcess, .improvements],
                summary: "recall and F1 are named, but the evaluation code computes accuracy only",
                demonstratedBy: "evaluation"),
    ]

    public enum Status {
        /// Computed now by the demonstrating step.
        case checked(ErratumEvidence)
        /// The demonstrating step (or its check) does not exist yet.
        case pending(command: String)
        /// The check exists but the recorded runs it reads do not (what is missing and how to record it).
        case awaitingRecords(command: String, reason: String)
        /// A citation or wording error: nothing to compute.
        case notComputable
    }

    public static func status(of erratum: Erratum, implemented: [any ChapterStep.Type]) -> Status {
        guard let command = erratum.demonstratedBy else { return .notComputable }
        let check = implemented.filter { $0.command == command }
            .flatMap { $0.errataChecks }.first { $0.erratum == erratum.number }
        guard let evidence = check?.evaluate() else { return .pending(command: command) }
        return evidence.missingRecords.map { .awaitingRecords(command: command, reason: $0) } ?? .checked(evidence)
    }
}

extension Errata {
    /// The text of `workbook errata`: every erratum, its demonstrating step, and its live check or why none.
    public static func report(implemented: [any ChapterStep.Type]) -> String {
        var lines = ["Errata of the article (Chapters/README.md), checked now:"]
        for erratum in all {
            let sections = erratum.sections.map { "§" + $0.number }.joined(separator: ", ")
            lines.append("")
            lines.append("\(erratum.number). \(sections): \(erratum.summary)")
            switch status(of: erratum, implemented: implemented) {
            case .checked(let evidence):
                lines.append("   checked by `workbook \(erratum.demonstratedBy ?? "")`: "
                             + (evidence.confirmed ? "CONFIRMED" : "NOT CONFIRMED"))
                lines.append("   article: \(evidence.articleValue)")
                lines.append("   correct: \(evidence.correctValue)")
                lines.append("   \(evidence.explanation)")
            case .pending(let command):
                let section = WorkbookPlan.step(named: command).map { " (§\($0.section.number))" } ?? ""
                lines.append("   pending: `workbook \(command)`\(section) is not implemented yet")
            case .awaitingRecords(let command, let reason):
                lines.append("   checked by `workbook \(command)` once its records exist: \(reason)")
            case .notComputable:
                lines.append("   a citation error: nothing to compute")
            }
        }
        return lines.joined(separator: "\n")
    }
}
