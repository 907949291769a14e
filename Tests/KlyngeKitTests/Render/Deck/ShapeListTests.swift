import Testing
@testable import KlyngeKit

/// `ShapeList` appends each shape piece by piece; on random shapes, groups included,
/// it must write what interpolating each shape into a string of its own writes (the
/// plain version kept here), with the same ids.
@Suite struct ShapeListTests {
    static let texts = ["", "Praksis A", "<5", "12,5 %", "Ærø & \"Bo\"", "Søjle: Praksis Æ", "a\u{1}b", "Forklaring: Helt enig"]
    static let colours = ["1B1F24", "4A5560", "FFFFFF", "0B3D52"]

    enum Shape {
        case placeholder(String, String?, Int?, String)
        case textBox(String, Int, Int, Int, Int, String, String, String?)
        case label(String, Int, Int, Int, Int, Int, Bool, String, String, String)
        case rectangle(String, Int, Int, Int, Int, String?, String?)
        case line(String, Int, Int, Int, String, Int)
    }

    static func shape(_ generator: inout SeededGenerator) -> Shape {
        func text() -> String { texts.randomElement(using: &generator)! }
        func number() -> Int { Int.random(in: -100_000...13_000_000, using: &generator) }
        func colour() -> String { colours.randomElement(using: &generator)! }
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: return .placeholder(text(), [nil, "title", "body"].randomElement(using: &generator)!, [nil, 1, 3].randomElement(using: &generator)!, "<a:p/>")
        case 1: return .textBox(text(), number(), number(), number(), number(), "<a:p>x</a:p>", ["t", "ctr"].randomElement(using: &generator)!,
                                Bool.random(using: &generator) ? colour() : nil)
        case 2: return .label(text(), number(), number(), number(), number(), [1000, 1200, 1400].randomElement(using: &generator)!,
                              Bool.random(using: &generator), colour(), ["l", "ctr"].randomElement(using: &generator)!, ["b", "ctr", "t"].randomElement(using: &generator)!)
        case 3: return .rectangle(text(), number(), number(), number(), number(), Bool.random(using: &generator) ? colour() : nil,
                                  Bool.random(using: &generator) ? colour() : nil)
        default: return .line(text(), number(), number(), number(), ["solid", "dash", "sysDot"].randomElement(using: &generator)!, [9525, 19050].randomElement(using: &generator)!)
        }
    }

    static func draw<List: ShapeDrawing>(_ shape: Shape, _ shapes: inout List) {
        switch shape {
        case .placeholder(let name, let type, let index, let body): shapes.placeholder(name: name, type: type, index: index, body: body)
        case .textBox(let name, let x, let y, let cx, let cy, let body, let anchor, let fill):
            shapes.textBox(name: name, x: x, y: y, cx: cx, cy: cy, body: body, anchor: anchor, fill: fill)
        case .label(let text, let x, let y, let cx, let cy, let size, let bold, let colour, let align, let anchor):
            shapes.label(text, x: x, y: y, cx: cx, cy: cy, size: size, bold: bold, colour: colour, align: align, anchor: anchor)
        case .rectangle(let name, let x, let y, let cx, let cy, let fill, let line): shapes.rectangle(name: name, x: x, y: y, cx: cx, cy: cy, fill: fill, line: line)
        case .line(let name, let x, let y, let cy, let dash, let width): shapes.verticalLine(name: name, x: x, y: y, cy: cy, dash: dash, width: width)
        }
    }

    /// Shapes drawn in turn, then shapes that may become a group (named and described), as a figure's do.
    struct Round {
        var shapes: [Shape]
        var inside: [Shape]
        var group: (name: String, description: String)?
    }

    /// The XML, by bytes, and the next id.
    struct Drawn: Equatable {
        var xml: [UInt8]
        var nextID: Int
    }

    @Test func shapesAreThoseInterpolated() {
        Differential.check(count: 500, input: { generator in
            (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                let shapes = (0..<Int.random(in: 0...4, using: &generator)).map { _ in Self.shape(&generator) }
                let inside = (0..<Int.random(in: 0...5, using: &generator)).map { _ in Self.shape(&generator) }
                guard Bool.random(using: &generator) else { return Round(shapes: shapes, inside: inside) }
                let name = Self.texts.randomElement(using: &generator)!, description = "Figur 3. \(Self.texts.randomElement(using: &generator)!)."
                return Round(shapes: shapes, inside: inside, group: (name, description))
            }
        }, plain: { rounds in
            var plain = PlainShapeList()
            for round in rounds {
                for shape in round.shapes { Self.draw(shape, &plain) }
                let start = plain.xml.endIndex
                for shape in round.inside { Self.draw(shape, &plain) }
                if let group = round.group {
                    plain.group(from: start, name: group.name, description: group.description, x: 609_600, y: 1_463_040, cx: 10_972_800, cy: 4_000_000)
                }
            }
            return Drawn(xml: Array(plain.xml.utf8), nextID: plain.nextID)
        }, fast: { rounds in
            var fast = ShapeList()
            for round in rounds {
                for shape in round.shapes { Self.draw(shape, &fast) }
                let start = fast.end
                for shape in round.inside { Self.draw(shape, &fast) }
                if let group = round.group {
                    fast.group(from: start, name: group.name, description: group.description, x: 609_600, y: 1_463_040, cx: 10_972_800, cy: 4_000_000)
                }
            }
            return Drawn(xml: Array(fast.xml.utf8), nextID: fast.nextID)
        })
    }

    @Test func hexColoursAreUppercasedAsBefore() {
        for colour in ["#4f7f99", "#ffffff", "4a5560", "#0B3d52", "none", "", "#æb"] {
            #expect(FigureShapes.hex(colour) == (colour.hasPrefix("#") ? String(colour.dropFirst()).uppercased() : colour.uppercased()))
        }
    }
}

