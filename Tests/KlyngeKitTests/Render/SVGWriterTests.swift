import Testing
@testable import KlyngeKit

/// `SVG` writes its elements as bytes through a pointer; they must be the text that
/// interpolating the same attributes into strings gives, for any values.
@Suite struct SVGWriterTests {
    static let texts = ["", "a", "Praksis Æ", "<5", "\"x\" & 'y'", "For få svar (4); vises ikke", "👍\u{200D}👍", "e\u{301}",
                        String(repeating: "lang tekst ", count: 40)]
    static let colours = ["#4f7f99", "#ffffff", "none", "#1b1f24"]

    /// One element as the plain version writes it, and the same through `SVG`.
    enum Element {
        case rect(Double, Double, Double, Double, String, String?, String?)
        case line(Double, Double, Double, Double, String, Double, String?, String?)
        case text(String, Double, Double, SVG.Anchor, Double, Bool, String, String?)

        var plain: String {
            func n(_ value: Double) -> String { SVG.number(value) }
            switch self {
            case .rect(let x, let y, let width, let height, let fill, let stroke, let className):
                return #"<rect x="\#(n(x))" y="\#(n(y))" width="\#(n(max(0, width)))" height="\#(n(height))" fill="\#(fill)""#
                    + (stroke.map { #" stroke="\#($0)" stroke-width="1""# } ?? "") + (className.map { #" class="\#($0)""# } ?? "") + "/>"
            case .line(let x1, let y1, let x2, let y2, let stroke, let width, let dash, let className):
                return #"<line x1="\#(n(x1))" y1="\#(n(y1))" x2="\#(n(x2))" y2="\#(n(y2))" stroke="\#(stroke)" stroke-width="\#(n(width))""#
                    + (dash.map { #" stroke-dasharray="\#($0)""# } ?? "") + (className.map { #" class="\#($0)""# } ?? "") + "/>"
            case .text(let content, let x, let y, let anchor, let size, let bold, let fill, let className):
                return #"<text x="\#(n(x))" y="\#(n(y))" font-size="\#(n(size))" fill="\#(fill)""#
                    + (anchor == .start ? "" : #" text-anchor="\#(anchor.rawValue)""#) + (bold ? #" font-weight="700""# : "")
                    + (className.map { #" class="\#($0)""# } ?? "") + ">\(HTMLText.escape(content))</text>"
            }
        }

        func write(_ svg: inout SVG) {
            switch self {
            case .rect(let x, let y, let width, let height, let fill, let stroke, let className):
                svg.rect(x: x, y: y, width: width, height: height, fill: fill, stroke: stroke, className: className)
            case .line(let x1, let y1, let x2, let y2, let stroke, let width, let dash, let className):
                svg.line(x1: x1, y1: y1, x2: x2, y2: y2, stroke: stroke, width: width, dash: dash, className: className)
            case .text(let content, let x, let y, let anchor, let size, let bold, let fill, let className):
                svg.text(content, x: x, y: y, anchor: anchor, size: size, bold: bold, fill: fill, className: className)
            }
        }
    }

    static func number(_ generator: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: Double(Int.random(in: -3000...3000, using: &generator)) / 10
        case 1: Double.random(in: -400...400, using: &generator)
        case 2: Double.random(in: -1e16...1e16, using: &generator)
        default: Double(Int.random(in: 0...20, using: &generator))
        }
    }

    static func element(_ generator: inout SeededGenerator) -> Element {
        func text() -> String { texts.randomElement(using: &generator)! }
        func colour() -> String { colours.randomElement(using: &generator)! }
        func optional(_ value: String) -> String? { Bool.random(using: &generator) ? value : nil }
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            return .rect(number(&generator), number(&generator), number(&generator), number(&generator), colour(),
                         optional(colour()), optional("chart-bar"))
        case 1:
            return .line(number(&generator), number(&generator), number(&generator), number(&generator), colour(), number(&generator),
                         optional("6 3"), optional("chart-reference"))
        default:
            return .text(text(), number(&generator), number(&generator), [.start, .middle, .end].randomElement(using: &generator)!,
                         number(&generator), Bool.random(using: &generator), colour(), optional("chart-value"))
        }
    }

    @Test func writtenElementsAreThoseOfTheStringPath() {
        Differential.check(count: 400, input: { generator in
            // Up to a few hundred elements: past the buffer's first capacity.
            let elements = (0..<Int.random(in: 0...(Bool.random(using: &generator) ? 8 : 300), using: &generator)).map { _ in Self.element(&generator) }
            let width = Self.number(&generator), height = Self.number(&generator)
            return (elements: elements, width: width, height: height, id: "figur-\(Int.random(in: 1...99, using: &generator))-titel")
        }, describe: { "\($0.elements.count) elements, \($0.width) by \($0.height), \($0.id)" }, plain: { input in
            let plain = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 \#(SVG.number(input.width)) \#(SVG.number(input.height))" width="\#(SVG.number(input.width))" height="\#(SVG.number(input.height))" role="img" aria-labelledby="\#(input.id)" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">"#
                + "\n" + input.elements.map(\.plain).joined(separator: "\n") + "\n</svg>"
            // By bytes: Strings compare by canonical equivalence.
            return Array(plain.utf8)
        }, fast: { input in
            var svg = SVG()
            for element in input.elements { element.write(&svg) }
            return Array(svg.document(width: input.width, height: input.height, labelledBy: input.id).utf8)
        })
    }
}
