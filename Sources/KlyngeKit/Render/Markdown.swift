import CMarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// A heading of a rendered document, for anchors and the table of contents.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var id: String
    public var text: String
}

public struct RenderedMarkdown: Sendable, Hashable {
    public var html: String
    public var headings: [Heading]
}

/// cmark-gfm with the GitHub extensions, heading ids from the syntax tree.
public struct MarkdownRenderer: Sendable {
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Registration is not thread-safe in Debian's build: do it once, before any
    /// concurrent rendering, through this lazily initialised global.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Raw HTML is allowed because only the publisher's own Markdown reaches cmark
    /// unescaped; values from cluster data are escaped before (see MarkdownText).
    private static let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    public init() { _ = Self.registered }

    public func render(_ markdown: String) -> RenderedMarkdown { render(markdown, slugs: SlugSet()) }

    /// - Parameter slugs: the heading ids already taken on the page (a deck's earlier slides).
    func render(_ markdown: String, slugs: SlugSet) -> RenderedMarkdown {
        render(markdown, slugs: slugs, tokens: nil)
    }

    /// A body rendered with its values' tokens in place of the values (see `BodyHTML`),
    /// and where the tokens stand: how many in text that prints as text (outside images
    /// and table heads, whose text also becomes an attribute) and how many in the
    /// addresses of links written `[text](address)`; nil when one stands anywhere else.
    func renderTokenised(_ markdown: String) -> (rendered: RenderedMarkdown, places: TokenPlaces?) {
        var tokens = TokenPlaces()
        let rendered = render(markdown, slugs: SlugSet(), tokens: &tokens)
        return (rendered, tokens.elsewhere ? nil : tokens)
    }

    /// Where a tokenised body's tokens stand (see `renderTokenised`).
    struct TokenPlaces {
        var inText = 0
        var inAddresses = 0
        var elsewhere = false
    }

