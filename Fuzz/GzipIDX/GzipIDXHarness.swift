import Codecs
import Datasets
import FuzzDriver

/// One input: a `.gz` file as `FashionMNIST` reads it: gunzipped, then parsed as IDX images and labels. Any input
/// must decode or throw; a trap, a memory error or a runaway allocation is a bug.
@_cdecl("fuzz_gzip_idx_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { bytes in
        guard let inflated = try? Gzip.decompress(bytes) else { return }
        for rank in [1, 3] { _ = try? IDXArray(parsing: inflated, rank: rank, path: "fuzz input") }
    }
}
