import Foundation

/// How the narration writes numbers: `%g` with `digits` significant digits (1.18, 0.0031623, 1.2e-07).
public func format(_ value: Double, digits: Int = 6) -> String {
    String(format: "%.\(digits)g", value)
}

/// An integer as Unicode subscript digits, for w₁, m₁₀: `subscriptDigits(10)` = "₁₀".
public func subscriptDigits(_ number: Int) -> String {
    let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    return String(String(number).map { $0 == "-" ? "₋" : digits[Int(String($0))!] })
}

/// Left-aligned columns for narration tables: every column as wide as its widest cell.
public func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }
    return ([line(header), line(widths.map { String(repeating: "─", count: $0) })] + rows.map(line))
        .joined(separator: "\n")
}
