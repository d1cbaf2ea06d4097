import Datasets
import FuzzDriver

/// One input: an IDX file as `FashionMNIST` reads it (uncompressed), parsed as images (rank 3) and as labels
/// (rank 1). Any input must parse or throw `DatasetError`; a trap or a memory error is a bug.
@_cdecl("fuzz_idx_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { bytes in
        for rank in [1, 3] { _ = try? IDXArray(parsing: bytes, rank: rank, path: "fuzz input") }
    }
}
