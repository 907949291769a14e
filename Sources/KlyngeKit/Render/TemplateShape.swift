import Foundation
import Synchronization
import Mustache

/// A template context split into its shape and its strings.
///
/// What a Mustache template renders depends on the strings of its context only
/// where it prints them: sections, inverted sections and lists look at types,
/// booleans, numbers, missing values and list lengths, never at the text of a
/// non-empty string (swift-mustache renders a string section once, whatever it
/// says, and Klynge's strict check allows no transforms or lambdas). So clusters
/// whose contexts have the same shape render the same text around their values:
/// Klynge renders that text once with every string replaced by a numbered token
/// and then only fills in each cluster's values (BENCHMARKS.md has what it saves).
struct ContextShape: Sendable {
    /// One top-level entry of the context: its name, its structure and its strings.
    private struct Part: Sendable {
        var name: String
        /// The structure's bytes, interned: equal numbers mean equal bytes.
        var structure: Int
        var values: [String]
    }

    /// Sorted by name, as `ShapeToken.tokenised` walks the context.
    private var parts: [Part]

    /// The build's numbering of structures, which every shape merged into this one shares.
    private let structures: ShapeStructures

    /// The structure: keys, types, booleans, numbers, list lengths, empty strings.
    /// Each part's structure (about 6 KB for a cluster) stands here by its interned
    /// number, so a cache lookup hashes a short key, not the whole structure.
    private(set) var key: String = ""

    /// Where each part's strings start in the numbering of all of them.
    private var firstValues: [Int] = []

    /// How many non-empty strings the context holds.
    private(set) var valueCount = 0

