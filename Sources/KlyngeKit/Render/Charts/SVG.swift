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
        let zero = UInt8(ascii: "0")
        // Coordinates have up to three digits: written without recursing.
        switch value {
        case ..<10:
            bytes.append(zero + UInt8(value))
        case ..<100:
            bytes.append(zero + UInt8(value / 10))
            bytes.append(zero + UInt8(value % 10))
        case ..<1000:
            bytes.append(zero + UInt8(value / 100))
            bytes.append(zero + UInt8(value / 10 % 10))
            bytes.append(zero + UInt8(value % 10))
        default:
            appendDigits(value / 10, to: &bytes)
            bytes.append(zero + UInt8(value % 10))
        }
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
    /// `relabelled(_:by:)` relies on the id standing, unescaped, in the opening tag.
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

    /// A finished document (from `document`) labelled by `id` instead: the value of the
    /// opening tag's `aria-labelledby` replaced, the rest the same bytes. The opening tag
    /// comes before any content, so the first such attribute is the tag's.
    static func relabelled(_ document: String, by id: String) -> String {
        var document = document
        // Byte offsets of the value: after the attribute's name, up to its closing quote.
        let value: Range<Int>? = document.withUTF8 { bytes in
            let attribute = Array(#" aria-labelledby=""#.utf8)
            guard bytes.count >= attribute.count else { return nil }
            for start in 0...(bytes.count - attribute.count) where bytes[start] == attribute[0] {
                guard attribute.indices.allSatisfy({ bytes[start + $0] == attribute[$0] }) else { continue }
                let valueStart = start + attribute.count
                guard let end = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return valueStart..<end
            }
            return nil
        }
        guard let value else { return document }
        let utf8 = document.utf8
        // ASCII offsets: indices on scalar boundaries.
        let start = utf8.index(utf8.startIndex, offsetBy: value.lowerBound), end = utf8.index(utf8.startIndex, offsetBy: value.upperBound)
        var relabelled = ""
        relabelled.reserveCapacity(utf8.count - value.count + id.utf8.count)
        relabelled += document[..<start]
        relabelled += id
        relabelled += document[end...]
        return relabelled
    }
}
