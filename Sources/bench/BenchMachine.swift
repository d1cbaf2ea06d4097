import Chapters
import Foundation
import Kernels

/// The machine a bench ran on, as the report states it: the CPU and the instruction sets that matter for the
/// GEMMs (a native 16-bit or AMX kernel changes what PyTorch's oneDNN can do), the OpenBLAS build and the CPU
/// kernel it picked, PyTorch's version, and the workbook's commit and toolchain.
struct BenchMachine: Codable {
    var environment: RunEnvironment
    /// The flags of /proc/cpuinfo among avx2, fma, f16c, avx512f, avx512_bf16, avx512_fp16, amx_bf16, amx_tile.
    var cpuFlags: [String]
    var openBLASCore: String
    var openBLASConfiguration: String
    var pytorchVersion: String?

    static let flagsOfInterest = ["avx2", "fma", "f16c", "avx512f", "avx512_bf16", "avx512_fp16", "amx_bf16", "amx_tile"]

    static func current(pytorchVersion: String?) -> BenchMachine {
        let flags = Set(RunEnvironment.cpuInfoField("flags")?.split(separator: " ").map(String.init) ?? [])
        let blas = BLASLibrary.current()
        return BenchMachine(environment: .current(), cpuFlags: flagsOfInterest.filter(flags.contains),
                            openBLASCore: blas.coreName, openBLASConfiguration: blas.configuration,
                            pytorchVersion: pytorchVersion)
    }
}
