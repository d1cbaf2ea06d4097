import Foundation
import DeepLearning
import Datasets
import Plotting

/// §5.1 开发环境搭建: the article installs Python 3.8+, `torch torchvision`, numpy, scikit-learn and CUDA, adds
/// them to PATH and checks `torch.__version__` and `torch.cuda.is_available()`. The workbook needs Swift 6 and a
/// few Debian packages instead (`make deps` installs them); this step shows that each is found.
///
/// Erratum 7: `export PATH=$PATH:/usr/local/bin/python3` appends a FILE to PATH. The shell looks a command up as
/// `<entry>/<command>`, so the entry must be a directory: with it, `python3` is looked for at
/// `/usr/local/bin/python3/python3`, which cannot exist. The right line is `export PATH=$PATH:/usr/local/bin`.
public enum EnvironmentCheck {
    /// What `make deps` installs: the Makefile's APT_PACKAGES (a test checks the two lists agree).
    public static let debianPackages = [
        "libopenblas-dev", "zlib1g-dev", "libpng-dev", "libssl-dev", "mpich", "libmpich-dev", "gnuplot-nox",
        "libgnuplot-iostream-dev",
        "libboost-iostreams-dev", "libboost-filesystem-dev", "fonts-wqy-microhei", "dataset-fashion-mnist",
    ]

    /// The line the article adds to ~/.bashrc.
    public static let articlePathLine = "export PATH=$PATH:/usr/local/bin/python3"

    /// Whether dpkg lists `package` as installed; nil when dpkg-query is not available (not Debian).
    public static func isInstalled(_ package: String) -> Bool? {
        guard let output = runSubprocess("/usr/bin/dpkg-query", ["-W", "-f=${Status}", package]) else { return nil }
        return output.status == 0 && output.text.contains("install ok installed")
    }

    /// Where `/bin/sh` finds `command` with PATH set to `path` (`command -v`), or nil when it does not.
    public static func lookUp(_ command: String, path: String) -> String? {
        guard let output = runSubprocess("/bin/sh", ["-c", "command -v \(command)"], environment: ["PATH": path]),
              output.status == 0 else { return nil }
        let found = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return found.isEmpty ? nil : found
    }

    /// What a PATH entry is on this machine.
    public enum EntryKind: String, Sendable {
        case directory = "a directory", file = "a file", missing = "missing"
    }

    public static func kind(of entry: String) -> EntryKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: entry, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }

    /// Erratum 7, live: a temporary `bin/python3` script, looked up with PATH = the file (the article) and with
    /// PATH = its folder (correct).
    public static func pathExperiment() -> (file: String, viaFile: String?, viaDirectory: String?) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-path-\(UUID().uuidString)")
        let bin = folder.appendingPathComponent("bin")
        let script = bin.appendingPathComponent("python3")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try "#!/bin/sh\necho python3 stand-in\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        } catch {
            return (script.path, nil, nil)
        }
        return (script.path, lookUp("python3", path: "/nonexistent:" + script.path),
                lookUp("python3", path: "/nonexistent:" + bin.path))
    }
}

/// `workbook environment`: §5.1 narrated.
public enum EnvironmentStep: ConfigurableStep {
    public static let command = "environment"
    public static let section = ArticleSection.environmentSetup
    public static let abstract = "§5.1: what the workbook needs instead of Python/CUDA, and that OpenBLAS, gnuplot and the data set are found; erratum 7 (PATH) live."
    public static let discussion = """
        Lists the Debian packages `make deps` installs and whether each is installed; shows the OpenBLAS the \
        process loaded (its CPU kernels from openblas_get_corename, its build from openblas_get_config, its \
        threads), gnuplot's version and whether charts can be rendered, and that Fashion-MNIST's four files are \
        there with their recorded SHA-256. Runs the article's own check (torch.__version__, \
        torch.cuda.is_available()) when python3 and torch are present. Erratum 7: the article's \
        `export PATH=$PATH:/usr/local/bin/python3` appends a file; the step shows a shell failing to find a \
        python3 through such an entry and finding it through its folder.
        """

    public static let errataChecks = [
        ErratumCheck(erratum: 7) {
            let experiment = EnvironmentCheck.pathExperiment()
            return ErratumEvidence(
                articleValue: "PATH=…:<dir>/bin/python3 (a file): `command -v python3` → \(experiment.viaFile ?? "not found")",
                correctValue: "PATH=…:<dir>/bin (its folder): `command -v python3` → "
                    + (experiment.viaDirectory == experiment.file ? "<dir>/bin/python3 (found)" : experiment.viaDirectory ?? "not found"),
                confirmed: experiment.viaFile == nil && experiment.viaDirectory != nil,
                explanation: "the shell tries <entry>/python3 for each PATH entry, so an entry must be a directory; the article should append /usr/local/bin")
        },
    ]

