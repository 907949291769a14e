import CSystemSupport
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
        var markdown = markdown
        // Cut and searched in UTF-8: the separators, fences and `Note:` are ASCII and the
        // markers private-use scalars, so no line needs to be read by Character.
        return markdown.withUTF8 { split(bytes: $0, defaultLine: defaultLine) }
    }

    private static func split(bytes text: UnsafeBufferPointer<UInt8>, defaultLine: Int) -> [Slide] {
        var slides: [Slide] = []
        var line = defaultLine, lastLine = defaultLine
        var body: [UInt8] = [], notes: [UInt8] = []
        var inNotes = false, hasContent = false
        // The fence's character (` or ~) while inside a fenced code block.
        var fence: UInt8?

        func finish() {
            if hasContent {
                slides.append(Slide(line: line, body: String(decoding: body, as: UTF8.self), notes: String(decoding: notes, as: UTF8.self)))
            }
            line = lastLine
            body.removeAll(keepingCapacity: true)
            notes.removeAll(keepingCapacity: true)
            inNotes = false
            hasContent = false
        }

        /// One line without its line end and marker; `marked` is the marker's line number.
        func take(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence, marked: Int?) {
            if let marked { lastLine = marked }
            var low = bytes.startIndex, high = bytes.endIndex
            func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            while low < high, blank(bytes[low]) { low += 1 }
            while high > low, blank(bytes[high - 1]) { high -= 1 }
            let trimmed = bytes[low..<high]
            func starts(with prefix: StaticString) -> Bool {
                trimmed.count >= prefix.utf8CodeUnitCount && zip(trimmed, UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)).allSatisfy { $0 == $1 }
            }
            if fence == nil, trimmed.count == 3, starts(with: "---") {
                finish()
                return
            }
            if fence == nil, marked != nil, trimmed.isEmpty {
                if !hasContent { line = lastLine }
                return
            }
            if starts(with: "```") || starts(with: "~~~") {
                let mark = trimmed[low]
                if fence == nil { fence = mark } else if fence == mark { fence = nil }
            }
            if fence == nil, !inNotes, starts(with: "Note:") {
                inNotes = true
                var restLow = low + 5
                while restLow < high, blank(bytes[restLow]) { restLow += 1 }
                if restLow < high {
                    notes.append(contentsOf: bytes[restLow..<high])
                    notes.append(UInt8(ascii: "\n"))
                    hasContent = true
                }
                return
            }
            if !trimmed.isEmpty { hasContent = true }
            if inNotes {
                notes.append(contentsOf: bytes)
                notes.append(UInt8(ascii: "\n"))
            } else {
                body.append(contentsOf: bytes)
                body.append(UInt8(ascii: "\n"))
            }
        }

        let openBytes = Array(String(open).utf8), closeBytes = Array(String(close).utf8)
        guard let base = text.baseAddress else {
            finish()
            return slides
        }
        var start = 0
        while true {
            let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), text.count - start)
            let end = newline.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base } ?? text.count
            var lineEnd = end
            if lineEnd > start, text[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let raw = text[start..<lineEnd]
            if let open = find(openBytes, in: raw), let close = find(closeBytes, in: text[open.upperBound..<lineEnd]) {
                let marked = Int(String(decoding: text[open.upperBound..<close.lowerBound], as: UTF8.self))
                let joined = Array(text[start..<open.lowerBound]) + Array(text[close.upperBound..<lineEnd])
                joined.withUnsafeBufferPointer { take($0[...], marked: marked) }
            } else {
                take(raw, marked: nil)
            }
            guard newline != nil else { break }
            start = end + 1
        }
        finish()
        return slides
    }

    /// Where `needle` first occurs in `bytes`.
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Range<Int>? {
        guard !bytes.isEmpty, let base = bytes.base.baseAddress,
              let hit = klynge_memmem(base + bytes.startIndex, bytes.count, needle, needle.count) else { return nil }
        let start = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        return start..<start + needle.count
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
