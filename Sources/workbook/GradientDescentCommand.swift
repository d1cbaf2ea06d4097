import ArgumentParser
import Chapters

struct GradientDescentCommand: OptionsCommand {
    typealias Step = GradientDescentStep
    static let configuration = stepConfiguration()

    @Option(name: [.customLong("learning-rate"), .customShort("a")], parsing: .unconditional, help: "α, the learning rate.")
    var learningRate = GradientDescentOptions().learningRate
    @Option(parsing: .unconditional, help: "How many gradient steps (T).")
    var iterations = GradientDescentOptions().iterations
    @Option(parsing: .unconditional, help: "The sample's input x (the article gives none).")
    var x = GradientDescentOptions().x
    @Option(parsing: .unconditional, help: "The sample's target y (the article gives none).")
    var y = GradientDescentOptions().y
    @Option(name: .customLong("w0"), parsing: .unconditional, help: "The initial weight w₀.")
    var initialWeight = GradientDescentOptions().initialWeight
    @Option(name: .customLong("spelled-out"), parsing: .unconditional, help: "How many first iterations to print with every term.")
    var spelledOut = GradientDescentOptions().spelledOut
    @OptionGroup var output: OutputOptions

    var options: GradientDescentOptions {
        var options = GradientDescentOptions()
        (options.learningRate, options.iterations, options.x, options.y) = (learningRate, iterations, x, y)
        (options.initialWeight, options.spelledOut) = (initialWeight, spelledOut)
        return options
    }
}
