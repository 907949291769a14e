import Foundation

/// Writes inline SVG for charts: presentation attributes only (a strict
/// Content-Security-Policy blocks `style` attributes), text escaped, numbers short.
/// The elements go into one byte buffer (one line each), not one string per
/// attribute, so that a chart is not hundreds of small strings.
struct SVG {
    private var body: [UInt8] = []

    init() { body.reserveCapacity(4096) }

    /// HTML text and attribute escaping, shared with the Theme templates.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// `12.5` → "12.5", `12.0` → "12": coordinates rounded to a tenth.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths) / 10) : String(tenths / 10)
    }

    /// `number(value)`'s bytes appended, without making a string when the tenths
    /// fit an `Int` comfortably (else through `number`).
    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        let tenths = (value * 10).rounded()
        guard tenths.magnitude < 1e15 else {
            bytes.append(contentsOf: number(value).utf8)
            return
        }
        let whole = Int(tenths)
        if whole < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(whole.magnitude / 10, to: &bytes)
        let tenth = whole.magnitude % 10
        if tenth != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(tenth))
        }
    }

    private static func appendDigits(_ value: UInt, to bytes: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Literal text, copied from the binary without a `String` in between.
    private static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: Array(text.utf8))
        }
    }

    private mutating func startElement(_ start: StaticString) {
        if !body.isEmpty { body.append(UInt8(ascii: "\n")) }
        Self.append(start, to: &body)
    }

    /// ` name="` then the number, then `"`.
    private mutating func attribute(_ start: StaticString, _ value: Double) {
        Self.append(start, to: &body)
        Self.appendNumber(value, to: &body)
        body.append(UInt8(ascii: "\""))
    }

    /// ` name="` then the value written as it is, then `"`.
    private mutating func attribute(_ start: StaticString, _ value: String) {
        Self.append(start, to: &body)
        Self.append(value, to: &body)
        body.append(UInt8(ascii: "\""))
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil, className: String? = nil) {
        startElement("<rect")
        attribute(#" x=""#, x)
        attribute(#" y=""#, y)
        attribute(#" width=""#, max(0, width))
        attribute(#" height=""#, height)
        attribute(#" fill=""#, fill)
        if let stroke {
            attribute(#" stroke=""#, stroke)
            Self.append(#" stroke-width="1""#, to: &body)
        }
        if let className { attribute(#" class=""#, className) }
        Self.append("/>", to: &body)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil, className: String? = nil) {
        startElement("<line")
        attribute(#" x1=""#, x1)
        attribute(#" y1=""#, y1)
        attribute(#" x2=""#, x2)
        attribute(#" y2=""#, y2)
        attribute(#" stroke=""#, stroke)
        attribute(#" stroke-width=""#, width)
        if let dash { attribute(#" stroke-dasharray=""#, dash) }
        if let className { attribute(#" class=""#, className) }
        Self.append("/>", to: &body)
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = Chart.fontSize,
                       bold: Bool = false, fill: String = Chart.ink, className: String? = nil) {
        startElement("<text")
        attribute(#" x=""#, x)
        attribute(#" y=""#, y)
        attribute(#" font-size=""#, size)
        attribute(#" fill=""#, fill)
        if anchor != .start { attribute(#" text-anchor=""#, anchor.rawValue) }
        if bold { Self.append(#" font-weight="700""#, to: &body) }
        if let className { attribute(#" class=""#, className) }
        body.append(UInt8(ascii: ">"))
        Self.append(Self.escape(content), to: &body)
        Self.append("</text>", to: &body)
    }

    /// The finished element: a picture with an accessible name taken from the figure's
    /// title, whose numbers the table beside it repeats.
    func document(width: Double, height: Double, labelledBy: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + 400)
        Self.append(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 "#, to: &bytes)
        Self.appendNumber(width, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.appendNumber(height, to: &bytes)
        Self.append(#"" width=""#, to: &bytes)
        Self.appendNumber(width, to: &bytes)
        Self.append(#"" height=""#, to: &bytes)
        Self.appendNumber(height, to: &bytes)
        Self.append(#"" role="img" aria-labelledby=""#, to: &bytes)
        Self.append(labelledBy, to: &bytes)
        Self.append(#"" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">"#, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: body)
        Self.append("\n</svg>", to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

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
