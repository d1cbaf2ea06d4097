/// The colours of a heat map drawn over a grayscale image (`ImageGrid.Image.overlay`): a value v in 0…1 is red
/// turning to yellow as it grows (gnuplot's "hot" end of the scale), with opacity growing from 0 (the image shows
/// through untouched) to 0.9 at v = 1, so that where the map is small the image stays readable and where it is large
/// the colour wins. Red-to-yellow over an image dimmed to `imageBrightness`: it stands out on a garment as on the
/// black background.
enum OverlayPalette {
    /// The brightness of the image under an overlay, as a share of its own range: white becomes 45% gray.
    static let imageBrightness = 0.45

    /// An 8-bit RGBA colour, as gnuplot's `with rgbalpha` reads it (alpha 0 transparent, 255 opaque).
    struct Color: Equatable {
        var red: Int
        var green: Int
        var blue: Int
        var alpha: Int
    }

    /// The colour of `value`, clamped to 0…1 (a NaN counts as 0: nothing drawn).
    static func color(at value: Double) -> Color {
        let v = value.isNaN ? 0 : min(max(value, 0), 1)
        return Color(red: 255, green: Int((255 * v).rounded()), blue: 0, alpha: Int((230 * v).rounded()))
    }
}
