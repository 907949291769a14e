import Foundation
import ZIPFoundation

/// The deck as an Office Open XML presentation: every slide in one of three layouts
/// of one master, its title and text in the layout's placeholders (so they stay
/// ordinary editable text), tables as tables, figures drawn as native shapes from the
/// charts' typed values, and the notes on notes pages. The same input gives the same
/// bytes: parts in a fixed order, one fixed date on every ZIP entry, no clock read.
struct PPTXWriter {
    /// A figure as the slide shows it: the words of its template value (title, source,
    /// the notes its flags call for) and its typed chart.
    struct Figure: Hashable, Sendable {
        var title: String
        var source: String
        var notes: [String]
        var chart: FigureChart

        /// By the title and the chart's numbers: equal figures have equal ones, and
        /// hashing every label (each String normalised as it is hashed) cost more than
        /// the rest of a slide's lookup (`DeckMemo.PartsKey`).
        func hash(into hasher: inout Hasher) {
            hasher.combine(title)
            switch chart {
            case .bars(let chart):
                hasher.combine(chart.bars.count)
                for bar in chart.bars { hasher.combine(bar.value) }
            case .stacked(let chart):
                hasher.combine(chart.rows.count)
                for row in chart.rows { hasher.combine(row.percents) }
            }
        }

        init(value: TemplateValue, chart: FigureChart) {
            func text(_ name: String) -> String { if case .text(let text)? = value[name] { text } else { "" } }
            func flag(_ name: String) -> Bool { value[name] == .flag(true) }
            title = text("title")
            source = text("source")
            var notes: [String] = []
            if flag("has_small") { notes.append("<5: 1 til 4 patienter. Så små tal vises ikke.") }
            if flag("is_multiple") { notes.append("Flere svar var mulige, så summen er over 100 %.") }
            if flag("rounded_off") { notes.append("Hver andel er rundet af for sig, så summen kan afvige fra 100 %.") }
            self.notes = notes
            self.chart = chart
        }
    }

    var title: String
    var author: String
    var slides: [SlideContent]
    var figures: [Int: Figure]
    /// A link's address as the .pptx should hold it (relative page links made absolute), or nil to drop it.
    var resolveLink: (String) -> String?
    /// Slides already written in this build (nil: every slide written here).
    var memo: DeckMemo? = nil

    /// Every ZIP entry carries this date: a build never depends on the day it ran.
    static let entryDate = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01

    /// The parts every deck holds alike (properties, themes, masters, layouts), made once.
    static let fixedParts: [(name: String, xml: String)] = {
        var parts: [(name: String, xml: String)] = []
        parts.append(("ppt/presProps.xml", OOXML.presentationProperties))
        parts.append(("ppt/viewProps.xml", OOXML.viewProperties))
        parts.append(("ppt/tableStyles.xml", OOXML.tableStyles))
        parts.append(("ppt/theme/theme1.xml", OOXML.theme(name: "Klynge")))
        parts.append(("ppt/theme/theme2.xml", OOXML.theme(name: "Klynge noter")))
        parts.append(("ppt/slideMasters/slideMaster1.xml", OOXML.slideMaster))
        parts.append(("ppt/slideMasters/_rels/slideMaster1.xml.rels", OOXML.relationships(
            OOXML.Layout.allCases.map { .init(id: "rId\($0.rawValue)", type: "\(OOXML.relType)/slideLayout", target: "../slideLayouts/slideLayout\($0.rawValue).xml") }
                + [.init(id: "rId\(OOXML.Layout.allCases.count + 1)", type: "\(OOXML.relType)/theme", target: "../theme/theme1.xml")])))
        for layout in OOXML.Layout.allCases {
            parts.append(("ppt/slideLayouts/slideLayout\(layout.rawValue).xml", layout.xml))
            parts.append(("ppt/slideLayouts/_rels/slideLayout\(layout.rawValue).xml.rels", OOXML.relationships([
                .init(id: "rId1", type: "\(OOXML.relType)/slideMaster", target: "../slideMasters/slideMaster1.xml"),
            ])))
        }
        parts.append(("ppt/notesMasters/notesMaster1.xml", OOXML.notesMaster))
        parts.append(("ppt/notesMasters/_rels/notesMaster1.xml.rels", OOXML.relationships([
            .init(id: "rId1", type: "\(OOXML.relType)/theme", target: "../theme/theme2.xml"),
        ])))
        return parts
    }()

