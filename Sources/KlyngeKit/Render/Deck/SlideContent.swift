import CMarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// A slide read off cmark's tree: its title and its blocks as typed values, so the
/// .pptx writes real text boxes, lists and tables from the same Markdown as the HTML.
struct SlideContent: Sendable, Hashable {
    struct Run: Sendable, Hashable {
        var text: String
        var bold = false
        var italic = false
        var link: String?
    }

    struct ListItem: Sendable, Hashable {
        var runs: [Run]
        var level: Int
        var ordered: Bool
    }

    enum Block: Sendable, Hashable {
        case heading(level: Int, runs: [Run])
        case paragraph([Run])
        case list([ListItem])
        case table(header: [String], rows: [[String]])
        /// Figure N of the deck (a figure block expanded by `DeckPage.figures`), drawn from its typed chart.
        case figure(Int)
        /// A Theme block placeholder (`{{> programme}}`), which only the HTML page shows.
        case block(String)
    }

    /// The Markdown it was read from: it makes two contents equal only when their
    /// bytes are (see `DeckSource.Slide`), and it is what the hash reads.
    var source: DeckSource.Slide
    var line: Int
    /// The first heading's text; its level tells a title slide (1) from the others.
    var title: String?
    var titleLevel = 2
    var blocks: [Block]
    var notes: [Block]

    init(_ slide: DeckSource.Slide) {
        source = slide
        line = slide.line
        var body = Self.blocks(of: slide.body)
        if let index = body.firstIndex(where: { if case .heading = $0 { return true } else { return false } }),
           case .heading(let level, let runs) = body[index] {
            title = Self.plain(runs)
            titleLevel = level
            body.remove(at: index)
        }
        blocks = body
        notes = Self.blocks(of: slide.notes)
    }

    static func plain(_ runs: [Run]) -> String { runs.map(\.text).joined() }

    /// The source's bytes and the blocks' count: equal contents have equal sources, and
    /// hashing every run's text as a String (normalised) would cost more.
    func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(blocks.count)
        hasher.combine(notes.count)
    }

    /// The figures the slide draws, in its order.
    var figureNumbers: [Int] {
        blocks.compactMap { if case .figure(let number) = $0 { number } else { nil } }
    }

    /// Every link of the slide and its notes, in their order.
    var links: [String] {
        func links(_ blocks: [Block]) -> [String] {
            blocks.flatMap { block -> [String] in
                switch block {
                case .heading(_, let runs), .paragraph(let runs): return runs.compactMap(\.link)
                case .list(let items): return items.flatMap { $0.runs.compactMap(\.link) }
                case .table, .figure, .block: return []
                }
            }
        }
        return links(blocks) + links(notes)
    }

    // MARK: cmark

    private static let extensions = ["table", "strikethrough", "autolink", "tagfilter"]

    static func blocks(of markdown: String) -> [Block] {
        _ = MarkdownRenderer()  // registers cmark-gfm's extensions once
        guard !markdown.isEmpty, let parser = cmark_parser_new(CMARK_OPT_UNSAFE) else { return [] }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(document) }
        var blocks: [Block] = []
        for node in children(of: document) { blocks += block(node) }
        return blocks
    }

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var nodes: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            nodes.append(current)
            child = cmark_node_next(current)
        }
        return nodes
    }

    private static func typeName(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    private static func block(_ node: OpaquePointer) -> [Block] {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            return [.heading(level: Int(cmark_node_get_heading_level(node)), runs: runs(of: node))]
        case CMARK_NODE_PARAGRAPH:
            let content = runs(of: node)
            return content.isEmpty ? [] : [.paragraph(content)]
        case CMARK_NODE_LIST:
            return [.list(items(of: node, level: 0))]
        case CMARK_NODE_BLOCK_QUOTE:
            return children(of: node).flatMap(block)
        case CMARK_NODE_CODE_BLOCK:
            let text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            return [.paragraph([Run(text: text.trimmingTrailingNewlines)])]
        case CMARK_NODE_HTML_BLOCK:
            let html = (cmark_node_get_literal(node).map { String(cString: $0) } ?? "").trimmingTrailingNewlines
            if html.hasPrefix(BlockPlaceholder.prefix), html.hasSuffix(BlockPlaceholder.suffix) {
                return [.block(String(html.dropFirst(BlockPlaceholder.prefix.count).dropLast(BlockPlaceholder.suffix.count)))]
            }
            return []
        default:
            if typeName(node) == "table" { return [table(node)] }
            return []
        }
    }

    private static func items(of list: OpaquePointer, level: Int) -> [ListItem] {
        let ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST
        var result: [ListItem] = []
        for item in children(of: list) {
            var text: [Run] = []
            var nested: [ListItem] = []
            for child in children(of: item) {
                if cmark_node_get_type(child) == CMARK_NODE_LIST {
                    nested += items(of: child, level: level + 1)
                } else {
                    if !text.isEmpty { text.append(Run(text: " ")) }
                    text += runs(of: child)
                }
            }
            result.append(ListItem(runs: text, level: level, ordered: ordered))
            result += nested
        }
        return result
    }

    private static func table(_ node: OpaquePointer) -> Block {
        let rows = children(of: node).map { row in children(of: row).map { plain(runs(of: $0)) } }
        return .table(header: rows.first ?? [], rows: Array(rows.dropFirst()))
    }

    /// The inline content of a block, as runs of the same look.
    static func runs(of node: OpaquePointer) -> [Run] {
        var result: [Run] = []
        func visit(_ node: OpaquePointer, bold: Bool, italic: Bool, link: String?) {
            for child in children(of: node) {
                switch cmark_node_get_type(child) {
                case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                    let text = (cmark_node_get_literal(child).map { String(cString: $0) } ?? "")
                        .replacingAll(String(MarkdownText.valueAt), with: "@")
                    result.append(Run(text: text, bold: bold, italic: italic, link: link))
                case CMARK_NODE_SOFTBREAK:
                    result.append(Run(text: " ", bold: bold, italic: italic, link: link))
                case CMARK_NODE_LINEBREAK:
                    result.append(Run(text: "\n", bold: bold, italic: italic, link: link))
                case CMARK_NODE_STRONG:
                    visit(child, bold: true, italic: italic, link: link)
                case CMARK_NODE_EMPH:
                    visit(child, bold: bold, italic: true, link: link)
                case CMARK_NODE_LINK:
                    let url = cmark_node_get_url(child).map { String(cString: $0) }?.replacingAll(String(MarkdownText.valueAt), with: "@")
                    visit(child, bold: bold, italic: italic, link: url)
                case CMARK_NODE_HTML_INLINE, CMARK_NODE_IMAGE:
                    continue
                default:
                    visit(child, bold: bold, italic: italic, link: link)
                }
            }
        }
        visit(node, bold: false, italic: false, link: nil)
        // Neighbours of the same look become one run: fewer, plainer text runs in the .pptx.
        var merged: [Run] = []
        for run in result {
            if let last = merged.last, last.bold == run.bold, last.italic == run.italic, last.link == run.link {
                merged[merged.count - 1].text += run.text
            } else {
                merged.append(run)
            }
        }
        return merged
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
