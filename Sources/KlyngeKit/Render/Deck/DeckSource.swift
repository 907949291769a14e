#if canImport(Glibc)
import Glibc
#endif

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

        // Equal by their bytes (see `ExactText`): a memo keyed by slides (`DeckMemo`)
        // must never hand one slide's bytes to a slide that only looks the same.
        static func == (left: Slide, right: Slide) -> Bool {
            left.line == right.line && ExactText(left.body) == ExactText(right.body) && ExactText(left.notes) == ExactText(right.notes)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(line)
            hasher.combine(ExactText(body))
            hasher.combine(ExactText(notes))
        }
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

        // Lines are cut and searched in UTF-8 (the separators and markers are ASCII or
        // one private-use scalar), not by Character, which on this deck's every line cost more.
        let openBytes = Array(String(open).utf8), closeBytes = Array(String(close).utf8)
        for rawLine in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var bytes = rawLine
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            var line = Substring(bytes)
            var marked: Int?
            if let start = Self.find(openBytes, in: bytes), let end = Self.find(closeBytes, in: bytes[start.upperBound...]) {
                marked = Int(Substring(bytes[start.upperBound..<end.lowerBound]))
                line = Substring(bytes[..<start.lowerBound]) + Substring(bytes[end.upperBound...])
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
            if inNotes {
                current.notes.append(contentsOf: line)
                current.notes.append("\n")
            } else {
                current.body.append(contentsOf: line)
                current.body.append("\n")
            }
        }
        finish()
        return slides
    }

    /// Where `needle` first occurs in `bytes` (the standard library's generic search
    /// took most of the cut).
    static func find(_ needle: [UInt8], in bytes: Substring.UTF8View) -> Range<Substring.UTF8View.Index>? {
        guard let first = needle.first else { return nil }
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: first) {
            if bytes[found...].starts(with: needle) { return found..<bytes.index(found, offsetBy: needle.count) }
            index = bytes.index(after: found)
        }
        return nil
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
        let bytes = utf8
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }) else { return self[endIndex...] }
        let last = bytes.lastIndex(where: { !blank($0) })!
        return Substring(bytes[first...last])
    }
}