    private func render(_ markdown: String, slugs: SlugSet, tokens: UnsafeMutablePointer<TokenPlaces>?) -> RenderedMarkdown {
        guard let parser = cmark_parser_new(Self.options) else { return RenderedMarkdown(html: "", headings: []) }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var markdown = markdown
        let hasValueAts = markdown.withUTF8 { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { cmark_parser_feed(parser, $0, bytes.count) }
            // 0xEE leads the marker's UTF-8 bytes: most documents need no restoring.
            return memchr(base, 0xEE, bytes.count) != nil
        }
        guard let document = cmark_parser_finish(parser) else { return RenderedMarkdown(html: "", headings: []) }
        defer { cmark_node_free(document) }

        let found = walk(document, restoringValueAts: hasValueAts, tokens: tokens)
        let (headings, replaced) = anchorHeadings(found.headings, slugs: slugs, placeholders: tokens != nil)
        // A heading's inline raw HTML points into the heading's own text: the heading is
        // freed only once its children have been rendered.
        defer { replaced.forEach { cmark_node_free($0) } }
        wrap(tables: found.tables)
        mark(standaloneLinks: found.standaloneLinks)
        var own = MarkdownHTML()
        for (cell, use) in found.alignedCells { own.lend(cell, to: use) }
        for (item, use) in found.taskItems { own.lend(item, to: use) }
        for definition in found.footnoteDefinitions { own.markBackLinks(of: definition) }
        let rendered = cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser))
        let backLinks = own.backLinkStarts
        own.giveBack()
        guard let html = rendered else { return RenderedMarkdown(html: "", headings: headings) }
        defer { free(html) }
        return RenderedMarkdown(html: Self.danishBackLinks(html, at: backLinks), headings: headings)
    }

    /// The output with cmark-gfm's English label of footnote back-links made Danish:
    /// only in the back-links themselves, from where a footnote's mark says they start
    /// to the end of its paragraph or item.
    private static func danishBackLinks(_ html: UnsafeMutablePointer<CChar>, at starts: [Int]) -> String {
        guard !starts.isEmpty else { return String(cString: html) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(html).assumingMemoryBound(to: UInt8.self), count: strlen(html))
        let english = Array(#"aria-label="Back to content""#.utf8), danish = Array(#"aria-label="Tilbage til teksten""#.utf8)
        let ends = [Array("</p>".utf8), Array("</li>".utf8)]
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var copied = 0
        for start in starts.sorted() where start >= copied {
            var index = start
            while index < bytes.count, !ends.contains(where: { bytes[index...].starts(with: $0) }) {
                if bytes[index...].starts(with: english) {
                    output.append(contentsOf: bytes[copied..<index])
                    output.append(contentsOf: danish)
                    index += english.count
                    copied = index
                } else {
                    index += 1
                }
            }
        }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// cmark-gfm's table node type: the extension's headers do not export it, so it
    /// is read once off a one-row table rather than comparing type names on every node.
    private static let tableType: cmark_node_type = {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT), let syntax = cmark_find_syntax_extension("table") else {
            return CMARK_NODE_NONE
        }
        defer { cmark_parser_free(parser) }
        cmark_parser_attach_syntax_extension(parser, syntax)
        let table = "| a |\n|---|\n"
        cmark_parser_feed(parser, table, table.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return CMARK_NODE_NONE }
        defer { cmark_node_free(document) }
        return cmark_node_first_child(document).map { cmark_node_get_type($0) } ?? CMARK_NODE_NONE
    }()

    /// What one walk over the tree finds; the tree is changed only after the walk.
    private struct Found {
        var tables: [OpaquePointer] = []
        var standaloneLinks: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
        var alignedCells: [(OpaquePointer, MarkdownHTML.Use)] = []
        var taskItems: [(OpaquePointer, MarkdownHTML.Use)] = []
        var footnoteDefinitions: [OpaquePointer] = []
    }

    /// One walk over the tree: puts back the `@` of values and finds the tables, their
    /// aligned cells, the task list items, the headings at any depth (in block quotes
    /// and list items too) and the links that stand alone.
    private func walk(_ document: OpaquePointer, restoringValueAts: Bool, tokens: UnsafeMutablePointer<TokenPlaces>?) -> Found {
        var found = Found()
        let tasklist = cmark_find_syntax_extension("tasklist")
        guard let iterator = cmark_iter_new(document) else { return found }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            if restoringValueAts { restoreValueAts(in: node) }
            let type = cmark_node_get_type(node)
            if let tokens { Self.place(tokensOf: node, type: type, in: tokens) }
            if type == Self.tableType {
                found.tables.append(node)
                found.alignedCells += alignedCells(of: node)
            } else if type == CMARK_NODE_HEADING {
                found.headings.append(node)
            } else if type == CMARK_NODE_FOOTNOTE_DEFINITION {
                found.footnoteDefinitions.append(node)
            } else if type == CMARK_NODE_ITEM, let tasklist, cmark_node_get_syntax_extension(node) == tasklist {
                found.taskItems.append((node, cmark_gfm_extensions_get_tasklist_item_checked(node) ? .doneTask : .openTask))
            } else if type == CMARK_NODE_PARAGRAPH, let link = Self.onlyChild(of: node), cmark_node_get_type(link) == CMARK_NODE_LINK {
                found.standaloneLinks.append(link)
            }
        }
        return found
    }

    /// Counts the tokens of a node: in a text node that prints as text, in a link's
    /// address, or anywhere else. An address the autolink extension found in the text
    /// keeps the token's backslash (`BodyHTML.token`), which cmark removes only from
    /// addresses written in parentheses: only those take a value as it is.
    private static func place(tokensOf node: OpaquePointer, type: cmark_node_type, in places: UnsafeMutablePointer<TokenPlaces>) {
        func count(_ text: UnsafePointer<CChar>?) -> Int { text.map(ShapeToken.count(in:)) ?? 0 }
        let literal = count(cmark_node_get_literal(node)), title = count(cmark_node_get_title(node))
        let url = cmark_node_get_url(node)
        let address = count(url)
        guard literal + title + address > 0 else { return }
        if type == CMARK_NODE_LINK, literal == 0, title == 0, let url, strchr(url, Int32(UInt8(ascii: "\\"))) == nil {
            places.pointee.inAddresses += address
            return
        }
        guard type == CMARK_NODE_TEXT, title + address == 0 else {
            places.pointee.elsewhere = true
            return
        }
        // An image's text is its alt attribute, a table head's the table's label: there a
        // value is not only escaped text. (A heading's text is also its id, which the
        // tokenised body leaves as a placeholder.)
        var parent = cmark_node_parent(node)
        while let current = parent {
            let kind = cmark_node_get_type(current)
            if kind == CMARK_NODE_IMAGE
                || (kind != CMARK_NODE_DOCUMENT && cmark_node_parent(current).map { cmark_node_get_type($0) == tableType && cmark_node_first_child($0) == current } ?? false) {
                places.pointee.elsewhere = true
                return
            }
            parent = cmark_node_parent(current)
        }
        places.pointee.inText += literal
    }

    /// The one child of a node, not counting empty text: the autolink extension leaves
    /// an empty text node before a bare `http://` address it makes a link.
    private static func onlyChild(of node: OpaquePointer) -> OpaquePointer? {
        func isEmptyText(_ child: OpaquePointer) -> Bool {
            cmark_node_get_type(child) == CMARK_NODE_TEXT && (cmark_node_get_literal(child).map { $0.pointee == 0 } ?? true)
        }
        var only: OpaquePointer?
        var child = cmark_node_first_child(node)
        while let current = child {
            if !isEmptyText(current) {
                guard only == nil else { return nil }
                only = current
            }
            child = cmark_node_next(current)
        }
        return only
    }

    /// A table's cells that have an alignment, each with its use.
    private func alignedCells(of table: OpaquePointer) -> [(OpaquePointer, MarkdownHTML.Use)] {
        guard let alignments = cmark_gfm_extensions_get_table_alignments(table) else { return [] }
        let columns = Int(cmark_gfm_extensions_get_table_columns(table))
        var cells: [(OpaquePointer, MarkdownHTML.Use)] = []
        var row = cmark_node_first_child(table)
        while let currentRow = row {
            var cell = cmark_node_first_child(currentRow)
            var column = 0
            while let current = cell, column < columns {
                if let use = MarkdownHTML.use(alignment: alignments[column]) { cells.append((current, use)) }
                cell = cmark_node_next(current)
                column += 1
            }
            row = cmark_node_next(currentRow)
        }
        return cells
    }

    private static let valueAtMarker = String(MarkdownText.valueAt)

    /// Puts back the `@` of values (see MarkdownText.escape) now that the autolink
    /// extension has run, so an address in a value stays text, as typed.
    private func restoreValueAts(in node: OpaquePointer) {
        func restored(_ text: UnsafePointer<CChar>?) -> String? {
            guard let text, strstr(text, Self.valueAtMarker) != nil else { return nil }
            return String(cString: text).replacingAll(Self.valueAtMarker, with: "@")
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
            if let text = restored(cmark_node_get_literal(node)) { cmark_node_set_literal(node, text) }
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            if let url = restored(cmark_node_get_url(node)) { cmark_node_set_url(node, url) }
            if let title = restored(cmark_node_get_title(node)) { cmark_node_set_title(node, title) }
        default:
            break
        }
    }

    /// Wraps every table in a box that scrolls sideways by itself, so a wide table never
    /// widens a phone's page; the box is focusable and named so keyboards can scroll it.
    private func wrap(tables: [OpaquePointer]) {
        for table in tables {
            var columns: [String] = []
            var cell = cmark_node_first_child(table).flatMap { cmark_node_first_child($0) }
            while let current = cell {
                columns.append(plainText(of: current))
                cell = cmark_node_next(current)
            }
            let label = HTMLText.escape(columns.isEmpty ? "Tabel" : "Tabel: \(columns.joined(separator: ", "))")
            let box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(box, #"<div class="table-scroll" role="region" tabindex="0" aria-label="\#(label)">"#)
            cmark_node_set_on_exit(box, "</div>")
            cmark_node_insert_before(table, box)
            cmark_node_append_child(box, table)
        }
    }

    /// A link that is a whole paragraph or list item is a tap target, unlike a link inside
    /// a sentence: it gets `<span class="tap">` so the theme can make it big enough to hit.
    private func mark(standaloneLinks links: [OpaquePointer]) {
        for link in links {
            let span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
            cmark_node_set_on_enter(span, #"<span class="tap">"#)
            cmark_node_set_on_exit(span, "</span>")
            cmark_node_insert_before(link, span)
            cmark_node_append_child(span, link)
        }
    }

    /// Replaces every heading by a custom block that writes `<hN id="slug">`, keeping its
    /// inline children. The tree is changed only after iterating it; the headings taken
    /// out are returned, to be freed after rendering.
    /// - Parameter placeholders: a tokenised body's (see `BodyHTML`): when a heading holds
    ///   a token, every heading's id is `BodyHTML.headingID(n)` instead, made for each
    ///   meeting from the headings' texts with its values.
    private func anchorHeadings(_ nodes: [OpaquePointer], slugs: SlugSet, placeholders: Bool) -> (headings: [Heading], replaced: [OpaquePointer]) {
        var slugs = slugs
        let texts = nodes.map { plainText(of: $0) }
        let placeholders = placeholders && texts.contains { $0.containsBytes(of: ShapeToken.marker) }
        let headings = zip(nodes, texts).enumerated().map { number, pair in
            let (node, text) = pair
            let level = Int(cmark_node_get_heading_level(node))
            let id = placeholders ? BodyHTML.headingID(number) : slugs.unique(Slug.make(text))
            let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(block, "<h\(level) id=\"\(id)\">")
            cmark_node_set_on_exit(block, "</h\(level)>")
            while let inline = cmark_node_first_child(node) {
                cmark_node_unlink(inline)
                cmark_node_append_child(block, inline)
            }
            cmark_node_replace(node, block)
            return Heading(level: level, id: id, text: text)
        }
        return (headings, nodes)
    }

    private func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(current) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }
}

