/// What Sources/bench/pytorch_train_reference.py prints after `RESULT `, saved as a JSON file: one run of §5.2.3's
/// recipe in PyTorch (Plots/5.2.3-training/seeds/), with the losses of its first steps when it traced them
/// (seeds/traces/).
struct PyTorchRecipeResult: Decodable {
    struct Epoch: Decodable {
        /// The mean training loss of the epoch's steps.
        var loss: Double
        /// The test accuracy after the epoch, in percent.
        var test: Double
    }

    var seed: Int
    var threads: Int
    /// torch's version: only PyTorch results have it.
    var torch: String
    /// `--randomness`: "workbook" or "torch"; absent from results older than the option, which used torch's.
    var randomness: String?
    var epochs: [Epoch]
    /// `--trace-steps`: the loss of each of the first steps, in order.
    var firstStepLosses: [Double]?

    enum CodingKeys: String, CodingKey {
        case seed, threads, torch, randomness, epochs
        case firstStepLosses = "first_step_losses"
    }

    /// Whose random draws gave the initial weights and the batch order; nil for a value the reader does not know.
    var draws: RecipeRun.Draws? { RecipeRun.Draws(rawValue: randomness ?? RecipeRun.Draws.torch.rawValue) }
}