    /// The non-empty string number `index` in the order of the walk: the one token `index` stands for.
    /// Looked up in its part: a page's shape is filled once, so a flat copy of all would cost more.
    func value(_ index: Int) -> String {
        var low = 0
        var high = parts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if firstValues[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return parts[low].values[index - firstValues[low]]
    }

    /// The shape of a context, its structures numbered in `structures` (the build's, `Theme.structures`).
    init(_ context: TemplateContext, in structures: ShapeStructures) {
        self.structures = structures
        parts = []
        parts.reserveCapacity(context.count)
        // One walker for all parts: its key and scratch space are reused.
        var walker = Walker()
        for (name, value) in context.sorted(by: { $0.key < $1.key }) {
            walker.key.removeAll(keepingCapacity: true)
            walker.values = []
            walker.walk(value)
            parts.append(Part(name: name, structure: structures.number(walker.key), values: walker.values))
        }
        summarise()
    }

    /// The shape of this context with some entries added or replaced: a page's own
    /// values over the cluster's, without walking the cluster's again.
    func merging(_ context: TemplateContext) -> ContextShape {
        merging(ContextShape(context, in: structures))
    }

    /// The same with the entries of another shape of the build.
    func merging(_ other: ContextShape) -> ContextShape {
        // Numbers from two numberings would make unequal structures look equal.
        assert(other.structures === structures, "shapes of one build share one numbering")
        var merged = self
        for part in other.parts {
            if let index = merged.parts.firstIndex(where: { $0.name >= part.name }) {
                if merged.parts[index].name == part.name {
                    merged.parts[index] = part
                } else {
                    merged.parts.insert(part, at: index)
                }
            } else {
                merged.parts.append(part)
            }
        }
        merged.summarise()
        return merged
    }

    /// Only the entries a template can look up (see `TemplateOutline.topLevelNames`):
    /// clusters that differ elsewhere share the template's render.
    func restricted(to names: Set<String>?) -> ContextShape {
        guard let names else { return self }
        var restricted = self
        restricted.parts.removeAll { !names.contains($0.name) }
        guard restricted.parts.count < parts.count else { return self }
        restricted.summarise()
        return restricted
    }

    private mutating func summarise() {
        var key: [UInt8] = []
        key.reserveCapacity(parts.count * 16)
        firstValues = []
        firstValues.reserveCapacity(parts.count)
        valueCount = 0
        for part in parts {
            Walker.append(part.name.utf8.count, to: &key)
            key.append(UInt8(ascii: ":"))
            key.append(contentsOf: part.name.utf8)
            key.append(UInt8(ascii: "="))
            Walker.append(part.structure, to: &key)
            key.append(UInt8(ascii: ";"))
            firstValues.append(valueCount)
            valueCount += part.values.count
        }
        self.key = String(decoding: key, as: UTF8.self)
    }

    /// The one walk over a context's values, in the one order both uses need (records by
    /// sorted name, lists in order). It writes each value's structure into `key` (types,
    /// names, flags, numbers, list lengths, empty strings) and its non-empty strings into
    /// `values`, so shapes with equal keys differ only in those strings. Asked for tokens,
    /// it also returns the value with string number `n` of the walk replaced by token `n`:
    /// rendering that copy prints, around each token, exactly the text that rendering the
    /// real value prints around the string, because Mustache decides sections, inverted
    /// sections and lists by the structure alone, which the two share (see `ContextShape`).
    /// The key is built as bytes: appending to a String measured as a third of the walk.
    struct Walker {
        var key: [UInt8] = []
        var values: [String] = []
        /// Set: `tokenised` returns the copy with tokens of this form.
        var tokens: ShapeToken.Form?
        /// A record's entries sorted, one buffer per depth, kept from record to record so
        /// that a walk allocates no array per record.
        private var sorted: [[(key: String, value: TemplateValue)]] = []
        private var depth = 0

        init(tokens: ShapeToken.Form? = nil) {
            self.tokens = tokens
            key.reserveCapacity(1024)
        }

        /// A whole number's decimal digits (not negative).
        static func append<Number: BinaryInteger>(_ number: Number, to key: inout [UInt8]) {
            if number >= 10 { append(number / 10, to: &key) }
            key.append(UInt8(ascii: "0") + UInt8(number % 10))
        }

        /// A number's decimal digits, with a minus sign when negative.
        private mutating func appendDecimal(_ number: Int) {
            if number < 0 { add("-") }
            Self.append(number.magnitude, to: &key)
        }

        mutating func add(_ byte: Unicode.Scalar) { key.append(UInt8(ascii: byte)) }

        mutating func walk(_ value: TemplateValue) { _ = visit(value) }

        /// The value with its strings replaced by their tokens (`tokens` must be set).
        mutating func tokenised(_ value: TemplateValue) -> TemplateValue { visit(value)! }

        /// Returns the tokenised copy when `tokens` is set, else nil (nothing is copied).
        private mutating func visit(_ value: TemplateValue) -> TemplateValue? {
            switch value {
            case .text(let string):
                if string.isEmpty {
                    add("e")
                    return tokens == nil ? nil : value
                }
                add("s")
                values.append(string)
                return tokens.map { .text(ShapeToken.token(values.count - 1, $0)) }
            case .record(let record):
                // Sorted: a dictionary's own order differs between equal dictionaries.
                add("{")
                var copy: [String: TemplateValue]? = tokens == nil ? nil : Dictionary(minimumCapacity: record.count)
                let level = depth
                if sorted.count == level { sorted.append([]) }
                sorted[level].removeAll(keepingCapacity: true)
                sorted[level].append(contentsOf: record)
                sorted[level].sort { $0.key < $1.key }
                depth += 1
                for position in 0..<record.count {
                    let (name, element) = sorted[level][position]
                    Self.append(name.utf8.count, to: &key)
                    add(":")
                    if name.utf8.withContiguousStorageIfAvailable({ key.append(contentsOf: $0) }) == nil { key.append(contentsOf: name.utf8) }
                    let tokenised = visit(element)
                    if copy != nil { copy![name] = tokenised }
                }
                depth -= 1
                add("}")
                return copy.map { .record($0) }
            case .list(let list):
                add("[")
                Self.append(list.count, to: &key)
                var copy: [TemplateValue]? = tokens == nil ? nil : []
                copy?.reserveCapacity(list.count)
                for element in list {
                    let tokenised = visit(element)
                    if copy != nil { copy!.append(tokenised!) }
                }
                add("]")
                return copy.map { .list($0) }
            case .flag(let flag):
                add(flag ? "T" : "F")
            case .number(let number):
                add("i")
                appendDecimal(number)
                add(";")
            case .missing:
                add("M")
            case .absent:
                add("A")
            }
            return tokens == nil ? nil : value
        }
    }
}

/// The structures of one build's context shapes, numbered: shapes compare by these
/// numbers, so every shape, template render and cache of a build uses one numbering.
/// Owned by the build's `Theme`, it goes with the build: a long `serve` session
/// keeps no table that grows with every change of the cluster data.
final class ShapeStructures: Sendable {
    private let numbers = Mutex<[Bytes: Int]>([:])

