import Codecs
import FuzzDriver

/// One input: an image file of an ImageFolder tree, decoded by libpng to gray and to RGB as the loader asks for
/// them. Any input must decode or throw `PNGError`.
@_cdecl("fuzz_png_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { bytes in
        for channels in [1, 3] { _ = try? PNG.decode(bytes, channels: channels) }
    }
}
