import ArgumentParser
import Chapters

/// `--data-dir`: where Fashion-MNIST's .gz files are (Debian's folder by default), for every step that reads them.
struct DataSetOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Where Fashion-MNIST's .gz files are.")
    var dataDirectory = DataStepOptions().dataDirectory

    /// The options of a step that reads Fashion-MNIST.
    func options(seed: UInt64) -> DataStepOptions {
        var options = DataStepOptions()
        (options.dataDirectory, options.seed) = (dataDirectory, seed)
        return options
    }
}