    /// The parts by name, in the order they go into the archive.
    func parts() -> [OutputFile] {
        (packageParts() + [coreParts()] + Self.fixedParts).map { OutputFile(path: $0.name, text: $0.xml) }
            + slides.enumerated().flatMap { slideEntries($1, number: $0 + 1) }
    }

    /// The same parts as ZIPFoundation writes them, each distinct part once per build:
    /// a slide that reads the same at the same place in another deck gives the same
    /// four parts, so its records are looked up by its content rather than by its XML.
    func records(_ memo: DeckMemo) throws -> [ZIPRecord] {
        func record(_ part: (name: String, xml: String)) throws -> ZIPRecord { try memo.record(OutputFile(path: part.name, text: part.xml)) }
        var records = try memo.records(.package(author: ExactText(author), slideCount: slides.count, notesPages: notesPages)) { try packageParts().map(record) }
        // The deck's title is its own: its part is written here, not kept in the memo.
        let core = coreParts()
        records.append(try ZIPRecord(name: core.name, xml: core.xml))
        records += try memo.records(.fixed) { try Self.fixedParts.map { try ZIPRecord(name: $0.name, xml: $0.xml) } }
        for (offset, slide) in slides.enumerated() {
            let number = offset + 1
            records += try memo.records(.slide(partsKey(slide), number: number)) {
                // A slide new here may still share its relationships and notes with other
                // decks; its own XML (the first of `slideEntries`) is what made the slide
                // new (its content or figures), so that part is written without a lookup.
                try slideEntries(slide, number: number).enumerated().map { index, part in
                    index == 0 ? try ZIPRecord(part) : try memo.record(part)
                }
            }
        }
        return records
    }

    /// The numbers of the slides that have a notes page.
    var notesPages: [Int] { slides.indices.filter { !slides[$0].notes.isEmpty }.map { $0 + 1 } }

