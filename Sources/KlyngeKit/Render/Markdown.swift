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

    public func render(_ markdown: String) -> RenderedMarkdown {
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

        let found = walk(document, restoringValueAts: hasValueAts)
        let headings = anchorHeadings(in: document)
        wrap(tables: found.tables)
        mark(standaloneLinks: found.standaloneLinks)
        guard let html = cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser)) else {
            return RenderedMarkdown(html: "", headings: headings)
        }
        defer { free(html) }
        // cmark-gfm labels footnote back-links in English; the pages are Danish.
        let text = String(cString: html).replacingAll(#"aria-label="Back to content""#, with: #"aria-label="Tilbage til teksten""#)
        return RenderedMarkdown(html: Self.alignmentClasses(Self.taskBoxes(text)), headings: headings)
    }

    /// cmark-gfm aligns table columns with `align`, which HTML no longer allows, and the
    /// Content-Security-Policy forbids `style`: a class does it, styled by the theme.
    static func alignmentClasses(_ html: String) -> String {
        var result = html
        for side in ["left", "center", "right"] {
            result = result.replacingAll(#" align="\#(side)">"#, with: #" class="align-\#(side)">"#)
        }
        return result
    }

    /// A task list is a checklist to tick on paper: cmark's disabled checkboxes have no
    /// label and cannot be ticked on screen, so they become boxes drawn by the theme.
    static func taskBoxes(_ html: String) -> String {
        html.replacingAll(#"<input type="checkbox" disabled="" /> "#,
                          with: #"<span class="task-box" aria-hidden="true"></span>"#)
            .replacingAll(#"<input type="checkbox" checked="" disabled="" /> "#,
                          with: #"<span class="task-box done" aria-hidden="true"></span><span class="visually-hidden">Gjort: </span>"#)
    }

    /// cmark-gfm's table node type: the extension's headers do not export it, so it
    /// is read once off a one-row table (comparing type names cost 1 % of a build).
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

    /// One walk over the tree: puts back the `@` of values and finds the tables and
    /// the links that stand alone. The tree is changed only after the walk.
    private func walk(_ document: OpaquePointer, restoringValueAts: Bool) -> (tables: [OpaquePointer], standaloneLinks: [OpaquePointer]) {
        var tables: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return ([], []) }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            if restoringValueAts { restoreValueAts(in: node) }
            let type = cmark_node_get_type(node)
            if type == Self.tableType {
                tables.append(node)
            } else if type == CMARK_NODE_PARAGRAPH, let link = cmark_node_first_child(node), link == cmark_node_last_child(node),
                      cmark_node_get_type(link) == CMARK_NODE_LINK {
                links.append(link)
            }
        }
        return (tables, links)
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

    /// Replaces every heading by a custom block that writes `<hN id="slug">`,
    /// keeping its inline children. The tree is changed only after iterating it.
    private func anchorHeadings(in document: OpaquePointer) -> [Heading] {
        var nodes: [OpaquePointer] = []
        var child = cmark_node_first_child(document)
        while let node = child {
            if cmark_node_get_type(node) == CMARK_NODE_HEADING { nodes.append(node) }
            child = cmark_node_next(node)
        }
        var slugs = SlugSet()
        return nodes.map { node in
            let level = Int(cmark_node_get_heading_level(node))
            let text = plainText(of: node)
            let id = slugs.unique(Slug.make(text))
            let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(block, "<h\(level) id=\"\(id)\">")
            cmark_node_set_on_exit(block, "</h\(level)>")
            while let inline = cmark_node_first_child(node) {
                cmark_node_unlink(inline)
                cmark_node_append_child(block, inline)
            }
            cmark_node_replace(node, block)
            cmark_node_free(node)
            return Heading(level: level, id: id, text: text)
        }
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
