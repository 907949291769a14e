import Foundation

/// Writes inline SVG for charts: presentation attributes only (a strict
/// Content-Security-Policy blocks `style` attributes), text escaped, numbers short.
/// The elements go into one byte buffer (one line each), not one string per
/// attribute, so that a chart is not hundreds of small strings.
struct SVG {
    private let body = ByteRun(capacity: 4096)

    init() {}

    /// HTML text and attribute escaping, shared with the Theme templates.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// `12.5` → "12.5", `12.0` → "12": coordinates rounded to a tenth.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths) / 10) : String(tenths / 10)
    }

    /// `number(value)`'s bytes appended, without making a string when the tenths
    /// fit an `Int` comfortably (else through `number`).
    static func appendNumber(_ value: Double, to bytes: ByteRun) {
        let tenths = (value * 10).rounded()
        guard tenths.magnitude < 1e15 else {
            bytes.append(number(value))
            return
        }
        let whole = Int(tenths)
        if whole < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.append(decimal: Int(whole.magnitude / 10))
        let tenth = whole.magnitude % 10
        if tenth != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(tenth))
        }
    }

    private func startElement(_ start: StaticString) {
        if body.count > 0 { body.append(UInt8(ascii: "\n")) }
        body.append(start)
    }

    /// ` name="` then the number, then `"`.
    private func attribute(_ start: StaticString, _ value: Double) {
        body.append(start)
        Self.appendNumber(value, to: body)
        body.append(UInt8(ascii: "\""))
    }

    /// ` name="` then the value written as it is, then `"`.
    private func attribute(_ start: StaticString, _ value: String) {
        body.append(start)
        body.append(value)
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
            body.append(#" stroke-width="1""#)
        }
        if let className { attribute(#" class=""#, className) }
        body.append("/>")
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
        body.append("/>")
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
        if bold { body.append(#" font-weight="700""#) }
        if let className { attribute(#" class=""#, className) }
        body.append(UInt8(ascii: ">"))
        body.append(Self.escape(content))
        body.append("</text>")
    }

    /// The finished element: a picture with an accessible name taken from the figure's
    /// title, whose numbers the table beside it repeats.
    /// `relabelled(_:by:)` relies on the id standing, unescaped, in the opening tag.
    func document(width: Double, height: Double, labelledBy: String) -> String {
        let head = ByteRun(capacity: 400)
        head.append(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 "#)
        Self.appendNumber(width, to: head)
        head.append(UInt8(ascii: " "))
        Self.appendNumber(height, to: head)
        head.append(#"" width=""#)
        Self.appendNumber(width, to: head)
        head.append(#"" height=""#)
        Self.appendNumber(height, to: head)
        head.append(#"" role="img" aria-labelledby=""#)
        head.append(labelledBy)
        head.append(#"" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">"#)
        head.append(UInt8(ascii: "\n"))
        let tail: StaticString = "\n</svg>"
        return String(unsafeUninitializedCapacity: head.count + body.count + tail.utf8CodeUnitCount) { buffer in
            var written = head.copy(into: buffer, at: 0)
            written = body.copy(into: buffer, at: written)
            return tail.withUTF8Buffer { UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(fromContentsOf: $0) } + written
        }
    }

    /// A finished document (from `document`) labelled by `id` instead: the value of the
    /// opening tag's `aria-labelledby` replaced, the rest the same bytes. The opening tag
    /// comes before any content, so the first such attribute is the tag's.
    static func relabelled(_ document: String, by id: String) -> String {
        var document = document
        // Byte offsets of the value: after the attribute's name, up to its closing quote.
        let value: Range<Int>? = document.withUTF8 { bytes in
            let attribute = Array(#" aria-labelledby=""#.utf8)
            guard let start = ByteSearch.find(attribute, in: bytes, from: 0),
                  let end = bytes[(start + attribute.count)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return (start + attribute.count)..<end
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