/// The shapes as they were written: each interpolated into a string of its own.
struct PlainShapeList {
    var xml = ""
    var nextID = 2

    mutating func id() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    mutating func placeholder(name: String, type: String?, index: Int?, body: String) {
        let ph = "<p:ph" + (type.map { #" type="\#($0)""# } ?? "") + (index.map { #" idx="\#($0)""# } ?? "") + "/>"
        xml += #"<p:sp><p:nvSpPr><p:cNvPr id="\#(id())" name="\#(OOXML.escape(name))"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>\#(ph)</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>\#(body)</p:txBody></p:sp>"#
    }

    static func transform(_ x: Int, _ y: Int, _ cx: Int, _ cy: Int) -> String {
        #"<a:xfrm><a:off x="\#(x)" y="\#(y)"/><a:ext cx="\#(max(cx, 0))" cy="\#(max(cy, 0))"/></a:xfrm>"#
    }

    mutating func textBox(name: String, x: Int, y: Int, cx: Int, cy: Int, body: String, anchor: String = "t", fill: String? = nil) {
        let fillXML = fill.map { #"<a:solidFill><a:srgbClr val="\#($0)"/></a:solidFill>"# } ?? "<a:noFill/>"
        xml += #"<p:sp><p:nvSpPr><p:cNvPr id="\#(id())" name="\#(OOXML.escape(name))"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>\#(Self.transform(x, y, cx, cy))<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>\#(fillXML)</p:spPr><p:txBody><a:bodyPr wrap="square" lIns="45720" tIns="0" rIns="45720" bIns="0" anchor="\#(anchor)"><a:normAutofit/></a:bodyPr><a:lstStyle/>\#(body)</p:txBody></p:sp>"#
    }

    mutating func label(_ text: String, x: Int, y: Int, cx: Int, cy: Int, size: Int, bold: Bool = false, colour: String = "1B1F24",
                        align: String = "l", anchor: String = "ctr") {
        let fill = colour == "1B1F24" ? "" : #"<a:solidFill><a:srgbClr val="\#(colour)"/></a:solidFill>"#
        let run = #"<a:r><a:rPr lang="\#(OOXML.language)" sz="\#(size)"\#(bold ? #" b="1""# : "")>\#(fill)</a:rPr><a:t>\#(OOXML.escape(text))</a:t></a:r>"#
        textBox(name: text, x: x, y: y, cx: cx, cy: cy, body: "<a:p>" + (align == "l" ? "" : #"<a:pPr algn="\#(align)"/>"#) + "\(run)</a:p>", anchor: anchor)
    }

    mutating func rectangle(name: String, x: Int, y: Int, cx: Int, cy: Int, fill: String?, line: String? = nil) {
        let fillXML = fill.map { #"<a:solidFill><a:srgbClr val="\#($0)"/></a:solidFill>"# } ?? "<a:noFill/>"
        let lineXML = line.map { #"<a:ln w="9525"><a:solidFill><a:srgbClr val="\#($0)"/></a:solidFill></a:ln>"# } ?? "<a:ln><a:noFill/></a:ln>"
        xml += #"<p:sp><p:nvSpPr><p:cNvPr id="\#(id())" name="\#(OOXML.escape(name))"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>\#(Self.transform(x, y, cx, cy))<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>\#(fillXML)\#(lineXML)</p:spPr></p:sp>"#
    }

    mutating func verticalLine(name: String, x: Int, y: Int, cy: Int, dash: String, width: Int = 19050) {
        xml += #"<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="\#(id())" name="\#(OOXML.escape(name))"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>\#(Self.transform(x, y, 0, cy))<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="\#(width)"><a:solidFill><a:srgbClr val="1B1F24"/></a:solidFill><a:prstDash val="\#(dash)"/></a:ln></p:spPr></p:cxnSp>"#
    }

    mutating func group(from start: String.Index, name: String, description: String, x: Int, y: Int, cx: Int, cy: Int) {
        let children = String(xml[start...])
        xml.removeSubrange(start...)
        let frame = #"<a:xfrm><a:off x="\#(x)" y="\#(y)"/><a:ext cx="\#(cx)" cy="\#(cy)"/><a:chOff x="\#(x)" y="\#(y)"/><a:chExt cx="\#(cx)" cy="\#(cy)"/></a:xfrm>"#
        xml += #"<p:grpSp><p:nvGrpSpPr><p:cNvPr id="\#(id())" name="\#(OOXML.escape(name))" descr="\#(OOXML.escape(description))"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr>\#(frame)</p:grpSpPr>\#(children)</p:grpSp>"#
    }
}

/// What a test draws, on `ShapeList` and on the plain version alike.
protocol ShapeDrawing {
    mutating func placeholder(name: String, type: String?, index: Int?, body: String)
    mutating func textBox(name: String, x: Int, y: Int, cx: Int, cy: Int, body: String, anchor: String, fill: String?)
    mutating func label(_ text: String, x: Int, y: Int, cx: Int, cy: Int, size: Int, bold: Bool, colour: String, align: String, anchor: String)
    mutating func rectangle(name: String, x: Int, y: Int, cx: Int, cy: Int, fill: String?, line: String?)
    mutating func verticalLine(name: String, x: Int, y: Int, cy: Int, dash: String, width: Int)
}

extension ShapeList: ShapeDrawing {}
extension PlainShapeList: ShapeDrawing {}
