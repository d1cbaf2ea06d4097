import AllocationTracing
import Foundation

/// Counts the heap allocations of steady-state training steps, with glibc's malloc tracer (`AllocationTrace`).
///
/// The bench re-runs itself as a child with `--allocation-probe STEPS MODEL`. The child runs some steps of the
/// model (workspaces get their sizes), then traces one more: the trainer's whole step (clearing, forward, loss,
/// backward, Adam). Every malloc/realloc in it is counted. Zero = a steady step allocates nothing.
enum AllocationProbe {
    static let flag = "--allocation-probe"

    /// In the child: run `steps` steps untraced (every workspace gets its size), then one more traced, exit. One
    /// step only, because each traced window starts the trace file afresh.
    static func runChild(steps: Int, model: BenchModel) throws -> Never {
        let step = TrainingStep(model)
        for _ in 0..<steps { try step.run() }
        do {
            _ = try AllocationTrace.traced { try step.run() }
        } catch let failure as AllocationTrace.Failure {
            FileHandle.standardError.write(Data("allocation probe: \(failure)\n".utf8))
            exit(2)
        }
        exit(0)
    }

    /// In the parent: the allocations of a steady step (after `steps` untraced ones) — made by Swift code, and
    /// made inside OpenBLAS (which mallocs a work buffer in some calls; not ours to avoid) — or nil if the probe
    /// could not run.
    static func countAllocations(steps: Int, model: BenchModel) -> (swift: Int, openBLAS: Int)? {
        guard AllocationTrace.isAvailable,
              let allocations = try? AllocationTrace.allocations(
                  ofChild: AllocationTrace.currentExecutable, arguments: [flag, String(steps), model.rawValue])
        else { return nil }
        let inOpenBLAS = allocations.filter(\.isInOpenBLAS).count
        return (allocations.count - inOpenBLAS, inOpenBLAS)
    }
}
