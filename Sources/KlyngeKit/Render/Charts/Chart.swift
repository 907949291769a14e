/// Shared measures and colours of Klynge's charts. Text sizes are in viewBox units:
/// 300 units wide keeps 13-unit labels at about 12.5 px on a 320 px phone.
enum Chart {
    static let width = 300.0
    static let fontSize = 13.0
    static let smallSize = 12.0
    static let ink = "#1b1f24"
    static let muted = "#4a5560"
    /// Bars: dark enough against white (4.4:1) to read in colour, grey or black and white.
    static let bar = "#4f7f99"
    static let paper = "#ffffff"

    /// Text width for layout, from the widths of DejaVu Sans (Linux's usual fallback and
    /// among the widest sans-serifs), so that labels fit whichever font a reader has.
    static func textWidth(_ text: String, size: Double = fontSize, bold: Bool = false) -> Double {
        var units = 0.0
        for scalar in text.unicodeScalars { units += self.units(scalar) }
        return units * size * (bold ? 1.1 : 1)
    }

    /// One scalar's width in units of the font size. A combining mark, joiner or
    /// variation selector belongs to the letter before it and adds no width.
    private static func units(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "l", "j", ".", ",", ":", ";", "|", "!", "'": return 0.28
        case " ", "\u{A0}": return 0.32
        case "t", "f", "r", "(", ")", "-": return 0.4
        case "m", "w", "M", "W", "æ", "Æ", "%": return 0.95
        case "0"..."9": return 0.64
        case "<", ">", "=", "+", "–": return 0.84
        case "A"..."Z": return 0.72
        default:
            if scalar.isASCII { return 0.61 }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return 0
            default: break
            }
            if scalar == "\u{200D}" || scalar.properties.isVariationSelector { return 0 }
            return Character(scalar).isUppercase ? 0.72 : 0.61
        }
    }

    /// Breaks text into lines no wider than `width`, at spaces. Each candidate line's
    /// width continues the sum of the line so far: the same additions in the same
    /// order as `textWidth(candidate)`, so a line breaks where its measured width says.
    static func wrap(_ text: String, width: Double, size: Double = fontSize, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentUnits = 0.0
        for scalars in text.unicodeScalars.split(separator: " ") {
            let word = Substring(scalars)
            if current.isEmpty {
                current = String(word)
                currentUnits = 0.0
                for scalar in word.unicodeScalars { currentUnits += units(scalar) }
                continue
            }
            var units = currentUnits + self.units(" ")
            for scalar in word.unicodeScalars { units += self.units(scalar) }
            if units * size * (bold ? 1.1 : 1) > width {
                lines.append(current)
                current = String(word)
                currentUnits = 0.0
                for scalar in word.unicodeScalars { currentUnits += self.units(scalar) }
            } else {
                current += " "
                current += word
                currentUnits = units
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
