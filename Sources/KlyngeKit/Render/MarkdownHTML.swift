import CMarkGFM

/// Klynge's own HTML for the cmark-gfm nodes whose HTML the pages cannot use, written
/// by cmark's HTML renderer itself: a node is handed to a syntax extension of ours for
/// one render and given back before the tree is freed. Nothing is replaced in the
/// rendered text, so HTML an author writes passes through as written.
///
/// - Table cells with an alignment: cmark-gfm writes `align`, which HTML no longer
///   allows, and the Content-Security-Policy forbids `style`; a class does it.
/// - Task list items: cmark's disabled checkboxes have no label and cannot be ticked;
///   the list is a checklist to tick on paper, so its boxes are drawn by the theme.
/// - Footnote back-links: cmark-gfm labels them in English, written straight after the
///   last text of the footnote. A mark put there in the tree records where in the
///   output that is, so that only the renderer's own back-links are relabelled.
struct MarkdownHTML {
    /// By use, made when a node is first lent to it: most documents have no aligned
    /// cell, task item or footnote, and making all six for every render was measurable.
    private var extensions: [OpaquePointer?] = Array(repeating: nil, count: Use.allCases.count)
    private var lent: [(node: OpaquePointer, owner: OpaquePointer?)] = []
    /// Where each footnote's back-links start in the output, written by its mark.
    private var marks: [UnsafeMutablePointer<Int>] = []

    enum Use: Int, CaseIterable { case alignLeft, alignCenter, alignRight, openTask, doneTask, footnoteMark }

    init() {}

    /// The extensions' names, written once rather than for every render.
    private static let names = Use.allCases.map { "klynge-\($0)" }

    /// Renders the node with Klynge's HTML for that use until `giveBack`.
    mutating func lend(_ node: OpaquePointer, to use: Use) {
        lent.append((node, cmark_node_get_syntax_extension(node)))
        cmark_node_set_syntax_extension(node, self.extension(for: use))
    }

    private mutating func `extension`(for use: Use) -> OpaquePointer {
        if let made = extensions[use.rawValue] { return made }
        let made = cmark_syntax_extension_new(Self.names[use.rawValue])!
        cmark_syntax_extension_set_html_render_func(made, Self.renderers[use.rawValue])
        extensions[use.rawValue] = made
        return made
    }

    /// Puts a mark after the last text of a footnote definition, where cmark writes its
    /// back-links: inside its last paragraph, or after its last block.
    mutating func markBackLinks(of definition: OpaquePointer) {
        guard let last = cmark_node_last_child(definition) else { return }
        let isParagraph = cmark_node_get_type(last) == CMARK_NODE_PARAGRAPH
        guard let mark = cmark_node_new(isParagraph ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_append_child(isParagraph ? last : definition, mark)
        let start = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        start.initialize(to: -1)
        marks.append(start)
        cmark_node_set_user_data(mark, start)
        lend(mark, to: .footnoteMark)
    }

    /// The byte offsets in the output where footnote back-links start.
    var backLinkStarts: [Int] { marks.map(\.pointee).filter { $0 >= 0 } }

    /// Gives every node back to its own extension (which frees what it keeps on it)
    /// and frees Klynge's extensions and marks.
    mutating func giveBack() {
        for (node, owner) in lent { cmark_node_set_syntax_extension(node, owner) }
        lent = []
        for case let made? in extensions { cmark_syntax_extension_free(cmark_get_default_mem_allocator(), made) }
        extensions = Array(repeating: nil, count: Use.allCases.count)
        for start in marks { start.deallocate() }
        marks = []
    }

    /// The use for a table cell's alignment (`l`, `c`, `r`), or nil for none.
    static func use(alignment: UInt8) -> Use? {
        switch alignment {
        case UInt8(ascii: "l"): .alignLeft
        case UInt8(ascii: "c"): .alignCenter
        case UInt8(ascii: "r"): .alignRight
        default: nil
        }
    }

    private static let renderers: [cmark_html_render_func] = [
        { _, renderer, node, event, _ in cell(renderer, node, event, #" class="align-left""#) },
        { _, renderer, node, event, _ in cell(renderer, node, event, #" class="align-center""#) },
        { _, renderer, node, event, _ in cell(renderer, node, event, #" class="align-right""#) },
        { _, renderer, _, event, _ in taskItem(renderer, event, #"<span class="task-box" aria-hidden="true"></span>"#) },
        { _, renderer, _, event, _ in
            taskItem(renderer, event, #"<span class="task-box done" aria-hidden="true"></span><span class="visually-hidden">Gjort: </span>"#)
        },
        { _, renderer, node, _, _ in
            guard let html = renderer?.pointee.html, let start = cmark_node_get_user_data(node) else { return }
            start.assumingMemoryBound(to: Int.self).pointee = Int(html.pointee.size)
        },
    ]

    /// What cmark-gfm's table extension writes for a cell, with a class for its `align`.
    private static func cell(_ renderer: UnsafeMutablePointer<cmark_html_renderer>?, _ node: OpaquePointer?, _ event: cmark_event_type, _ attribute: StaticString) {
        guard let html = renderer?.pointee.html else { return }
        let header = cmark_gfm_extensions_get_table_row_is_header(cmark_node_parent(node)) != 0
        if event == CMARK_EVENT_ENTER {
            newline(html)
            put(html, header ? "<th" : "<td")
            put(html, attribute)
            cmark_strbuf_putc(html, Int32(UInt8(ascii: ">")))
        } else {
            put(html, header ? "</th>" : "</td>")
        }
    }

    /// What cmark writes for a list item, with the theme's box first.
    private static func taskItem(_ renderer: UnsafeMutablePointer<cmark_html_renderer>?, _ event: cmark_event_type, _ box: StaticString) {
        guard let html = renderer?.pointee.html else { return }
        if event == CMARK_EVENT_ENTER {
            newline(html)
            put(html, "<li>")
            put(html, box)
        } else {
            put(html, "</li>\n")
        }
    }

    /// cmark's `cr`: a line break unless the output is empty or at a line's start.
    private static func newline(_ html: UnsafeMutablePointer<cmark_strbuf>) {
        let size = Int(html.pointee.size)
        if size > 0, html.pointee.ptr[size - 1] != UInt8(ascii: "\n") { cmark_strbuf_putc(html, Int32(UInt8(ascii: "\n"))) }
    }

    private static func put(_ html: UnsafeMutablePointer<cmark_strbuf>, _ text: StaticString) {
        cmark_strbuf_put(html, text.utf8Start, bufsize_t(text.utf8CodeUnitCount))
    }
}
