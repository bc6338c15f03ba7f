import Foundation

/// Text inside SVG and HTML: numbers and the width of a label (escaping is `MarkupText`, in Rendering).
///
/// Labels that must not overlap are set in a monospace font (`Palette.monospace`), whose glyphs
/// are all about 0.6 em wide, so `width(of:fontSize:)` is an upper bound the layout can trust
/// instead of a guess.
public enum Markup {
    /// A coordinate: at most two decimals, no trailing zeros (`12`, `12.5`, `12.25`).
    public static func number(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// Advance of one monospace glyph, in em (most monospace fonts: 0.6; a little spare).
    static let monospaceAdvance = 0.62

    /// The width of `text` set in the monospace font at `fontSize` (wide East Asian characters
    /// count twice).
    public static func width(of text: String, fontSize: Double) -> Double {
        var columns = 0
        for s in text.unicodeScalars { columns += isWide(s) ? 2 : 1 }
        return Double(columns) * monospaceAdvance * fontSize
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1FAFF: return true
        default: return false
        }
    }

    /// `text`, shortened with an ellipsis so that it fits `width` at `fontSize`; empty when not
    /// even one character and the ellipsis fit.
    public static func truncate(_ text: String, toWidth width: Double, fontSize: Double) -> String {
        if self.width(of: text, fontSize: fontSize) <= width { return text }
        var out = ""
        for ch in text {
            let next = out + String(ch)
            if self.width(of: next + "…", fontSize: fontSize) > width { break }
            out = next
        }
        return out.isEmpty ? "" : out + "…"
    }

    /// Hours with one decimal: `12.0`, `167.5`.
    public static func hours(_ seconds: Int) -> String { String(format: "%.1f", Double(seconds) / 3600) }

    /// Money with two decimals and thousands separators: `1,234.50`.
    public static func money(_ value: Double) -> String {
        let cents = Int((abs(value) * 100).rounded())
        var whole = String(cents / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let c = cents % 100
        return (value < 0 && cents > 0 ? "-" : "") + whole + grouped + "." + (c < 10 ? "0" : "") + String(c)
    }
}
