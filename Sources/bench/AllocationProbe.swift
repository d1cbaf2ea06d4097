import Foundation
import Glibc

/// Counts the heap allocations of steady-state training steps, with glibc's malloc tracer.
///
/// The bench re-runs itself as a child with `--allocation-probe` under LD_PRELOAD=libc_malloc_debug.so.0 (which
/// glibc ≥ 2.34 needs for mtrace) and MALLOC_TRACE=<file>. The child warms up (workspaces get their sizes), calls
/// mtrace(), runs `steps` steps, calls muntrace(); every malloc/realloc in between is a line starting "+ " in the
/// trace. Zero lines = the step allocates nothing.
enum AllocationProbe {
    static let flag = "--allocation-probe"

    /// What the child traces: forward + loss + backward (the engine), or Adam's update and the clearing of gradients.
    enum Phase: String {
        case engine, optimizer
    }

    /// In the child: warm up, trace one phase of `steps` steps, exit.
    static func runChild(phase: Phase, steps: Int) throws -> Never {
        let step = TrainingStep()
        for _ in 0..<3 { try step.run() }
        // glibc ≥ 2.34 keeps the working mtrace in libc_malloc_debug under the compat version GLIBC_2.2.5, which
        // plain dlsym does not return; dlvsym (itself looked up by dlsym, as Swift's Glibc does not declare it) does.
        typealias Toggle = @convention(c) () -> Void
        typealias VersionedLookup = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>,
                                                   UnsafePointer<CChar>) -> UnsafeMutableRawPointer?
        guard let library = dlopen("libc_malloc_debug.so.0", RTLD_NOW | RTLD_NOLOAD),
              let lookup = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dlvsym"),
              let start = unsafeBitCast(lookup, to: VersionedLookup.self)(library, "mtrace", "GLIBC_2.2.5"),
              let stop = unsafeBitCast(lookup, to: VersionedLookup.self)(library, "muntrace", "GLIBC_2.2.5") else {
            FileHandle.standardError.write(Data("allocation probe: glibc's mtrace is not available\n".utf8))
            exit(2)
        }
        for _ in 0..<steps {
            if phase == .engine { unsafeBitCast(start, to: Toggle.self)() }
            try step.forwardAndBackward()
            if phase == .engine { unsafeBitCast(stop, to: Toggle.self)() }
            if phase == .optimizer { unsafeBitCast(start, to: Toggle.self)() }
            step.update()
            if phase == .optimizer { unsafeBitCast(stop, to: Toggle.self)() }
        }
        exit(0)
    }

    /// In the parent: the allocations of one phase in `steps` steady steps — made by Swift code, and made inside
    /// OpenBLAS (which mallocs a work buffer in some calls; not ours to avoid) — or nil if the probe could not run.
    /// Each mtrace() call starts the trace file afresh, so the child appends nothing: one phase per child.
    static func countAllocations(phase: Phase, steps: Int) -> (swift: Int, openBLAS: Int)? {
        let preload = "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"
        guard FileManager.default.fileExists(atPath: preload) else { return nil }
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("bench-mtrace-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: trace) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = [flag, phase.rawValue, String(steps)]
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
