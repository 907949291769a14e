#if canImport(Glibc)
import Glibc
#endif

/// A document body's HTML made by cmark once per context shape and filled with each
/// meeting's values, used only where that gives exactly the HTML cmark makes of the
/// meeting's own Markdown; otherwise the meeting's Markdown goes through cmark.
///
/// Why the fill can be exact: in a body's Markdown every value is escaped (MarkdownText:
/// each ASCII punctuation mark behind a backslash, line breaks as spaces, `@` as a
/// private mark). In text, such a value prints as itself, HTML-escaped, whatever it
/// says; as the address of a link written `[text](address)`, cmark takes it as it is and
/// escapes it for `href`. What a value says can matter only at its edges and through
/// what stands next to it. So the body is rendered once with a token in each value's
/// place (`token`: letters and digits around an escaped `_`), and the result is kept when
/// - every token stands in text that prints as text (not in an image's alt text, nor in
///   a table's head, which also labels the table) or as the address of a written link
///   (`MarkdownRenderer.renderTokenised`; an address the autolink extension finds keeps
///   the token's backslash and is refused). A heading's text is also its id: where a
///   heading holds a value, every heading's id is made for each meeting from the texts;
/// - no token shares a word with text that could join a value into an e-mail link, an
///   entity or a footnote (`@`, `&`, `^`, `\`), no letters lead from a token to `://`
///   and no `w` follows one (links found in the text), no token could be inside a raw
///   HTML tag (a `<` before it in its paragraph, not closed), and the body defines no
///   link references, whose labels a value could write;
/// - each token's places in the HTML are the places the Markdown gave it.
///
/// A meeting's values are filled in when each behaves like its token (`Needs`): in text,
/// no space at an edge whose neighbour is not an ASCII letter or digit (a line's start or
/// end, a table cell's, a block marker), a letter or number at an edge beside an emphasis
/// mark (which opens or closes by its neighbours) and first after `[` (`[^` is a
/// footnote's mark), no digit first where `.` or `)` follows at a line's start (a list
/// number), no `w` last before `.` (a `www.` link); as an address, no space and no `&`
/// (cmark reads entities in addresses before escapes); and nowhere a backtick, which can
/// close a code span opened before the value.
/// `BodyHTMLTests` compares the fill with cmark on random bodies and values.
struct BodyHTML: Sendable {
    enum Outcome: Sendable {
        case cut(BodyHTML)
        /// The body's tokens stand where values are not only text: cmark per meeting.
        case markdown
    }

