/// The learning curve's points: the recorded subset runs and the whole fit set's runs (the §5.2.3 records), per
/// size the test accuracy over the seeds at half the epochs and at the end, and the power law fitted to every run.
struct LearningCurve {
    struct Point {
        var size: Int
        var halfway: AccuracySummary
        var final: AccuracySummary
        /// Per seed, the end's accuracy minus the halfway one's (paired: the same run twice), over the seeds.
        var secondHalfGain: AccuracySummary
    }

    let results: DataSizeResults
    let wholeFitSet: [RecipeRun]
    /// Ascending in size; the whole fit set last when its runs are there.
    let points: [Point]
    /// Every run's size and final test accuracy (a fraction).
    let runs: [(size: Int, accuracy: Double)]
    /// error = 1 − accuracy against n, over `runs`; nil with too few.
    let fit: PowerLawFit?
    var runCount: Int { runs.count }

    init(results: DataSizeResults, wholeFitSet: [RecipeRun]) {
        self.results = results
        self.wholeFitSet = wholeFitSet
        var points = results.sizes.map { size in
            let runs = results.runs.filter { $0.size == size }
            return Point(size: size, halfway: AccuracySummary(runs.map(\.halfwayTestAccuracy)),
                         final: AccuracySummary(runs.map(\.testAccuracy)),
                         secondHalfGain: AccuracySummary(runs.map { $0.testAccuracy - $0.halfwayTestAccuracy }))
        }
        var runs = results.runs.sorted { ($0.size, $0.seed) < ($1.size, $1.seed) }.map { (size: $0.size, accuracy: $0.testAccuracy) }
        if !wholeFitSet.isEmpty {
            // "Half the epochs" of the 10-epoch recipe: the test accuracy each record holds after epoch 5.
            let half = RecipeRun.epochs / 2
            points.append(Point(size: DataSizeBudget.wholeFitSet,
                                halfway: AccuracySummary(wholeFitSet.map { $0.epochs[half - 1].testAccuracy }),
                                final: AccuracySummary(wholeFitSet.map(\.testAccuracy)),
                                secondHalfGain: AccuracySummary(wholeFitSet.map { $0.testAccuracy - $0.epochs[half - 1].testAccuracy })))
            runs += wholeFitSet.map { (size: DataSizeBudget.wholeFitSet, accuracy: $0.testAccuracy) }
        }
        self.points = points
        self.runs = runs
        fit = PowerLawFit(runs.map { (n: Double($0.size), error: 1 - $0.accuracy) })
    }
}
