import Foundation

/// The colours of a heatmap: cells shade linearly in RGB from `low` (the smallest value) to `high` (the largest),
/// as gnuplot's `set palette defined (0 low, 1 high)` over `set cbrange [smallest:largest]` draws them, and each
/// cell's number is written in black or in white, whichever contrasts more with the cell's shade (WCAG 2's
/// contrast ratio), so that counts stay readable on the dark cells as on the light ones.
struct HeatmapPalette: Sendable {
    /// An sRGB colour, each component in 0…1.
    struct Color: Sendable, Equatable {
        var red: Double
        var green: Double
        var blue: Double

        static let white = Color(red: 1, green: 1, blue: 1)
        static let black = Color(red: 0, green: 0, blue: 0)

        /// From 0xRRGGBB.
        init(rgb: Int) {
            (red, green, blue) = (Double(rgb >> 16 & 0xff) / 255, Double(rgb >> 8 & 0xff) / 255, Double(rgb & 0xff) / 255)
        }

        init(red: Double, green: Double, blue: Double) {
            (self.red, self.green, self.blue) = (red, green, blue)
        }

        /// 0xRRGGBB, each component rounded to the nearest byte: what gnuplot's `rgb variable` reads.
        var rgb: Int {
            [red, green, blue].reduce(0) { $0 << 8 | Int(($1 * 255).rounded()) }
        }

        /// "#rrggbb", for a gnuplot script.
        var hex: String { "#" + String(rgb | 0x1000000, radix: 16).dropFirst() }

        /// WCAG 2's relative luminance: the sRGB components made linear, weighted by the eye's sensitivity.
        var luminance: Double {
            func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
        }

        /// WCAG 2's contrast ratio, (L₁ + 0.05)/(L₂ + 0.05) with L₁ the lighter: 1 (none) to 21 (black on white).
        func contrast(with other: Color) -> Double {
            let (a, b) = (luminance + 0.05, other.luminance + 0.05)
            return max(a, b) / min(a, b)
        }
    }

    var low: Color
    var high: Color

    /// White for the smallest value to dark blue for the largest.
    static let standard = HeatmapPalette(low: .white, high: Color(rgb: 0x1f4e79))

    /// The shade of a cell at `fraction` (0: the smallest value, 1: the largest) of the value range.
    func shade(at fraction: Double) -> Color {
        func mix(_ a: Double, _ b: Double) -> Double { a + fraction * (b - a) }
        return Color(red: mix(low.red, high.red), green: mix(low.green, high.green), blue: mix(low.blue, high.blue))
    }

    /// The colour of the number written on a cell at `fraction` of the value range: black or white.
    func labelColor(at fraction: Double) -> Color {
        let cell = shade(at: fraction)
        return cell.contrast(with: .white) > cell.contrast(with: .black) ? .white : .black
    }
}