    /// What a value needs to print as its token did.
    struct Needs: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        /// The first character a letter or number: an emphasis mark or `[` stands before it.
        static let letterFirst = Needs(rawValue: 1)
        /// The last character a letter or number: an emphasis mark follows.
        static let letterLast = Needs(rawValue: 2)
        /// No space first: a line's start or a mark stands before it.
        static let noSpaceFirst = Needs(rawValue: 4)
        /// No space last: a line's end or a mark follows.
        static let noSpaceLast = Needs(rawValue: 8)
        /// No ASCII digit first: a list number could start.
        static let noDigitFirst = Needs(rawValue: 16)
        /// No `w` last: `www.` could start a link.
        static let noWLast = Needs(rawValue: 32)
        /// A link's address: no space, no `&`.
        static let address = Needs(rawValue: 64)
        /// Printed as text somewhere.
        static let text = Needs(rawValue: 128)
    }

    /// A piece of the rendered body.
    enum Piece: Sendable {
        case html(Range<String.Index>)
        /// The value of slot n as text.
        case text(Int)
        /// The value of slot n as a link's address.
        case address(Int)
        /// The id of heading number n.
        case headingID(Int)
    }

    /// A value the body prints, with what it needs there.
    struct Slot: Sendable {
        /// The value's number in the shape.
        var index: Int
        var needs: Needs
    }

    /// The HTML the pieces' ranges lie in.
    let html: String
    let pieces: [Piece]
    /// The values the body prints, each once.
    let slots: [Slot]
    /// The body's headings. When one holds a value, their ids are placeholders
    /// (`headingID`), made for each meeting from `headingTexts`.
    let headings: [Heading]
    /// Each heading's text cut at its values' tokens, when one holds a value.
    let headingTexts: [[HeadingText]]?

    enum HeadingText: Sendable {
        case text(String)
        case value(Int)
        /// A whole heading without values: its text's slug, made once.
        case slug(String)
    }

    /// A value's token in the Markdown: an escaped `_` between its number and `x`, which
    /// cmark drops in text and in written addresses but keeps in a link it finds itself.
    static func token(_ index: Int) -> String { "\(ShapeToken.marker)\(index)\\_x" }

    /// What stands for heading number n's id in a tokenised body's HTML (see `MarkdownRenderer.renderTokenised`).
    static func headingID(_ number: Int) -> String { "\(ShapeToken.marker)h\(number)_x" }

    /// The Markdown a cut template was cut from, with each value's place holding its token.
    static func tokenised(_ cut: ShapeToken.CutTemplate) -> String {
        var text = ""
        text.reserveCapacity(cut.text.utf8.count)
        for piece in cut.pieces {
            switch piece {
            case .text(let range): text += cut.slice(range)
            case .value(let index, _): text += token(index)
            }
        }
        return text
    }

    /// The body's HTML cut at its tokens, or nil when a token stands where a value is not
    /// only text or an address (see the type's comment).
    init?(_ markdown: ShapeToken.CutTemplate, valueCount: Int, renderer: MarkdownRenderer) {
        var source = Self.tokenised(markdown)
        source.makeContiguousUTF8()
        guard let written = source.utf8.withContiguousStorageIfAvailable({ Self.places(in: $0) }) ?? nil else { return nil }
        let (rendered, places) = renderer.renderTokenised(source)
        var html = rendered.html
        html.makeContiguousUTF8()
        guard let places, let found = html.utf8.withContiguousStorageIfAvailable({ Self.cut($0, valueCount: valueCount) }) ?? nil,
              found.addresses == places.inAddresses, found.texts == places.inText else { return nil }
        // Each value in as many addresses and as many texts as its Markdown gave it.
        var needs: [Int: Needs] = [:]
        var counts: [Int: (texts: Int, addresses: Int)] = [:]
        for place in written {
            if place.address {
                counts[place.index, default: (0, 0)].addresses += 1
                needs[place.index, default: []].insert(.address)
            } else {
                counts[place.index, default: (0, 0)].texts += 1
                needs[place.index, default: []].formUnion(place.needs)
            }
        }
        var placed: [Int: (texts: Int, addresses: Int)] = [:]
        var headingIDs: [Int] = []
        for case .piece(let piece) in found.pieces {
            switch piece {
            case .text(let index): placed[index, default: (0, 0)].texts += 1
            case .address(let index): placed[index, default: (0, 0)].addresses += 1
            case .headingID(let number): headingIDs.append(number)
            case .html: break
            }
        }
        // With values in headings, every heading's id is a placeholder, each once, in order.
        let holdValues = rendered.headings.contains { $0.text.utf8.firstRange(of: Self.markerBytes) != nil }
        guard placed.count == counts.count, placed.allSatisfy({ index, count in
            counts[index].map { $0.texts == count.texts && $0.addresses == count.addresses } ?? false
        }), headingIDs == (holdValues ? Array(rendered.headings.indices) : []) else { return nil }
        let utf8 = html.utf8
        // Cut at tokens, which are ASCII: every offset is between scalars.
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        self.html = html
        slots = needs.map { Slot(index: $0.key, needs: $0.value) }.sorted { $0.index < $1.index }
        let slotOf = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($0.element.index, $0.offset) })
        pieces = found.pieces.map { piece in
            switch piece {
            case .bytes(let range): .html(index(range.lowerBound)..<index(range.upperBound))
            case .piece(.text(let value)): .text(slotOf[value]!)
            case .piece(.address(let value)): .address(slotOf[value]!)
            case .piece(let piece): piece
            }
        }
        headings = rendered.headings
        headingTexts = holdValues ? rendered.headings.map { Self.cut(heading: $0.text) } : nil
    }

    /// A heading's text cut at its tokens (the marker, the number, `_x`).
    private static func cut(heading text: String) -> [HeadingText] {
        var parts: [HeadingText] = []
        var bytes = Array(text.utf8)[...]
        while let start = bytes.firstRange(of: markerBytes) {
            parts.append(.text(String(decoding: bytes[..<start.lowerBound], as: UTF8.self)))
            let digits = bytes[start.upperBound...].prefix { isDigit($0) }
            parts.append(.value(Int(String(decoding: digits, as: UTF8.self))!))
            bytes = bytes[digits.endIndex...].dropFirst(2)
        }
        parts.append(.text(String(decoding: bytes, as: UTF8.self)))
        return parts.count == 1 ? [.slug(Slug.make(text))] : parts
    }

    /// The meeting's HTML, or nil when one of its values could change what cmark makes.
    func fill(_ values: ContextShape) -> RenderedMarkdown? {
        var texts: [(text: String, address: String)] = []
        texts.reserveCapacity(slots.count)
        var size = html.utf8.count
        for slot in slots {
            let value = values.value(slot.index)
            guard Self.isPlain(value, slot.needs) else { return nil }
            let escaped = (text: slot.needs.contains(.text) ? Self.escaped(value) : "", address: slot.needs.contains(.address) ? Self.address(value) : "")
            texts.append(escaped)
            size += escaped.text.utf8.count + escaped.address.utf8.count
        }
        let headings = headingTexts.map { Self.headings(self.headings, texts: $0, values: values) } ?? self.headings
        var filled = ""
        filled.reserveCapacity(size)
        for piece in pieces {
            switch piece {
            case .html(let range): filled += html[range]
            case .text(let slot): filled += texts[slot].text
            case .address(let slot): filled += texts[slot].address
            case .headingID(let number): filled += headings[number].id
            }
        }
        return RenderedMarkdown(html: filled, headings: headings)
    }

    /// The headings with the meeting's values in their texts, and their ids made as
    /// `MarkdownRenderer` makes them: from the texts, unique in the order of the body.
    static func headings(_ headings: [Heading], texts: [[HeadingText]], values: ContextShape) -> [Heading] {
        var slugs = SlugSet()
        return zip(headings, texts).map { heading, parts in
            if case .slug(let slug) = parts.first { return Heading(level: heading.level, id: slugs.unique(slug), text: heading.text) }
            var text = ""
            for part in parts {
                switch part {
                case .text(let part): text += part
                case .value(let index): text += plainText(values.value(index))
                case .slug: break
                }
            }
            return Heading(level: heading.level, id: slugs.unique(Slug.make(text)), text: text)
        }
    }

    // MARK: the Markdown around the tokens

    /// A token's place in the Markdown: in a written link's address (after `](` in its
    /// word), or in text with what its edges need there.
    struct WrittenPlace {
        var index: Int
        var address: Bool
        var needs: Needs
    }

    /// The tokens' places in the tokenised Markdown; nil when a token shares a word with
    /// text that could make a value part of a link, an entity or a footnote, or the body
    /// defines link references.
    static func places(in bytes: UnsafeBufferPointer<UInt8>) -> [WrittenPlace]? {
        guard !definesReferences(bytes) else { return nil }
        var places: [WrittenPlace] = []
        var position = 0
        while let (start, end, index) = nextToken(in: bytes, from: position) {
            guard !touchesHazard(bytes, start: start, end: end) else { return nil }
            position = end
            if isAddress(bytes, start: start) {
                places.append(WrittenPlace(index: index, address: true, needs: .address))
                continue
            }
            let previous = start > 0 ? bytes[start - 1] : nil
            let next = end < bytes.count ? bytes[end] : nil
            var needs: Needs = .text
            if !(previous.map(isAlphanumeric) ?? false) { needs.insert(.noSpaceFirst) }
            if !(next.map(isAlphanumeric) ?? false) { needs.insert(.noSpaceLast) }
            // After `[`, a value's `^` would make a footnote mark of the brackets.
            if let previous, isEmphasisMark(previous) || previous == UInt8(ascii: "[") { needs.insert(.letterFirst) }
            if let next, isEmphasisMark(next) { needs.insert(.letterLast) }
            if next == UInt8(ascii: ".") || next == UInt8(ascii: ")"), startsBlock(bytes, at: start) { needs.insert(.noDigitFirst) }
            if next == UInt8(ascii: ".") { needs.insert(.noWLast) }
            places.append(WrittenPlace(index: index, address: false, needs: needs))
        }
        return places
    }

    /// The next token from `position`: where it starts and ends, and its value's number.
    private static func nextToken(in bytes: UnsafeBufferPointer<UInt8>, from position: Int) -> (start: Int, end: Int, index: Int)? {
        guard let start = ByteSearch.find(markerBytes, in: bytes, from: position) else { return nil }
        var end = start + markerBytes.count
        var index = 0
        while end < bytes.count, isDigit(bytes[end]), end - start < markerBytes.count + 9 {
            index = index * 10 + Int(bytes[end] - 0x30)
            end += 1
        }
        for byte in tokenEnd {
            guard end < bytes.count, bytes[end] == byte else { return nil }
            end += 1
        }
        return (start, end, index)
    }

    private static let markerBytes = Array(ShapeToken.marker.utf8)
    private static let tokenEnd = Array(#"\_x"#.utf8)

    /// Whether the token stands in its word after `](` with no `)` between: the address
    /// of a written link (the HTML's places of the tokens confirm it).
    private static func isAddress(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) -> Bool {
        var index = start
        while index > 1, !isSpace(bytes[index - 1]), bytes[index - 1] != UInt8(ascii: ")") {
            if bytes[index - 1] == UInt8(ascii: "("), bytes[index - 2] == UInt8(ascii: "]") { return true }
            index -= 1
        }
        return false
    }

    /// Whether the word around a token (up to whitespace) holds, outside tokens, a
    /// character that could join a value into an e-mail link, an entity or a footnote,
    /// or letters lead from the token to `://`, or a `w` follows it.
    private static func touchesHazard(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        if end < bytes.count, bytes[end] == UInt8(ascii: "w") { return true }
        var letters = end
        while letters < bytes.count, isLetter(bytes[letters]) { letters += 1 }
        if letters + 2 < bytes.count, bytes[letters] == UInt8(ascii: ":"), bytes[letters + 1] == UInt8(ascii: "/"),
           bytes[letters + 2] == UInt8(ascii: "/") { return true }
        if insideTag(bytes, at: start) { return true }
        var from = start
        while from > 0, !isSpace(bytes[from - 1]) { from -= 1 }
        var to = end
        while to < bytes.count, !isSpace(bytes[to]) { to += 1 }
        var index = from
        while index < to {
            if let token = nextToken(in: UnsafeBufferPointer(rebasing: bytes[index..<to]), from: 0), token.start == 0 {
                index += token.end
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "^"), UInt8(ascii: "\\"): return true
            default: index += 1
            }
        }
        return false
    }

    /// Whether a `<` stands before the token in its paragraph with no `>` after it: the
    /// token could be inside raw HTML, where a value could make a tag out of text.
    private static func insideTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var index = start
        while index > 0 {
            let byte = bytes[index - 1]
            if byte == UInt8(ascii: ">") { return false }
            if byte == UInt8(ascii: "<") { return true }
            if byte == UInt8(ascii: "\n"), index > 1, bytes[index - 2] == UInt8(ascii: "\n") { return false }
            index -= 1
        }
        return false
    }

    /// Whether only indentation and block markers (`>`, list bullets and numbers) stand
    /// between the line's start and the token: there a value's digits could begin a list.
    private static func startsBlock(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var index = start
        while index > 0 {
            let byte = bytes[index - 1]
            if byte == UInt8(ascii: "\n") { return true }
            guard isSpace(byte) || isDigit(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "*") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")") else { return false }
            index -= 1
        }
        return true
    }

    /// Whether the body defines a link reference (`[label]: …`) whose label a value could
    /// write; footnote definitions (`[^label]:`) are matched only by `[^label]`, which a
    /// token never touches (`^` is a hazard).
    private static func definesReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let needle: [UInt8] = [UInt8(ascii: "]"), UInt8(ascii: ":")]
        var position = 0
        while let close = ByteSearch.find(needle, in: bytes, from: position) {
            var open = close
            while open > 0, bytes[open - 1] != UInt8(ascii: "\n"), bytes[open] != UInt8(ascii: "[") { open -= 1 }
            if bytes[open] != UInt8(ascii: "[") || open + 1 >= bytes.count || bytes[open + 1] != UInt8(ascii: "^") { return true }
            position = close + 2
        }
        return false
    }

    // MARK: the HTML

    /// A piece of the rendered body by byte offsets.
    private enum Found {
        case bytes(Range<Int>)
        case piece(Piece)

        static func text(_ index: Int) -> Found { .piece(.text(index)) }
        static func address(_ index: Int) -> Found { .piece(.address(index)) }
        static func headingID(_ number: Int) -> Found { .piece(.headingID(number)) }

        var piece: Piece {
            guard case .piece(let piece) = self else { preconditionFailure("bytes have no piece") }
            return piece
        }
    }

    /// The rendered body cut at its tokens (`_x` after the number: cmark dropped the
    /// backslash), each in text or in an `href`, and at its headings' id placeholders;
    /// nil when a token stands elsewhere.
    private static func cut(_ bytes: UnsafeBufferPointer<UInt8>, valueCount: Int) -> (pieces: [Found], texts: Int, addresses: Int)? {
        var pieces: [Found] = []
        var texts = 0, addresses = 0
        var copied = 0
        var position = 0
        // Where the last `<` and `>` stand: cmark escapes both in text and in attributes,
        // so a token after a `<` and no `>` is inside a tag.
        var lastOpen = -1, lastClose = -1
        func note(_ range: Range<Int>) {
            for index in range {
                if bytes[index] == UInt8(ascii: "<") { lastOpen = index } else if bytes[index] == UInt8(ascii: ">") { lastClose = index }
            }
        }
        while let start = ByteSearch.find(markerBytes, in: bytes, from: position) {
            note(position..<start)
            var end = start + markerBytes.count
            let isHeadingID = end < bytes.count && bytes[end] == UInt8(ascii: "h")
            if isHeadingID { end += 1 }
            var index = 0
            while end < bytes.count, isDigit(bytes[end]), end - start < markerBytes.count + 9 {
                index = index * 10 + Int(bytes[end] - 0x30)
                end += 1
            }
            guard end > start + markerBytes.count + (isHeadingID ? 1 : 0), isHeadingID || index < valueCount, end + 1 < bytes.count,
                  bytes[end] == UInt8(ascii: "_"), bytes[end + 1] == UInt8(ascii: "x") else { return nil }
            end += 2
            if start > copied { pieces.append(.bytes(copied..<start)) }
            if lastOpen < lastClose {
                guard !isHeadingID else { return nil }
                texts += 1
                pieces.append(.text(index))
            } else if isHeadingID {
                guard isInAttribute("id", of: "h", bytes, tag: lastOpen, token: start) else { return nil }
                pieces.append(.headingID(index))
            } else {
                guard isInAttribute("href", of: "a", bytes, tag: lastOpen, token: start) else { return nil }
                addresses += 1
                pieces.append(.address(index))
            }
            copied = end
            position = end
        }
        if copied < bytes.count { pieces.append(.bytes(copied..<bytes.count)) }
        return (pieces, texts, addresses)
    }

    /// Whether a token inside a tag stands in the given attribute of a tag whose name
    /// starts with `element` (`a`, or `h` for `h1`…`h6`).
    private static func isInAttribute(_ name: String, of element: Character, _ bytes: UnsafeBufferPointer<UInt8>, tag: Int, token: Int) -> Bool {
        guard tag >= 0, tag + 3 < token, bytes[tag + 1] == element.asciiValue! else { return false }
        var quote = token
        while quote > tag, bytes[quote - 1] != UInt8(ascii: "\"") { quote -= 1 }
        let attribute = Array(" \(name)=\"".utf8)
        guard quote - attribute.count > tag else { return false }
        return bytes[(quote - attribute.count)..<quote].elementsEqual(attribute)
    }

    // MARK: a meeting's values

    /// Whether a value prints as its token did wherever the body prints it.
    static func isPlain(_ value: String, _ needs: Needs) -> Bool {
        var value = value
        let bytes: (first: UInt8, last: UInt8)? = value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, memchr(base, Int32(UInt8(ascii: "`")), utf8.count) == nil else { return nil }
            if needs.contains(.address), utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x26 }) { return nil }
            return (utf8[0], utf8[utf8.count - 1])
        }
        guard let (firstByte, lastByte) = bytes else { return false }
        // The edges as cmark sees them: MarkdownText turns line breaks and tabs into
        // spaces and drops other control characters. Printable ASCII edges are read as
        // bytes; others need the scalars.
        let first: Unicode.Scalar, last: Unicode.Scalar
        if firstByte >= 0x20, firstByte < 0x7F, lastByte >= 0x20, lastByte < 0x7F {
            first = Unicode.Scalar(firstByte)
            last = Unicode.Scalar(lastByte)
        } else {
            let scalars = value.unicodeScalars
            guard let firstScalar = scalars.first(where: { !isDropped($0) }), let lastScalar = scalars.last(where: { !isDropped($0) }) else { return false }
            first = firstScalar
            last = lastScalar
        }
        if needs.contains(.letterFirst), !isLetterOrNumber(first) { return false }
        if needs.contains(.letterLast), !isLetterOrNumber(last) { return false }
        if needs.contains(.noSpaceFirst), isSpaceEdge(first) { return false }
        if needs.contains(.noSpaceLast), isSpaceEdge(last) { return false }
        if needs.contains(.noDigitFirst), first.isASCII, isDigit(UInt8(first.value)) { return false }
        if needs.contains(.noWLast), last == "w" { return false }
        return true
    }

    /// A value as it stands in a heading's plain text: what MarkdownText made of it, unescaped.
    static func plainText(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars where !isDropped(scalar) {
            scalars.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : scalar)
        }
        return String(scalars)
    }

    /// A value as cmark prints the text MarkdownText made of it: `&`, `<`, `>` and `"`
    /// as entities (cmark leaves `'` as it is), line breaks and tabs as spaces, other
    /// control characters gone.
    static func escaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x0A, 0x0D, 0x09: bytes.append(0x20)
            case ..<0x20, 0x7F: continue
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A value as cmark writes an address in `href`: the bytes URLs allow as they are,
    /// `'` as an entity, every other byte (and each byte of a non-ASCII letter) as `%XX`.
    /// Control characters are gone: MarkdownText dropped them.
    static func address(_ value: String) -> String {
        guard value.utf8.contains(where: { !isAddressSafe($0) }) else { return value }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            if isAddressSafe(byte) {
                bytes.append(byte)
            } else if byte < 0x20 || byte == 0x7F {
                continue
            } else if byte == UInt8(ascii: "'") {
                bytes.append(contentsOf: "&#x27;".utf8)
            } else {
                bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// cmark's `href` bytes that need no escape: letters, digits and `-_.+!*(),%#@?=;:/$~`.
    private static func isAddressSafe(_ byte: UInt8) -> Bool {
        if isAlphanumeric(byte) { return true }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "!"), UInt8(ascii: "*"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "@"),
             UInt8(ascii: "?"), UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "$"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Letters and numbers (Unicode's L and N categories): never whitespace or punctuation
    /// to cmark, as a token's own first and last letters are not.
    private static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isAlphanumeric(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Whitespace at a value's edge, as cmark may strip or trim it (line breaks and tabs
    /// are spaces by then), or as any Unicode space.
    private static func isSpaceEdge(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar.properties.isWhitespace
    }

    /// `*`, `_` and `~`: whether they open or close emphasis depends on the characters beside them.
    private static func isEmphasisMark(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    /// What MarkdownText drops: control characters other than line breaks and tabs (which become spaces).
    private static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t") || scalar.value == 0x7F
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