    init() {}

    func number(_ structure: [UInt8]) -> Int {
        let key = Bytes(bytes: structure)
        return numbers.withLock { numbers in
            if let number = numbers[key] { return number }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
    }

    /// How many distinct structures are numbered.
    var count: Int { numbers.withLock { $0.count } }

    /// Hashed as one block: `[UInt8]`'s own hashing feeds the hasher byte by byte.
    private struct Bytes: Hashable, Sendable {
        var bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }
}

/// Numbered tokens that stand for a context's strings while a template renders.
/// Letters and digits only in Markdown (so MarkdownText and cmark leave them as
/// they are); in HTML templates they carry an `&`, so the output tells whether
/// the template escaped the value (`&amp;`) or printed it raw.
enum ShapeToken {
    static let marker = "kLyNgE"
    private static let markerBytes = Array(marker.utf8)

    enum Form: Sendable {
        case markdown, html
    }

    static func token(_ index: Int, _ form: Form) -> String {
        switch form {
        case .markdown: return "\(marker)\(index)x"
        case .html: return "\(marker)\(index)&x"
        }
    }

    /// The context with every non-empty string replaced by its token, numbered in the
    /// order `ContextShape` numbers the values: made by the same walk (`ContextShape.Walker`).
    static func tokenised(_ context: TemplateContext, _ form: Form) -> TemplateContext {
        var walker = ContextShape.Walker(tokens: form)
        var copy: TemplateContext = [:]
        for name in context.keys.sorted() { copy[name] = walker.tokenised(context[name].unsafelyUnwrapped) }
        return copy
    }

    /// A template rendered with tokens, cut at them: the text between tokens stays in
    /// `text` (one string, so filling a page retains nothing per piece), each token
    /// becomes the place of a value.
    struct CutTemplate: Sendable {
        enum Piece: Sendable {
            /// Bytes of `text`, cut at ASCII tokens, so on scalar boundaries.
            case text(Range<Int>)
            /// `escaped`: the template escaped the value (HTML form only).
            case value(Int, escaped: Bool)
        }

        let text: String
        let pieces: [Piece]

        init(text: String, pieces: [Piece]) {
            var text = text
            text.makeContiguousUTF8()
            self.text = text
            self.pieces = pieces
        }

