import DeepLearning
import Plotting

/// How the CNN chapters print and draw a `ClassificationReport`: the per-class table with its averages, and the
/// confusion matrix as a heatmap (rows: true class, columns: predicted class, counts in the cells).
enum ClassificationNarration {
    /// The per-class precision, recall, F1 and support, then the macro, weighted and micro averages.
    static func scoreTable(_ report: ClassificationReport, classNames: [String]) -> String {
        let percent = { (value: Double) in format(100 * value, digits: 4) + "%" }
        var rows = report.classes.enumerated().map { index, scores in
            ["\(index) \(classNames[index])", percent(scores.precision), percent(scores.recall), percent(scores.f1),
             "\(scores.support)"]
        }
        let total = report.classes.reduce(0) { $0 + $1.support }
        for (name, average) in [("macro avg", report.macro), ("weighted avg", report.weighted), ("micro avg", report.micro)] {
            rows.append([name, percent(average.precision), percent(average.recall), percent(average.f1), "\(total)"])
        }
        rows.append(["accuracy", "", "", percent(report.accuracy), "\(total)"])
        return table(["class", "precision", "recall", "F1", "support"], rows)
    }

    /// The confusion matrix as text: one row per true class.
    static func confusionText(_ report: ClassificationReport, classNames: [String]) -> String {
        let header = ["true \\ predicted"] + classNames.indices.map(String.init)
        return table(header, report.confusion.enumerated().map { row, counts in
            ["\(row) \(classNames[row])"] + counts.map(String.init)
        })
    }

    /// The confusion matrix heatmap.
    static func confusionChart(_ report: ClassificationReport, classNames: [String], name: String,
                               title: String) -> Chart {
        Chart(name: name, title: title,
              content: .heatmap(Heatmap(values: report.confusion.map { $0.map(Double.init) },
                                        rowLabels: classNames, columnLabels: classNames)),
              xAxis: Axis("predicted class"), yAxis: Axis("true class"), width: 900, height: 820)
    }
}