    public static func run(_ options: DataStepOptions, in context: RunContext) throws {
        let dataDirectory = options.dataDirectory
        context.heading("What the article installs, and what the workbook needs instead")
        context.say(table(["article (§5.1)", "workbook"], [
            ["Python 3.8+", "Swift 6 (\(context.record.environment.swiftVersion ?? "swift not on PATH"))"],
            ["pip install torch torchvision", "our engine (Sources/DeepLearning) on OpenBLAS: libopenblas-dev"],
            ["pip install numpy scikit-learn", "metrics in Swift (ClassificationReport); zlib1g-dev, libpng-dev for the data"],
            ["CUDA, cuDNN on PATH / LD_LIBRARY_PATH", "CPU only: nothing to add to any path"],
            ["torchvision.datasets.ImageFolder", "Datasets/ImageFolder.swift; Fashion-MNIST from dataset-fashion-mnist"],
            ["(charts not covered)", "gnuplot-nox, libgnuplot-iostream-dev, boost, fonts-wqy-microhei"],
        ]))
        context.say("")
        context.say("`make deps` installs what is missing of (idempotent; the same list as the Makefile's APT_PACKAGES):")
        var missing: [String] = []
        for package in EnvironmentCheck.debianPackages {
            let installed = EnvironmentCheck.isInstalled(package)
            if installed != true { missing.append(package) }
            context.say("  \(installed == true ? "✓" : installed == nil ? "?" : "✗") \(package)")
        }
        context.say(missing.isEmpty ? "all installed" : "missing: \(missing.joined(separator: " ")) — run `make deps`")
        context.result("missing packages", .list(missing.map { .text($0) }))

        context.heading("OpenBLAS: the library doing the matrix products")
        let blas = BLASLibrary.current()
        context.say("core (CPU kernels chosen at load): \(blas.coreName)")
        context.say("build: \(blas.configuration)")
        context.say("threads per call: \(blas.threads) of \(blas.processors) processors (workbook training --threads N sets it; OPENBLAS_NUM_THREADS at start-up too)")
        context.result("openblas core", .text(blas.coreName))
        context.result("openblas config", .text(blas.configuration))
        context.blasThreads(blas.threads)

        context.heading("gnuplot: the charts")
        let gnuplot = runSubprocess("/usr/bin/env", ["gnuplot", "--version"])
        context.say(gnuplot.map { "found: \($0.text.trimmingCharacters(in: .whitespacesAndNewlines))" } ?? "not found: apt-get install gnuplot-nox")
        context.say(ChartWriter.gnuplotIsAvailable ? "charts render to PNG and SVG (pngcairo, svg terminals)" : ChartWriter.missingGnuplotNotice)

        context.heading("The data set: Fashion-MNIST in \(dataDirectory)")
        for split in FashionMNIST.Split.allCases {
            let files = FashionMNIST.files(split)
            for file in [files.images, files.labels] {
                let kind = EnvironmentCheck.kind(of: dataDirectory + "/" + file.name)
                context.say("  \(kind == .file ? "✓" : "✗") \(file.name)  sha256 \(file.sha256.prefix(16))…")
            }
        }
        do {
            let train = try FashionMNIST.load(.train, directory: dataDirectory)
            let test = try FashionMNIST.load(.test, directory: dataDirectory)
            context.say("loaded with checksums verified: \(train.count) training and \(test.count) test images")
        } catch {
            context.say("not usable: \(error)")
        }

        context.heading("The article's own check (torch.__version__, torch.cuda.is_available())")
        if let python = runSubprocess("/usr/bin/env", ["python3", "-c", "import torch; print(torch.__version__); print(torch.cuda.is_available())"]),
           python.status == 0 {
            let lines = python.text.split(separator: "\n")
            context.say("torch \(lines.first ?? "?"), cuda available: \(lines.dropFirst().first ?? "?")")
            context.say("The article calls the setup successful only if CUDA is available; the workbook never needs it (CPU, OpenBLAS).")
        } else {
            context.say("python3 with torch not found: not needed by the workbook (only `make bench-pytorch` compares with it)")
        }

        context.heading("Erratum 7: `\(EnvironmentCheck.articlePathLine)`")
        let entry = "/usr/local/bin/python3"
        context.say("the appended entry \(entry) is \(EnvironmentCheck.kind(of: entry).rawValue) on this machine; the shell would look for \(entry)/python3")
        let experiment = EnvironmentCheck.pathExperiment()
        context.say("live: a stand-in script at \(experiment.file)")
        context.say("  PATH=/nonexistent:<…>/bin/python3  →  command -v python3: \(experiment.viaFile ?? "not found")")
        context.say("  PATH=/nonexistent:<…>/bin          →  command -v python3: \(experiment.viaDirectory ?? "not found")")
        context.say("PATH lists directories; the article's line should read `export PATH=$PATH:/usr/local/bin`.")
    }
}