/// A link or image as a document's source writes it: the address as cmark reads it
/// (backslash escapes and entities resolved) and where the address stands.
struct WrittenLink: Sendable, Hashable {
    var url: String
    var line: Int
    var column: Int
}

extension MarkdownRenderer {
    /// Every link and image of a Markdown text (a document body before its template
    /// values are filled in), each at the line and column (in scalars) of its address,
    /// or of its start where the address is not on that line (a reference link).
    func writtenLinks(_ markdown: String) -> [WrittenLink] {
        guard let parser = cmark_parser_new(Self.options) else { return [] }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(document) }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [(url: String, line: Int, column: Int)] = []
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) else { continue }
            let line = Int(cmark_node_get_start_line(node))
            guard line >= 1, line <= lines.count else { continue }
            found.append((String(cString: url), line, Int(cmark_node_get_start_column(node))))
        }
        // cmark's columns of inline nodes are off on a lazy continuation line of a list
        // item or quote; their order is not. Where a line's links are all inline links,
        // the k-th link's address follows the line's k-th `](`.
        var links: [WrittenLink] = []
        for (line, onLine) in Dictionary(grouping: found, by: \.line).sorted(by: { $0.key < $1.key }) {
            let text = lines[line - 1]
            let addresses = Self.inlineAddressStarts(in: text)
            let ordered = onLine.sorted { $0.column < $1.column }
            for (index, link) in ordered.enumerated() {
                let start = addresses.count == ordered.count ? addresses[index] : Self.byteIndex(in: text, column: link.column)
                links.append(WrittenLink(url: link.url, line: line, column: text.unicodeScalars.distance(from: text.startIndex, to: start) + 1))
            }
        }
        return links
    }

    /// Where the addresses of a line's inline links start: after each `](`, spaces and `<`.
    private static func inlineAddressStarts(in line: Substring) -> [String.Index] {
        let utf8 = line.utf8
        var starts: [String.Index] = []
        var from = utf8.startIndex
        while let close = utf8[from...].firstRange(of: "](".utf8) {
            var at = close.upperBound
            while at < utf8.endIndex, utf8[at] == UInt8(ascii: " ") || utf8[at] == UInt8(ascii: "<") { at = utf8.index(after: at) }
            starts.append(at)
            from = close.upperBound
        }
        return starts
    }

    /// The index of a 1-based byte column of a line, kept within the line.
    private static func byteIndex(in line: Substring, column: Int) -> String.Index {
        let utf8 = line.utf8
        var index = utf8.index(utf8.startIndex, offsetBy: max(column - 1, 0), limitedBy: utf8.endIndex) ?? utf8.endIndex
        while index > utf8.startIndex, index < utf8.endIndex, utf8[index] & 0xC0 == 0x80 { index = utf8.index(before: index) }
        return index
    }
}
