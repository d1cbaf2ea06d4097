import DeepLearning
import FuzzDriver

/// One input: a safetensors file as `loadSafetensors` reads it: parsed and validated, then every tensor converted
/// to Float as a checkpoint or `workbook evaluate --weights` does. Any input must load or throw.
@_cdecl("fuzz_safetensors_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { bytes in
        guard let contents = try? decodeSafetensors(bytes) else { return }
        for (name, tensor) in contents.tensors { _ = try? tensor.tensor(as: Float.self, name: name) }
    }
}
