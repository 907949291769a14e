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

    /// What does not fit, in words, or nil when the slide fits. A table's rows are
    /// counted as rows, not lines, and so is a line of text that reads as one of them.
    static func overflow(_ slide: SlideContent) -> String? {
        var rows = 0
        var figures = 0
        var tableLines: [String] = []
        for block in slide.blocks {
            switch block {
            case .table(let header, let body):
                rows += body.count + 1
                tableLines += ([header] + body).map { $0.joined(separator: "  ") }
            case .figure: figures += 1
            default: break
            }
        }
        var lines = 0
        func add(_ line: String) {
            guard tableLines.isEmpty || !tableLines.contains(line) else { return }
            lines += max(1, (characterCount(line) + charactersPerLine - 1) / charactersPerLine)
        }
        for block in slide.blocks {
            switch block {
            case .heading(_, let runs), .paragraph(let runs): add(SlideContent.plain(runs))
            case .list(let items): for item in items { add(SlideContent.plain(item.runs)) }
            case .table, .figure, .block: break
            }
        }
        if rows > tableRows { return "its table has \(rows) rows (about \(tableRows) fit)" }
        // A table or figure takes most of the frame: only a few lines of text fit beside it.
        let room = rows > 0 || figures > 0 ? 3 : bodyLines
        if lines > room { return "about \(lines) lines of text (about \(room) fit\(room < bodyLines ? " beside a table or figure" : ""))" }
        return nil
    }

    /// The text's `count`, from its scalars when every one is below U+0300 (where the
    /// combining marks begin) and none is a carriage return: each such scalar is a
    /// character of its own (`\r\n` is one), which Danish text without marks always is.
    /// Counted in UTF-8: a scalar from U+0300 on starts with a byte from 0xCC on, and
    /// every scalar has one byte that is not a continuation byte (0x80–0xBF).
    static func characterCount(_ text: String) -> Int {
        var text = text
        let scalars: Int? = text.withUTF8 { bytes in
            var count = 0
            for byte in bytes {
                guard byte < 0xCC, byte != 0x0D else { return nil }
                if byte & 0xC0 != 0x80 { count += 1 }
            }
            return count
        }
        return scalars ?? text.count
    }
}
