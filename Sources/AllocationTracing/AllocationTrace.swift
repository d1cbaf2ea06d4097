import Foundation
import Glibc

/// Counts heap allocations with glibc's malloc tracer, mtrace(3), for the checks that a steady state allocates
/// nothing (the bench's training step, the tests' batch pipeline).
///
/// A process cannot trace itself from its start, so a parent re-runs an executable as a child
/// (`allocations(ofChild:…)`) under LD_PRELOAD=libc_malloc_debug.so.0 (glibc ≥ 2.34 keeps the working mtrace there)
/// and MALLOC_TRACE=<file>. The child warms up, then wraps the code to measure in `traced(_:)`; every malloc or
/// realloc in between, on any thread, is a "+" or ">" line of the trace, which the parent reads back as `Allocation`s.
public enum AllocationTrace {
    /// The library that must be preloaded; without it nothing can be traced.
    public static let debugLibrary = "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"

    /// Whether this machine has the tracer.
    public static var isAvailable: Bool { FileManager.default.fileExists(atPath: debugLibrary) }

    /// The running executable, to start again as a child.
    public static var currentExecutable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    /// One traced allocation: "+" (malloc) or ">" (the new block of a realloc).
    public struct Allocation: Sendable, CustomStringConvertible {
        /// Where mtrace says the call came from: the library, symbol and address of the allocating code, e.g.
        /// "/usr/lib/swift/linux/libswiftCore.so:(swift_slowAlloc+0x19)[0x7f…]".
        public let caller: String
        /// OpenBLAS mallocs a work buffer in some calls: not ours to avoid.
        public var isInOpenBLAS: Bool { caller.contains("libopenblas") }
        public var description: String { caller }
    }

    public enum Failure: Error, CustomStringConvertible {
        /// The child was not started under the tracer (see `allocations(ofChild:…)`).
        case tracerMissing
        /// The child could not be started or failed; `output` is the end of what it printed.
        case childFailed(status: Int32, output: String)

        public var description: String {
            switch self {
            case .tracerMissing:
                "glibc's mtrace is not available: the process was not started with \(AllocationTrace.debugLibrary) "
                    + "preloaded"
            case let .childFailed(status, output):
                "the traced child exited with status \(status):\n\(output)"
            }
        }
    }

    /// In the child: runs `body` with the tracer on. Each call starts the trace file afresh, so a child traces one
    /// window: the last one is what the parent reads.
    public static func traced<Result>(_ body: () throws -> Result) throws -> Result {
        // glibc ≥ 2.34 keeps the working mtrace in libc_malloc_debug under the compat version GLIBC_2.2.5, which
        // plain dlsym does not return; dlvsym (itself looked up by dlsym, as Swift's Glibc does not declare it) does.
        typealias Toggle = @convention(c) () -> Void
        typealias VersionedLookup = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>,
                                                   UnsafePointer<CChar>) -> UnsafeMutableRawPointer?
        guard let library = dlopen("libc_malloc_debug.so.0", RTLD_NOW | RTLD_NOLOAD),
              let lookup = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dlvsym") else { throw Failure.tracerMissing }
        let versioned = unsafeBitCast(lookup, to: VersionedLookup.self)
        guard let startSymbol = versioned(library, "mtrace", "GLIBC_2.2.5"),
              let stopSymbol = versioned(library, "muntrace", "GLIBC_2.2.5") else { throw Failure.tracerMissing }
        let (start, stop) = (unsafeBitCast(startSymbol, to: Toggle.self), unsafeBitCast(stopSymbol, to: Toggle.self))
        start()
        defer { stop() }
        return try body()
    }

    /// In the parent: runs `executable` with `arguments` (and `environment` on top of this process's) under the
    /// tracer, waits for it, and returns what its `traced` window allocated. Throws if the child fails.
    public static func allocations(ofChild executable: URL, arguments: [String],
                                   environment: [String: String] = [:]) throws -> [Allocation] {
        let files = FileManager.default
        let stem = files.temporaryDirectory.appendingPathComponent("mtrace-\(getpid())-\(UUID().uuidString)")
        let trace = stem.appendingPathExtension("trace"), output = stem.appendingPathExtension("out")
        defer {
            try? files.removeItem(at: trace)
            try? files.removeItem(at: output)
        }
        files.createFile(atPath: output.path, contents: nil)
        let child = Process()
        child.executableURL = executable
        child.arguments = arguments
        child.environment = ProcessInfo.processInfo.environment
            .merging(environment) { $1 }
            .merging(["LD_PRELOAD": debugLibrary, "MALLOC_TRACE": trace.path,
                      // UCX (MPICH's transport, linked into the test binary) patches mmap and malloc as it loads;
                      // under the malloc tracer that once crashed the child (SIGSEGV in libc, caught by libucs).
                      "UCX_MEM_MMAP_HOOK_MODE": "none", "UCX_MEM_MALLOC_HOOKS": "no"]) { $1 }
        let log = try FileHandle(forWritingTo: output)
        defer { try? log.close() }
        child.standardOutput = log
        child.standardError = log
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0, let text = try? String(contentsOf: trace, encoding: .utf8) else {
            let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw Failure.childFailed(status: child.terminationStatus,
                                      output: printed.split(separator: "\n").suffix(30).joined(separator: "\n"))
        }
        // "@ caller + address size" is a malloc, "@ caller > address size" the new block of a realloc.
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("@ "), let sign = line.range(of: "] + ") ?? line.range(of: "] > ") else { return nil }
            return Allocation(caller: String(line[line.index(line.startIndex, offsetBy: 2) ..< sign.lowerBound]) + "]")
        }
    }
}