    /// The parts that describe the whole deck by its author, slides and notes pages
    /// alone: content types, relationships, the application's properties.
    func packageParts() -> [(name: String, xml: String)] {
        var parts: [(name: String, xml: String)] = []
        let count = slides.count
        let notesPages = notesPages
        parts.append(("[Content_Types].xml", contentTypes(slideCount: count, notesPages: notesPages)))
        parts.append(("_rels/.rels", OOXML.relationships([
            .init(id: "rId1", type: "\(OOXML.relType)/officeDocument", target: "ppt/presentation.xml"),
            .init(id: "rId2", type: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", target: "docProps/core.xml"),
            .init(id: "rId3", type: "\(OOXML.relType)/extended-properties", target: "docProps/app.xml"),
        ])))
        parts.append(("docProps/app.xml", appProperties(slideCount: count, notesCount: notesPages.count)))
        parts.append(("ppt/presentation.xml", presentation(slideCount: count)))
        var presentationRels: [OOXML.Relationship] = [
            .init(id: "rId1", type: "\(OOXML.relType)/slideMaster", target: "slideMasters/slideMaster1.xml"),
            .init(id: "rId2", type: "\(OOXML.relType)/notesMaster", target: "notesMasters/notesMaster1.xml"),
            .init(id: "rId3", type: "\(OOXML.relType)/theme", target: "theme/theme1.xml"),
            .init(id: "rId4", type: "\(OOXML.relType)/presProps", target: "presProps.xml"),
            .init(id: "rId5", type: "\(OOXML.relType)/viewProps", target: "viewProps.xml"),
            .init(id: "rId6", type: "\(OOXML.relType)/tableStyles", target: "tableStyles.xml"),
        ]
        for index in stride(from: 1, through: count, by: 1) {
            presentationRels.append(.init(id: "rId\(6 + index)", type: "\(OOXML.relType)/slide", target: "slides/slide\(index).xml"))
        }
        parts.append(("ppt/_rels/presentation.xml.rels", OOXML.relationships(presentationRels)))
        return parts
    }

    /// The deck's title and author.
    func coreParts() -> (name: String, xml: String) { ("docProps/core.xml", coreProperties()) }

    /// A slide's parts at its place in the deck: the slide and its relationships, and
    /// its notes page with its relationships when it has notes.
    func slideEntries(_ slide: SlideContent, number: Int) -> [OutputFile] {
        let made = slideParts(slide)
        // A slide without notes has no notes page, as PowerPoint saves it.
        let hasNotes = !slide.notes.isEmpty
        var parts: [OutputFile] = [
            OutputFile(path: "ppt/slides/slide\(number).xml", data: made.slide),
            OutputFile(path: "ppt/slides/_rels/slide\(number).xml.rels", text: OOXML.relationships([
                .init(id: "rId1", type: "\(OOXML.relType)/slideLayout", target: "../slideLayouts/slideLayout\(made.layout.rawValue).xml"),
            ] + (hasNotes ? [.init(id: "rId2", type: "\(OOXML.relType)/notesSlide", target: "../notesSlides/notesSlide\(number).xml")] : [])
              + made.slideLinks)),
        ]
        guard hasNotes else { return parts }
        parts.append(OutputFile(path: "ppt/notesSlides/notesSlide\(number).xml", data: made.notes))
        parts.append(OutputFile(path: "ppt/notesSlides/_rels/notesSlide\(number).xml.rels", text: OOXML.relationships([
            .init(id: "rId1", type: "\(OOXML.relType)/notesMaster", target: "../notesMasters/notesMaster1.xml"),
            .init(id: "rId2", type: "\(OOXML.relType)/slide", target: "../slides/slide\(number).xml"),
        ] + made.noteLinks)))
        return parts
    }

    /// Everything a slide's parts depend on but its place in the deck.
    func partsKey(_ slide: SlideContent) -> DeckMemo.PartsKey {
        DeckMemo.PartsKey(content: slide, figures: slide.figureNumbers.map { figures[$0] }, links: slide.links.map(resolveLink))
    }

    /// A slide and its notes page as parts: the same content, figures and link targets
    /// give the same parts, so a memo gives those another meeting's deck already wrote.
    func slideParts(_ slide: SlideContent) -> DeckMemo.SlideParts {
        func make() -> DeckMemo.SlideParts {
            var links = LinkTable(firstID: 3)
            let (xml, layout) = slideXML(slide, links: &links)
            var noteLinks = LinkTable(firstID: 3)
            let notes = notesXML(slide, links: &noteLinks)
            return DeckMemo.SlideParts(slide: xml, layout: layout, slideLinks: links.relationships, notes: notes, noteLinks: noteLinks.relationships)
        }
        guard let memo else { return make() }
        return memo.parts(partsKey(slide), make: make)
    }

    /// The .pptx at `path`, with its parts unpacked beside its bytes for the
    /// provider-number scan. With a memo, each distinct part is deflated into its record
    /// once in the build and the deck is laid out from those records (`ZIPRecord`);
    /// without, ZIPFoundation writes the deck entry by entry. Both give the same bytes.
    func file(path: String) throws -> OutputFile {
        guard let memo else {
            let parts = parts()
            return OutputFile(path: path, data: try ZIPRecord.plainArchive(parts), parts: parts)
        }
        let records = try records(memo)
        return OutputFile(path: path, data: ZIPRecord.archive(records), parts: records.map(\.part))
    }

    // MARK: package parts

    /// - Parameter notesPages: the numbers of the slides that have a notes page.
    func contentTypes(slideCount: Int, notesPages: [Int]) -> String {
        let ml = "application/vnd.openxmlformats-officedocument.presentationml"
        var overrides: [(String, String)] = [
            ("/ppt/presentation.xml", "\(ml).presentation.main+xml"),
            ("/ppt/presProps.xml", "\(ml).presProps+xml"),
            ("/ppt/viewProps.xml", "\(ml).viewProps+xml"),
            ("/ppt/tableStyles.xml", "\(ml).tableStyles+xml"),
            ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
            ("/ppt/theme/theme2.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
            ("/ppt/slideMasters/slideMaster1.xml", "\(ml).slideMaster+xml"),
            ("/ppt/notesMasters/notesMaster1.xml", "\(ml).notesMaster+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        for layout in OOXML.Layout.allCases { overrides.append(("/ppt/slideLayouts/slideLayout\(layout.rawValue).xml", "\(ml).slideLayout+xml")) }
        for number in stride(from: 1, through: slideCount, by: 1) {
            overrides.append(("/ppt/slides/slide\(number).xml", "\(ml).slide+xml"))
        }
        for number in notesPages { overrides.append(("/ppt/notesSlides/notesSlide\(number).xml", "\(ml).notesSlide+xml")) }
        return OOXML.declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
            + overrides.map { #"<Override PartName="\#($0.0)" ContentType="\#($0.1)"/>"# }.joined() + "</Types>"
    }

    func coreProperties() -> String {
        OOXML.declaration + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\#(OOXML.escape(title))</dc:title><dc:creator>\#(OOXML.escape(author))</dc:creator><cp:lastModifiedBy>\#(OOXML.escape(author))</cp:lastModifiedBy><dc:language>\#(OOXML.language)</dc:language></cp:coreProperties>"#
    }

    func appProperties(slideCount: Int, notesCount: Int) -> String {
        OOXML.declaration + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Klynge</Application><PresentationFormat>Widescreen</PresentationFormat><Slides>\#(slideCount)</Slides><Notes>\#(notesCount)</Notes><Company>\#(OOXML.escape(author))</Company></Properties>"#
    }

    func presentation(slideCount: Int) -> String {
        let ids = (0..<slideCount).map { #"<p:sldId id="\#(256 + $0)" r:id="rId\#(7 + $0)"/>"# }.joined()
        return OOXML.declaration + #"<p:presentation \#(OOXML.namespaces) saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst>\#(slideCount > 0 ? "<p:sldIdLst>\(ids)</p:sldIdLst>" : "")<p:sldSz cx="\#(OOXML.slideWidth)" cy="\#(OOXML.slideHeight)"/><p:notesSz cx="6858000" cy="9144000"/><p:defaultTextStyle><a:lvl1pPr>\#(OOXML.runProperties())</a:lvl1pPr></p:defaultTextStyle></p:presentation>"#
    }

    // MARK: slides

    /// External links of one slide, numbered after its fixed relationships.
    struct LinkTable {
        var firstID: Int
        var relationships: [OOXML.Relationship] = []
        private var ids: [String: String] = [:]

        init(firstID: Int) { self.firstID = firstID }

        mutating func id(for target: String) -> String {
            if let id = ids[target] { return id }
            let id = "rId\(firstID + relationships.count)"
            relationships.append(.init(id: id, type: "\(OOXML.relType)/hyperlink", target: target, external: true))
            ids[target] = id
            return id
        }
    }

    /// The runs' elements, appended to one string. A text without a line end (most)
    /// is one part, not split by `Character`; a link's target is looked up once per run
    /// (`LinkTable` gives a target the same id every time). `PPTXRunsTests` compare
    /// this with the runs joined part by part.
    func runs(_ runs: [SlideContent.Run], size: Int? = nil, links: inout LinkTable) -> String {
        var xml = ""
        for run in runs {
            var start = #"<a:r><a:rPr lang=""# + OOXML.language + "\""
            if let size { start += #" sz=""# + String(size) + "\"" }
            if run.bold { start += #" b="1""# }
            if run.italic { start += #" i="1""# }
            start += ">"
            if let link = run.link, let target = resolveLink(link) { start += #"<a:hlinkClick r:id=""# + links.id(for: target) + #""/>"# }
            start += "</a:rPr><a:t>"
            // A line break inside a paragraph is its own element in DrawingML.
            let parts = run.text.utf8.contains(UInt8(ascii: "\n"))
                ? run.text.split(separator: "\n", omittingEmptySubsequences: false) : [run.text[...]]
            for (index, part) in parts.enumerated() {
                if index > 0 { xml += #"<a:br><a:rPr lang=""# + OOXML.language + #""/></a:br>"# }
                xml += start
                xml += OOXML.escape(String(part))
                xml += "</a:t></a:r>"
            }
        }
        return xml
    }

    func paragraphs(_ blocks: [SlideContent.Block], size: Int? = nil, bullets: Bool, links: inout LinkTable) -> String {
        var xml = ""
        let end = #"<a:endParaRPr lang="\#(OOXML.language)"\#(size.map { #" sz="\#($0)""# } ?? "")/>"#
        let noBullet = #"<a:pPr marL="0" indent="0"><a:buNone/></a:pPr>"#
        for block in blocks {
            switch block {
            case .paragraph(let content):
                xml += "<a:p>\(noBullet)\(runs(content, size: size, links: &links))\(end)</a:p>"
            case .heading(_, let content):
                xml += "<a:p>\(noBullet)\(runs(content.map { var run = $0; run.bold = true; return run }, size: size, links: &links))\(end)</a:p>"
            case .list(let items):
                for item in items {
                    let level = min(item.level, 4)
                    let properties: String
                    if !bullets {
                        properties = #"<a:pPr marL="\#(285750 * (level + 1))" indent="-285750"><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>"#
                    } else if item.ordered {
                        properties = #"<a:pPr lvl="\#(level)"><a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"/></a:pPr>"#
                    } else {
                        properties = #"<a:pPr lvl="\#(level)"/>"#
                    }
                    xml += "<a:p>\(properties)\(runs(item.runs, size: size, links: &links))\(end)</a:p>"
                }
            case .table(let header, let rows):
                // Only reached where no table can be drawn (notes): one line per row.
                for row in [header] + rows {
                    xml += "<a:p>\(noBullet)\(runs([.init(text: row.joined(separator: " · "))], size: size, links: &links))\(end)</a:p>"
                }
            case .figure, .block:
                continue
            }
        }
        return xml.isEmpty ? "<a:p>\(end)</a:p>" : xml
    }

    static let slideOpening = OOXML.declaration + #"<p:sld \#(OOXML.namespaces)><p:cSld><p:spTree>"# + OOXML.groupProperties
    static let slideClosing = "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    static let notesOpening = OOXML.declaration + #"<p:notes \#(OOXML.namespaces)><p:cSld><p:spTree>"# + OOXML.groupProperties
    static let notesClosing = "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"

    func slideXML(_ slide: SlideContent, links: inout LinkTable) -> (Data, OOXML.Layout) {
        var shapes = ShapeList()
        let drawn = slide.blocks.filter { block in
            switch block {
            case .table, .figure: return true
            default: return false
            }
        }
        let text = slide.blocks.filter { block in
            switch block {
            case .table, .figure, .block: return false
            default: return true
            }
        }
        let layout: OOXML.Layout = slide.titleLevel == 1 ? .title : drawn.isEmpty ? .content : .titleOnly
        let title = slide.title.map { [SlideContent.Run(text: $0)] } ?? []
        // A long title gets smaller type so it stays within its two lines above the content.
        let titleSize = layout == .title ? nil : Self.titleSize(slide.title ?? "")
        let titleBody = "<a:p>\(runs(title, size: titleSize, links: &links))<a:endParaRPr lang=\"\(OOXML.language)\"/></a:p>"
        switch layout {
        case .title:
            shapes.placeholder(name: "Titel", type: "ctrTitle", index: nil, body: titleBody)
            if !text.isEmpty { shapes.placeholder(name: "Undertitel", type: "subTitle", index: 1, body: paragraphs(text, bullets: false, links: &links)) }
        case .content:
            shapes.placeholder(name: "Titel", type: "title", index: nil, body: titleBody)
            shapes.placeholder(name: "Indhold", type: nil, index: 1, body: paragraphs(text, bullets: true, links: &links))
        case .titleOnly:
            shapes.placeholder(name: "Titel", type: "title", index: nil, body: titleBody)
            var y = OOXML.contentY
            if !text.isEmpty {
                let lines = text.reduce(0) { count, block in
                    if case .list(let items) = block { return count + items.count }
                    return count + 1
                }
                let height = min(lines, 4) * 365_760 + 91_440
                shapes.textBox(name: "Tekst", x: OOXML.margin, y: y, cx: OOXML.contentWidth, cy: height,
                               body: paragraphs(text, size: 1800, bullets: false, links: &links))
                y += height + 91_440
            }
            let available = OOXML.slideHeight - 365_760 - y
            let share = available / max(drawn.count, 1)
            for block in drawn {
                switch block {
                case .table(let header, let rows):
                    shapes.table(header: header, rows: rows, x: OOXML.margin, y: y, cx: OOXML.contentWidth, maxHeight: share)
                case .figure(let number):
                    if let figure = figures[number] {
                        FigureShapes.draw(figure, number: number, into: &shapes, x: OOXML.margin, y: y, cx: OOXML.contentWidth, cy: share)
                    }
                default:
                    break
                }
                y += share
            }
        }
        return (shapes.part(opening: Self.slideOpening, closing: Self.slideClosing), layout)
    }

    /// The master's 36 pt holds about 40 characters on a line; 28 pt two lines of 55, 24 pt two of 65.
    static func titleSize(_ title: String) -> Int? {
        switch title.count {
        case ...40: return nil
        case ...100: return 2800
        default: return 2400
        }
    }

    func notesXML(_ slide: SlideContent, links: inout LinkTable) -> Data {
        var shapes = ShapeList()
        shapes.append(#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Diasbillede"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>"#)
        shapes.nextID = 3
        shapes.placeholder(name: "Noter", type: "body", index: 1, body: paragraphs(slide.notes, bullets: false, links: &links))
        return shapes.part(opening: Self.notesOpening, closing: Self.notesClosing)
    }
}

/// Shapes of one slide, each with an id unique on it.
struct ShapeList {
    /// The shapes' XML, appended to piece by piece (see `ByteRun`).
    private let bytes = ByteRun(capacity: 16_384)
    var nextID = 2

    /// The shapes' XML so far.
    var xml: String { bytes.string }

    /// Where the next shape starts (see `group(from:…)`).
    var end: Int { bytes.count }

    mutating func append(_ text: String) { bytes.append(text) }

    /// The shapes between `opening` and `closing`: a part's bytes, not made a `String`
    /// (which would check them as UTF-8 again) on their way into the archive.
    func part(opening: String, closing: String) -> Data {
        var data = Data(capacity: opening.utf8.count + bytes.count + closing.utf8.count)
        data.append(contentsOf: opening.utf8)
        bytes.appendBytes(to: &data)
        data.append(contentsOf: closing.utf8)
        return data
    }

    mutating func id() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    // The shapes are appended piece by piece, not interpolated into strings of their
    // own first: a figure slide has hundreds. `ShapeListTests` compare them with the
    // interpolated shapes.

    /// `<p:cNvPr id="…" name="…"` with the next id and the name escaped.
    private mutating func appendProperties(escapedName name: String) {
        bytes.append(#"<p:cNvPr id=""#)
        bytes.append(decimal: id())
        bytes.append(#"" name=""#)
        bytes.append(name)
        bytes.append("\"")
    }

    private mutating func append(_ number: Int) { bytes.append(decimal: number) }

    private mutating func appendTransform(_ x: Int, _ y: Int, _ cx: Int, _ cy: Int) {
        bytes.append("<a:xfrm>")
        Self.appendBox(to: bytes, offset: "off", extent: "ext", x: x, y: y, cx: max(cx, 0), cy: max(cy, 0))
        bytes.append("</a:xfrm>")
    }

    /// `<a:off x="…" y="…"/><a:ext cx="…" cy="…"/>`, or the group's `chOff`/`chExt` pair.
    private static func appendBox(to run: ByteRun, offset: StaticString, extent: StaticString, x: Int, y: Int, cx: Int, cy: Int) {
        run.append("<a:")
        run.append(offset)
        run.append(#" x=""#)
        run.append(decimal: x)
        run.append(#"" y=""#)
        run.append(decimal: y)
        run.append(#""/><a:"#)
        run.append(extent)
        run.append(#" cx=""#)
        run.append(decimal: cx)
        run.append(#"" cy=""#)
        run.append(decimal: cy)
        run.append(#""/>"#)
    }

    private mutating func appendSolidFill(_ colour: String) {
        bytes.append(#"<a:solidFill><a:srgbClr val=""#)
        bytes.append(colour)
        bytes.append(#""/></a:solidFill>"#)
    }

    mutating func placeholder(name: String, type: String?, index: Int?, body: String) {
        bytes.append("<p:sp><p:nvSpPr>")
        appendProperties(escapedName: OOXML.escape(name))
        bytes.append(#"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph"#)
        if let type {
            bytes.append(#" type=""#)
            bytes.append(type)
            bytes.append("\"")
        }
        if let index {
            bytes.append(#" idx=""#)
            append(index)
            bytes.append("\"")
        }
        bytes.append(#"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>"#)
        bytes.append(body)
        bytes.append("</p:txBody></p:sp>")
    }

    /// A text box up to its body, which the caller appends, then `closeTextBox()`.
    private mutating func openTextBox(escapedName name: String, x: Int, y: Int, cx: Int, cy: Int, anchor: String, fill: String?) {
        bytes.append("<p:sp><p:nvSpPr>")
        appendProperties(escapedName: name)
        bytes.append(#"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>"#)
        appendTransform(x, y, cx, cy)
        bytes.append(#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>"#)
        if let fill { appendSolidFill(fill) } else { bytes.append("<a:noFill/>") }
        bytes.append(#"</p:spPr><p:txBody><a:bodyPr wrap="square" lIns="45720" tIns="0" rIns="45720" bIns="0" anchor=""#)
        bytes.append(anchor)
        bytes.append(#""><a:normAutofit/></a:bodyPr><a:lstStyle/>"#)
    }

    private mutating func closeTextBox() { bytes.append("</p:txBody></p:sp>") }

    mutating func textBox(name: String, x: Int, y: Int, cx: Int, cy: Int, body: String, anchor: String = "t", fill: String? = nil) {
        openTextBox(escapedName: OOXML.escape(name), x: x, y: y, cx: cx, cy: cy, anchor: anchor, fill: fill)
        bytes.append(body)
        closeTextBox()
    }

    /// One line of plain text in a box of its own (chart labels and values).
    /// A label in the text colour (the theme's `dk1`, which text takes when it names no
    /// colour) and left-aligned (a paragraph's default) says neither: a deck has hundreds.
    mutating func label(_ text: String, x: Int, y: Int, cx: Int, cy: Int, size: Int, bold: Bool = false, colour: String = "1B1F24",
                        align: String = "l", anchor: String = "ctr") {
        // The box is named by its text.
        let escaped = OOXML.escape(text)
        openTextBox(escapedName: escaped, x: x, y: y, cx: cx, cy: cy, anchor: anchor, fill: nil)
        bytes.append("<a:p>")
        if align != "l" {
            bytes.append(#"<a:pPr algn=""#)
            bytes.append(align)
            bytes.append(#""/>"#)
        }
        bytes.append(#"<a:r><a:rPr lang=""#)
        bytes.append(OOXML.language)
        bytes.append(#"" sz=""#)
        append(size)
        bytes.append("\"")
        if bold { bytes.append(#" b="1""#) }
        bytes.append(">")
        if colour != "1B1F24" { appendSolidFill(colour) }
        bytes.append("</a:rPr><a:t>")
        bytes.append(escaped)
        bytes.append("</a:t></a:r></a:p>")
        closeTextBox()
    }

    mutating func rectangle(name: String, x: Int, y: Int, cx: Int, cy: Int, fill: String?, line: String? = nil) {
        bytes.append("<p:sp><p:nvSpPr>")
        appendProperties(escapedName: OOXML.escape(name))
        bytes.append("/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>")
        appendTransform(x, y, cx, cy)
        bytes.append(#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>"#)
        if let fill { appendSolidFill(fill) } else { bytes.append("<a:noFill/>") }
        if let line {
            bytes.append(#"<a:ln w="9525">"#)
            appendSolidFill(line)
            bytes.append("</a:ln>")
        } else {
            bytes.append("<a:ln><a:noFill/></a:ln>")
        }
        bytes.append("</p:spPr></p:sp>")
    }

    /// A vertical line (a reference mark), dashed as the SVG chart's.
    mutating func verticalLine(name: String, x: Int, y: Int, cy: Int, dash: String, width: Int = 19050) {
        bytes.append("<p:cxnSp><p:nvCxnSpPr>")
        appendProperties(escapedName: OOXML.escape(name))
        bytes.append("/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>")
        appendTransform(x, y, 0, cy)
        bytes.append(#"<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w=""#)
        append(width)
        bytes.append(#""><a:solidFill><a:srgbClr val="1B1F24"/></a:solidFill><a:prstDash val=""#)
        bytes.append(dash)
        bytes.append(#""/></a:ln></p:spPr></p:cxnSp>"#)
    }

    /// Shapes drawn since `start` (an `end`) become one group carrying the figure's alt
    /// text: the group's opening goes in before them (its id comes after theirs), its end after.
    mutating func group(from start: Int, name: String, description: String, x: Int, y: Int, cx: Int, cy: Int) {
        let opening = ByteRun(capacity: 1024)
        opening.append(#"<p:grpSp><p:nvGrpSpPr><p:cNvPr id=""#)
        opening.append(decimal: id())
        opening.append(#"" name=""#)
        opening.append(OOXML.escape(name))
        opening.append(#"" descr=""#)
        opening.append(OOXML.escape(description))
        opening.append(#""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"#)
        Self.appendBox(to: opening, offset: "off", extent: "ext", x: x, y: y, cx: cx, cy: cy)
        Self.appendBox(to: opening, offset: "chOff", extent: "chExt", x: x, y: y, cx: cx, cy: cy)
        opening.append("</a:xfrm></p:grpSpPr>")
        bytes.insert(opening, at: start)
        bytes.append("</p:grpSp>")
    }

    mutating func table(header: [String], rows: [[String]], x: Int, y: Int, cx: Int, maxHeight: Int) {
        let columns = max(header.count, rows.map(\.count).max() ?? 0, 1)
        let all = [header] + rows
        let rowHeight = min(457_200, max(maxHeight / max(all.count, 1), 274_320))
        let size = rowHeight < 365_760 ? 1200 : all.count <= 7 ? 1800 : 1400
        // Columns as wide as their longest text, within the slide's width.
        let weights = (0..<columns).map { column in max(all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 1, 4) }
        let total = weights.reduce(0, +)
        var widths = weights.map { cx * $0 / total }
        widths[widths.count - 1] += cx - widths.reduce(0, +)
        let border = "<a:solidFill><a:srgbClr val=\"7A8F9C\"/></a:solidFill>"
        let borders = ["lnL", "lnR", "lnT", "lnB"].map { "<a:\($0) w=\"6350\">\(border)</a:\($0)>" }.joined()
        var table = #"<a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>"# + widths.map { #"<a:gridCol w="\#($0)"/>"# }.joined() + "</a:tblGrid>"
        for (index, row) in all.enumerated() {
            table += #"<a:tr h="\#(rowHeight)">"#
            for column in 0..<columns {
                let text = row.indices.contains(column) ? row[column] : ""
                let bold = index == 0 ? #" b="1""# : ""
                let fill = index == 0 ? #"<a:solidFill><a:srgbClr val="E3EDF2"/></a:solidFill>"# : "<a:noFill/>"
                table += #"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="\#(OOXML.language)" sz="\#(size)"\#(bold)/><a:t>\#(OOXML.escape(text))</a:t></a:r></a:p></a:txBody><a:tcPr marL="91440" marR="91440" marT="45720" marB="45720">\#(borders)\#(fill)</a:tcPr></a:tc>"#
            }
            table += "</a:tr>"
        }
        table += "</a:tbl>"
        bytes.append(#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="\#(id())" name="Tabel"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="\#(x)" y="\#(y)"/><a:ext cx="\#(cx)" cy="\#(rowHeight * all.count)"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">\#(table)</a:graphicData></a:graphic></p:graphicFrame>"#)
    }
}
