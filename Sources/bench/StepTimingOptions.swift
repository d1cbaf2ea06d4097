import ArgumentParser

/// How a step's speed is timed, in `bench steps` and in `bench epochs`: `--warmup` untimed steps, then the fastest
/// of `--repeats` runs of `--steps` steps.
struct StepTimingOptions: ParsableArguments {
    @Option(help: "Timed steps per run.")
    var steps = 20
    @Option(help: "Runs per round; a round's step figure is its fastest run.")
    var repeats = 3
    @Option(help: "Untimed steps before each run.")
    var warmup = 5

    func validate() throws {
        guard steps > 0, repeats > 0, warmup >= 0 else {
            throw ValidationError("--steps and --repeats must be positive, --warmup not negative")
        }
    }
}
