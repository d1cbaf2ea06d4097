extension BenchReport {
    /// REPORT.md: the machine, the step speeds with their medians and spread, the GEMMs against the peak, memory.
    var markdown: String {
        let environment = machine.environment
        var text = """
            # Benchmark report

            `make bench` on \(date): commit `\(environment.gitCommit ?? "unknown")`, \(environment.swiftVersion ?? "Swift ?").

            ## Machine

            - CPU: \(environment.cpuModel), \(environment.logicalCores) logical cores; flags: \
            \(machine.cpuFlags.isEmpty ? "none of interest" : machine.cpuFlags.joined(separator: ", "))
            - OpenBLAS: core `\(machine.openBLASCore)` (\(machine.openBLASConfiguration))
            - PyTorch: \(machine.pytorchVersion ?? "not measured (not importable; `make bench-pytorch`)")
            - Measured FMA peak: \(format(fmaPeakGFLOPSPerCore)) GFLOP/s per core (12 chains of 8-lane FMAs)

            ## Training step (batch 64, 1×28×28, Adam)

            \(settings.rounds) rounds per thread count, alternating ours and PyTorch's; each round the fastest of \
            \(settings.repeats) runs of \(settings.steps) steps after \(settings.warmup) warm-up steps\
            \(settings.cpuClock ? " (ours on the thread's CPU clock)" : ""). The ratio is taken round by round (the \
            two engines timed back to back, so the host's noise moves both), then its median and its range are \
            given. Target: \(Self.targetRatio)× at every thread count.

            | model | threads | ours, img/s (median) | PyTorch, img/s (median) | ours / PyTorch: median (range) | GEMM bound, img/s |
            |---|---|---|---|---|---|

            """
        for model in models {
            for speed in model.speeds {
                let ours = speed.ours.map { label, rounds in "\(format(median(rounds))) (\(label))" }.sorted().joined(separator: ", ")
                let theirs = speed.pytorch.compactMap { $0 }
                let ratio = speed.ratios.isEmpty ? "—"
                    : format(speed.medianRatio, "%.2f×") + " (" + format(speed.ratios.min(), "%.2f") + "–"
                        + format(speed.ratios.max(), "%.2f") + ")" + (speed.medianRatio! >= Self.targetRatio ? " ✓" : "")
                text += "| \(model.name) | \(speed.threads) | \(ours) | \(theirs.isEmpty ? "—" : format(median(theirs))) | "
                    + "\(ratio) | \(format(speed.gemmBoundImagesPerSecond)) |\n"
            }
        }
        text += """

            ![ours over PyTorch per round](ratio-to-pytorch.png)

            The GEMM bound is the step's speed if it did nothing but its GEMMs, as raw `cblas_sgemm` calls: what \
            im2col, batch norm and the element-wise layers cost is the gap between it and ours.

            ## Every GEMM of a step against the peak

            ![GEMM speed](gemm-speed.png)

            """
        let threads = settings.threads.map(String.init)
        for model in models {
            text += "\n### \(model.name): \(model.parameters) parameters, \(format(model.mflopPerImage)) MFLOP per image and step\n\n"
            text += "| m×n×k (ᵀ: transposed operand) | calls | MFLOP per step | " + threads.map { "GFLOP/s, \($0) thread(s)" }.joined(separator: " | ")
                + " | share of the peak, 1 thread | layers |\n|---|---|---|" + threads.map { _ in "---|" }.joined() + "---|---|\n"
            for gemm in model.gemms {
                let share = fmaPeakGFLOPSPerCore.flatMap { peak in gemm.gflops["1"].map { format(100 * $0 / peak, "%.0f%%") } } ?? "—"
                text += "| \(gemm.dimensions) | \(gemm.calls) | \(format(gemm.flopsPerStep / 1e6)) | "
                    + threads.map { format(gemm.gflops[$0]) }.joined(separator: " | ") + " | \(share) | \(shortLabel(gemm.layers)) |\n"
            }
        }
        text += "\n## Memory and allocations\n\n| model | peak RSS ours, MiB | peak RSS PyTorch, MiB | allocations per steady step (Swift / OpenBLAS) |\n|---|---|---|---|\n"
        for model in models {
            let pytorch = model.speeds.compactMap(\.pytorchPeakResidentMiB).max()
            text += "| \(model.name) | \(format(model.peakResidentMiB)) | \(format(pytorch)) | "
                + "\(model.allocationsInSwift.map(String.init) ?? "—") / \(model.allocationsInOpenBLAS.map(String.init) ?? "—") |\n"
        }
        text += """

            Each engine's peak is that of a process that built one model and trained it (ours: the bench's child \
            `--memory-probe`; PyTorch's: its script, which also holds the interpreter and libtorch).

            ## Data-parallel scaling

            Measured by `workbook data-parallel` against PyTorch DDP (gloo) in one sitting, not re-measured here: \
            [Plots/5.3.3-data-parallel/speed/](../5.3.3-data-parallel/speed/README.md).

            """
        return text
    }
}
