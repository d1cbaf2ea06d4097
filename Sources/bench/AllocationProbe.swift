import Foundation
import Glibc

/// Counts the heap allocations of steady-state training steps, with glibc's malloc tracer.
///
/// The bench re-runs itself as a child with `--allocation-probe` under LD_PRELOAD=libc_malloc_debug.so.0 (which
/// glibc ≥ 2.34 needs for mtrace) and MALLOC_TRACE=<file>. The child runs some steps (workspaces get their sizes),
/// then calls mtrace() and muntrace() around one phase of one more step; every malloc/realloc in between is a
/// "+"/">" line in the trace. Zero lines = that phase of a steady step allocates nothing.
enum AllocationProbe {
    static let flag = "--allocation-probe"


    /// In the child: run `steps` steps untraced (every workspace gets its size), then one more traced (the
    /// trainer's whole step: clearing, forward, loss, backward, Adam), exit. One step only, because each mtrace()
    /// call starts the trace file afresh.
    static func runChild(steps: Int) throws -> Never {
        let step = TrainingStep()
        for _ in 0..<steps { try step.run() }
        // glibc ≥ 2.34 keeps the working mtrace in libc_malloc_debug under the compat version GLIBC_2.2.5, which
        // plain dlsym does not return; dlvsym (itself looked up by dlsym, as Swift's Glibc does not declare it) does.
        typealias Toggle = @convention(c) () -> Void
        typealias VersionedLookup = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>,
                                                   UnsafePointer<CChar>) -> UnsafeMutableRawPointer?
        guard let library = dlopen("libc_malloc_debug.so.0", RTLD_NOW | RTLD_NOLOAD),
              let lookup = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dlvsym"),
              let startSymbol = unsafeBitCast(lookup, to: VersionedLookup.self)(library, "mtrace", "GLIBC_2.2.5"),
              let stopSymbol = unsafeBitCast(lookup, to: VersionedLookup.self)(library, "muntrace", "GLIBC_2.2.5") else {
            FileHandle.standardError.write(Data("allocation probe: glibc's mtrace is not available\n".utf8))
            exit(2)
        }
        let (start, stop) = (unsafeBitCast(startSymbol, to: Toggle.self), unsafeBitCast(stopSymbol, to: Toggle.self))
        start()
        try step.run()
        stop()
        exit(0)
    }

    /// In the parent: the allocations of a steady step (after `steps` untraced ones) — made by Swift code, and
    /// made inside OpenBLAS (which mallocs a work buffer in some calls; not ours to avoid) — or nil if the probe
    /// could not run.
    static func countAllocations(steps: Int) -> (swift: Int, openBLAS: Int)? {
        let preload = "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"
        guard FileManager.default.fileExists(atPath: preload) else { return nil }
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("bench-mtrace-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: trace) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = [flag, String(steps)]
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = preload
        environment["MALLOC_TRACE"] = trace.path
        child.environment = environment
        do { try child.run() } catch { return nil }
        child.waitUntilExit()
        guard child.terminationStatus == 0, let text = try? String(contentsOf: trace, encoding: .utf8) else { return nil }
        // "+ address size" is a malloc, "> address size" the new block of a realloc; the caller comes first.
        let allocations = text.split(separator: "\n").filter { $0.hasPrefix("@") && ($0.contains("] + ") || $0.contains("] > ")) }
        let inOpenBLAS = allocations.filter { $0.contains("libopenblas") }.count
        return (allocations.count - inOpenBLAS, inOpenBLAS)
    }
}
