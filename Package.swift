// swift-tools-version: 6.0
//
// The neural-network workbook: an engine in Swift on OpenBLAS (DeepLearning), data loaders (Datasets),
// charts through gnuplot (Plotting), and one executable chapter per section of the article (Chapters).
import PackageDescription

let package = Package(
    name: "NeuralWorkbook",
    products: [
        .library(name: "DeepLearning", targets: ["DeepLearning"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Training", targets: ["Training"]),
        .executable(name: "workbook", targets: ["workbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian, seen through module maps: Kernels imports OpenBLAS, Codecs zlib, libpng and
        // libcrypto, Distributed MPICH.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        // MPICH (never Open MPI, whose mpiexec would take over): only Distributed imports it.
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "mpich",
                       providers: [.apt(["libmpich-dev"])]),

        // The measured FMA peak: a few AVX2+FMA instructions compiled for that target alone, checked at run time.
        .target(name: "CFMAPeak"),
        // The register tile of the direct 3×3 convolution, compiled for AVX2+FMA alone, checked at run time.
        .target(name: "CDirectConvolution"),
        // The Transformer's element-wise math (e^x, the exact GELU, a softmax row) in 8 lanes, compiled for AVX2+FMA
        // alone, checked at run time.
        .target(name: "CVectorMath"),
        // Free functions over flat buffers (gemm, im2col, pooling, element-wise), each with a naive twin.
        // The only place for `withUnsafe…` and `cblas_*` in the math.
        .target(name: "Kernels", dependencies: ["CBLAS", "CFMAPeak", "CDirectConvolution", "CVectorMath"]),
        // gunzip, PNG encode/decode and SHA-256: the only place for unsafe code on the data side.
        .target(name: "Codecs", dependencies: ["CZlib", "CPNG", "CCrypto"]),
        // Tensor, layers with hand-written backward passes, losses, optimizers, seeded RNG, init, safetensors.
        .target(name: "DeepLearning", dependencies: ["Kernels"]),

        // A small C++ target that drives gnuplot through gnuplot-iostream; Plotting describes the charts.
        .target(name: "GnuplotBridge",
                linkerSettings: [.linkedLibrary("boost_iostreams"), .linkedLibrary("boost_filesystem")]),
        .target(name: "Plotting", dependencies: ["GnuplotBridge"]),
        // glibc's malloc tracer around a window of code in a child process: the bench's and the tests' proof that a
        // steady state allocates nothing.
        .target(name: "AllocationTracing"),
        // The folder trees fuzz-image-folder reads, written from fuzz inputs: shared with the regression tests that
        // replay the inputs that crashed it (Fuzz/README.md).
        .target(name: "FuzzTree", dependencies: ["Codecs"], path: "Fuzz/FuzzTree"),

        // IDX and ImageFolder readers, torchvision-style transforms, the DataLoader's batch pipeline.
        .target(name: "Datasets", dependencies: ["DeepLearning", "Codecs"], path: "Datasets",
                exclude: ["README.md"]),
        // The training loop every chapter trains through: Trainer (model, loss, optimizer, schedule, callbacks
        // passed in), learning-rate schedules, clipping, early stopping, progress, evaluation.
        .target(name: "Training", dependencies: ["DeepLearning", "Datasets"]),
        // Training on several processes over MPI: the Communicator, data parallelism (DDP's bucketed all-reduce
        // overlapping backward), model parallelism (a GPipe pipeline), the all-reduce benchmark and scaling model.
        .target(name: "Distributed", dependencies: ["CMPI", "DeepLearning", "Datasets", "Training"]),
        // One file per article section: a pure `compute` that tests pin and a `run` that narrates.
        // The git commit of the build, for the run records: generated at build time by the BuildCommit plugin.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .target(name: "Chapters", dependencies: ["DeepLearning", "Datasets", "Training", "Distributed", "Plotting"], path: "Chapters",
                exclude: ["README.md"], plugins: ["BuildCommit"]),

        .executableTarget(name: "workbook", dependencies: [
            "Chapters", "Training", "Distributed", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "bench", dependencies: [
            "DeepLearning", "Datasets", "Training", "Chapters", "Plotting", "AllocationTracing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["pytorch_reference.py", "pytorch_train_reference.py", "pytorch_models.py"]),

        // What the Distributed tests start under `mpiexec -n 2`: one scenario per run, results as lines on stdout.
        .executableTarget(name: "mpi-probe", dependencies: ["Distributed"]),

        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "DeepLearningTests", dependencies: ["DeepLearning"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Codecs", "AllocationTracing", "FuzzTree"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChaptersTests", dependencies: ["Chapters"], resources: [.copy("Fixtures")]),
        // Each test starts mpi-probe (or the workbook) under mpiexec and reads what the ranks printed.
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "Training", "DeepLearning", "mpi-probe"]),
        // The bench's GEMM list against hand derivations and the models' FLOP counts.
        .testTarget(name: "BenchTests", dependencies: ["bench"]),
        // The command line: how parsed options become a step's options.
        .testTarget(name: "WorkbookTests", dependencies: ["workbook", "DeepLearning", "Datasets", "Training"]),
    ],
    cxxLanguageStandard: .cxx17
)

// Fuzzing harnesses for the readers of files users bring (libFuzzer; Fuzz/README.md). Only when WORKBOOK_FUZZ is set,
// as `make fuzz` does: a harness has no main of its own (libFuzzer's comes with -sanitize=fuzzer), so it would not
// link in a plain build.
if Context.environment["WORKBOOK_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"),
        .executableTarget(name: "fuzz-idx", dependencies: ["FuzzDriver", "Datasets"], path: "Fuzz/IDX"),
        .executableTarget(name: "fuzz-gzip-idx", dependencies: ["FuzzDriver", "Codecs", "Datasets"], path: "Fuzz/GzipIDX"),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzDriver", "DeepLearning"], path: "Fuzz/Safetensors"),
        .executableTarget(name: "fuzz-png", dependencies: ["FuzzDriver", "Codecs"], path: "Fuzz/PNG"),
        .executableTarget(name: "fuzz-image-folder", dependencies: ["FuzzDriver", "FuzzTree", "Datasets"],
                          path: "Fuzz/ImageFolder"),
        .executableTarget(name: "fuzz-run-record", dependencies: ["FuzzDriver", "Chapters"], path: "Fuzz/RunRecord"),
    ]
}
