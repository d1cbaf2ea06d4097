import ArgumentParser
import Chapters

struct AdamCommand: OptionsCommand {
    typealias Step = AdamStep
    static let configuration = stepConfiguration()

    @Option(name: [.customLong("learning-rate"), .customShort("a")], parsing: .unconditional, help: "α, the learning rate.")
    var learningRate = AdamOptions().hyperparameters.learningRate
    @Option(parsing: .unconditional, help: "β₁, the decay of the first moment.")
    var beta1 = AdamOptions().hyperparameters.beta1
    @Option(parsing: .unconditional, help: "β₂, the decay of the second moment.")
    var beta2 = AdamOptions().hyperparameters.beta2
    @Option(parsing: .unconditional, help: "ε, added to √v̂ (the article omits it).")
    var epsilon = AdamOptions().hyperparameters.epsilon
    @Option(parsing: .unconditional, help: "How many steps of each optimizer.")
    var steps = AdamOptions().steps
    @Option(name: .customLong("spelled-out"), parsing: .unconditional, help: "How many first steps to print with every term.")
    var spelledOut = AdamOptions().spelledOut
    @OptionGroup var output: OutputOptions

    var options: AdamOptions {
        var options = AdamOptions()
        options.hyperparameters = .init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        (options.steps, options.spelledOut) = (steps, spelledOut)
        return options
    }
}