        /// A text piece as a slice of `text` (whose bytes are contiguous: offsets are O(1)).
        func slice(_ range: Range<Int>) -> Substring {
            let utf8 = text.utf8
            return text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// Splits rendered output at its tokens; nil when a token is malformed or out
    /// of range (the template's own text looked like one), so the caller renders directly.
    static func pieces(of rendered: String, form: Form, valueCount: Int) -> CutTemplate? {
        let bytes = Array(rendered.utf8)
        var pieces: [CutTemplate.Piece] = []
        var copied = 0
        var position = 0
        while let start = find(markerBytes, in: bytes, from: position) {
            var index = 0
            var cursor = start + markerBytes.count
            let digitsStart = cursor
            while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39, cursor - digitsStart < 9 {
                index = index * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            }
            guard cursor > digitsStart, index < valueCount else { return nil }
            let escaped: Bool
            switch form {
            case .markdown:
                guard matches("x", bytes, at: cursor) else { return nil }
                cursor += 1
                escaped = true
            case .html:
                if matches("&amp;x", bytes, at: cursor) {
                    cursor += 6
                    escaped = true
                } else if matches("&x", bytes, at: cursor) {
                    cursor += 2
                    escaped = false
                } else {
                    return nil
                }
            }
            if start > copied { pieces.append(.text(copied..<start)) }
            pieces.append(.value(index, escaped: escaped))
            copied = cursor
            position = cursor
        }
        if copied < bytes.count { pieces.append(.text(copied..<bytes.count)) }
        return CutTemplate(text: rendered, pieces: pieces)
    }

    /// How many times the marker stands in a C string (cmark's texts).
    static func count(in text: UnsafePointer<CChar>) -> Int {
        var count = 0
        var from = text
        while let hit = strstr(from, marker) {
            count += 1
            from = UnsafePointer(hit) + markerBytes.count
        }
        return count
    }

    /// Whether a template's own text could be mistaken for a token.
    static func occurs(in text: String) -> Bool {
        occurs(marker, in: text)
    }

    static func occurs(_ needle: String, in text: String) -> Bool {
        find(Array(needle.utf8), in: Array(text.utf8), from: 0) != nil
    }

    private static func matches(_ literal: StaticString, _ bytes: [UInt8], at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for index in 0..<count where bytes[offset + index] != pointer[index] { return false }
        return true
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var position = start
        let last = bytes.count - needle.count
        while position <= last {
            if bytes[position] == first {
                var index = 1
                while index < needle.count, bytes[position + index] == needle[index] { index += 1 }
                if index == needle.count { return position }
            }
            position += 1
        }
        return nil
    }

    /// The pieces with each value put in place, escaped by `escape` where the template escaped it.
    static func fill(_ pieces: CutTemplate, values shape: ContextShape, escape: (String) -> String) -> String {
        var output = ""
        var size = pieces.text.utf8.count
        var values: [String] = []
        for case .value(let index, _) in pieces.pieces {
            values.append(shape.value(index))
            size += values[values.count - 1].utf8.count + 8
        }
        output.reserveCapacity(size)
        var next = 0
        for piece in pieces.pieces {
            switch piece {
            case .text(let range):
                output.append(contentsOf: pieces.slice(range))
            case .value(_, let escaped):
                output.append(escaped ? escape(values[next]) : values[next])
                next += 1
            }
        }
        // Appending valid strings: no UTF-8 validation of the whole page.
        return output
    }

    /// The same for a whole HTML file (a page's layout), as its bytes: text pieces and
    /// values are copied straight into them, values escaped as `HTMLText.escape` does.
    /// The file is the end of the page's way, so no string is made of it (a string made
    /// from bytes is checked as UTF-8 again, and appending piece by piece costs more).
    static func fileData(_ cut: CutTemplate, values shape: ContextShape) -> Data {
        var size = 0
        for piece in cut.pieces {
            switch piece {
            case .text(let range): size += range.count
            case .value(let index, _): size += shape.value(index).utf8.count + 16
            }
        }
        let run = ByteRun(capacity: size)
        var text = cut.text
        text.withUTF8 { source in
            for piece in cut.pieces {
                switch piece {
                case .text(let range):
                    run.append(UnsafeBufferPointer(rebasing: source[range]))
                case .value(let index, let escaped):
                    var value = shape.value(index)
                    value.withUTF8 { escaped ? HTMLText.escape($0, into: run) : run.append($0) }
                }
            }
        }
        var data = Data(capacity: run.count)
        run.appendBytes(to: &data)
        return data
    }
}

/// Rendered templates by shape, shared by every cluster of a build. Workers that
/// miss at once both render; the results are equal, so the output never depends
/// on which one was stored.
final class ShapeCache<Entry: Sendable>: Sendable {
    private let entries = Mutex<[String: Entry]>([:])

    init() {}

    func entry(_ key: String, make: () -> Entry) -> Entry {
        if let stored = entries.withLock({ $0[key] }) { return stored }
        let entry = make()
        entries.withLock { $0[key] = entry }
        return entry
    }
}
