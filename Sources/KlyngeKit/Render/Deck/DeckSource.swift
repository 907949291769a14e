/// A deck document is Markdown cut into slides: a line `---` starts the next slide and a
/// line `Note:` starts the slide's speaker notes (as in reveal.js). The cut is made on
/// the Markdown after Mustache, so a slide partial can make several slides; each slide
/// keeps the source line that made it, for `klynge check`.
enum DeckSource {
    /// One slide's Markdown and notes, before cmark.
    struct Slide: Sendable, Hashable {
        var line: Int
        var body: String
        var notes: String
    }

    /// Private-use characters around a source line number. Mustache copies literal text
    /// as it is, and values cannot carry them in (cluster data is escaped text, and the
    /// marker is removed before cmark ever sees the slide).
    static let open: Character = "\u{E050}", close: Character = "\u{E051}"

    static func marker(_ line: Int) -> String { "\(open)\(line)\(close)" }

    /// The body with its source lines written in: on every separator, and on a line of
    /// its own before every partial, whose slides then carry the partial's line.
    static func numbered(_ body: String, firstLine: Int) -> String {
        var lines: [String] = [marker(firstLine)]
        for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = firstLine + offset
            if line.trimmingTrailingCR.trimmingSpacesAndTabs == "---" {
                lines.append("---" + marker(number))
            } else {
                if line.contains("{{>") { lines.append(marker(number)) }
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Cuts rendered Markdown into slides; slides with nothing in them are dropped.
    /// A `---` inside a fenced code block is code, not a cut.
    static func split(_ markdown: String, defaultLine: Int) -> [Slide] {
        var slides: [Slide] = []
        var current = Slide(line: defaultLine, body: "", notes: "")
        var lastLine = defaultLine
        var inNotes = false
        var fence: Substring?
        var hasContent = false

        func finish() {
            if hasContent { slides.append(current) }
            current = Slide(line: lastLine, body: "", notes: "")
            inNotes = false
            hasContent = false
        }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine.trimmingTrailingCR)
            var marked: Int?
            if let start = line.firstIndex(of: open), let end = line[start...].firstIndex(of: close) {
                marked = Int(line[line.index(after: start)..<end])
                line = line[..<start] + line[line.index(after: end)...]
            }
            if let marked { lastLine = marked }
            let trimmed = line.trimmingSpacesAndTabs
            if fence == nil, trimmed == "---" {
                finish()
                continue
            }
            if fence == nil, marked != nil, trimmed.isEmpty {
                if !hasContent { current.line = lastLine }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let mark = trimmed.prefix(3)
                if fence == nil { fence = mark } else if fence == mark { fence = nil }
            }
            if fence == nil, !inNotes, trimmed.hasPrefix("Note:") {
                inNotes = true
                let rest = trimmed.dropFirst("Note:".count).trimmingSpacesAndTabs
                if !rest.isEmpty { current.notes += rest + "\n"; hasContent = true }
                continue
            }
            if !trimmed.isEmpty { hasContent = true }
            if inNotes { current.notes += line + "\n" } else { current.body += line + "\n" }
        }
        finish()
        return slides
    }
}

extension Substring {
    /// Without white space at either end (spaces, tabs, line ends, also the no-break
    /// space a tool or a copied cell may carry), in native Swift.
    var trimmingWhitespace: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        return self[first...lastIndex(where: { !$0.isWhitespace })!]
    }

    var trimmingSpacesAndTabs: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
