/// Whether a slide's content fits its 16:9 frame, by a simple measure of the theme's
/// type: a line holds about 70 characters at the slide's body size, the body about
/// 10 lines under the title (3 beside a table or figure), a table about 9 rows. Past that
/// the projected slide (and the .pptx) cut or shrink text, so `klynge check` warns at
/// the line of the source that made the slide.
enum DeckFit {
    static let charactersPerLine = 70
    static let bodyLines = 10
    static let tableRows = 9

    static func problems(_ slides: [SlideContent], path: String) -> [Diagnostic] {
        slides.compactMap { slide in
            guard let reason = overflow(slide) else { return nil }
            let name = slide.title.map { "'\($0)'" } ?? "without a title"
            return .warning(SourceLocation(path: path, line: slide.line), "the slide \(name) may not fit its 16:9 frame: \(reason)")
        }
    }

    /// What does not fit, in words, or nil when the slide fits.
    static func overflow(_ slide: SlideContent) -> String? {
        var lines = 0
        var rows = 0
        var figures = 0
        for block in slide.blocks {
            switch block {
            case .table(_, let body): rows += body.count + 1
            case .figure: figures += 1
            default: break
            }
        }
        for line in slide.textLines where !isTable(line, slide) {
            lines += max(1, (line.count + charactersPerLine - 1) / charactersPerLine)
        }
        if rows > tableRows { return "its table has \(rows) rows (about \(tableRows) fit)" }
        // A table or figure takes most of the frame: only a few lines of text fit beside it.
        let room = rows > 0 || figures > 0 ? 3 : bodyLines
        if lines > room { return "about \(lines) lines of text (about \(room) fit\(room < bodyLines ? " beside a table or figure" : ""))" }
        return nil
    }

    private static func isTable(_ line: String, _ slide: SlideContent) -> Bool {
        slide.blocks.contains { block in
            if case .table(let header, let rows) = block { return ([header] + rows).contains { $0.joined(separator: "  ") == line } }
            return false
        }
    }
}
