/// Class weights for a weighted cross-entropy from a training set's class counts.
public enum ClassWeights {
    /// w_c = N / (C·n_c), scikit-learn's `compute_class_weight("balanced")`: ∝ 1/frequency, and 1 for every class
    /// of a balanced set. (With the mean reduction the scale cancels; this one keeps the numbers readable: at 2% of
    /// the Shirts, 9 classes weigh ≈ 0.9 and Shirt ≈ 45.) Traps on a class with no image (its weight is infinite).
    public static func inverseFrequency(classCounts: [Int]) -> [Float] {
        precondition(classCounts.allSatisfy { $0 > 0 }, "ClassWeights: every class needs an image, got \(classCounts)")
        let total = Double(classCounts.reduce(0, +)), classes = Double(classCounts.count)
        return classCounts.map { Float(total / (classes * Double($0))) }
    }
}
