/// The `main` of a harness: SwiftPM links every executable with its entry point named `<module>_main` (so that tests
/// can link it), which leaves no room for libFuzzer's own `main`; each harness therefore defines that entry point and
/// hands over to libFuzzer's driver here, with the body to run on every input.
///
///     @_cdecl("fuzz_idx_main")
///     func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
///         runFuzzer(argc, argv) { bytes in _ = try? IDXArray(parsing: bytes, rank: 3, path: "fuzz input") }
///     }
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                      body: @escaping ([UInt8]) -> Void) -> Int32 {
    harnessBody = body
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { start, size in
        harnessBody?(Array(UnsafeBufferPointer(start: start, count: size)))
        return 0
    }
}

/// The harness's body; set once, before libFuzzer's driver starts calling it (on the main thread only).
nonisolated(unsafe) private var harnessBody: (([UInt8]) -> Void)?

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): parses libFuzzer's flags and runs the callback on
/// every input, as its own `main` would.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
