extension CSVTable {
    /// The UTF-8 of a text whose scalars are all characters of their own but for CR LF
    /// (below U+0300, or general punctuation U+2010–U+2027: no combining marks or
    /// joiners), or nil for other text. For such text a byte walk gives what the
    /// `Character` walk gives: every scalar is one character, and CSV's own
    /// characters (quote, separator, CR, LF) are single bytes.
    static func withSimpleUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        var text = text
        return text.withUTF8 { bytes -> R? in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                } else if byte >= 0xC2, byte <= 0xCB {
                    index += 2 // U+0080–U+02FF
                } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, (0x90...0xA7).contains(bytes[index + 2]) {
                    index += 3 // U+2010–U+2027
                } else {
                    return nil
                }
            }
            return body(bytes)
        }
    }

    /// `detectSeparator` on the bytes of simple text.
    static func detectSeparator(simple bytes: UnsafeBufferPointer<UInt8>) -> Character {
        var semicolons = 0, commas = 0, inQuotes = false, started = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if started { break } else { continue }
            }
            started = true
            if byte == UInt8(ascii: ";") { semicolons += 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
        }
        return semicolons > commas ? ";" : ","
    }

    /// `Reader` on the bytes of simple text: the same states, fields, positions and
    /// problems, without making a `Character` of every byte. A field's bytes gather in
    /// one reused buffer; the LF of a CR LF is skipped, as it is part of one character.
    struct ByteReader {
        typealias State = Reader.State
        static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        let separator: UInt8
        var state = State.fieldStart
        var line = 1, column = 1
        var text: [UInt8] = []
        var fieldStart = (line: 1, column: 1)
        var isQuoted = false
        var afterCR = false
        var fields: [Field] = []
        var rows: [Row] = []
        var rowEnds: [Int: (line: Int, column: Int)] = [:]
        var problems: [(line: Int, column: Int, message: String)] = []

        init(separator: Character) {
            self.separator = separator.asciiValue!
            text.reserveCapacity(64)
        }

        mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < bytes.count {
                // Inside a field, a run of ordinary bytes is appended at once: what
                // `consume(_: UInt8)` does byte by byte (the first byte of a run may
                // start an unquoted field or follow a CR, so it goes the long way).
                if (state == .unquoted || state == .quoted) && !afterCR {
                    var end = index
                    while end < bytes.count, !isSpecial(bytes[end]) { end += 1 }
                    if end > index {
                        let run = UnsafeBufferPointer(rebasing: bytes[index..<end])
                        text.append(contentsOf: run)
                        for byte in run where byte & 0xC0 != 0x80 { column += 1 }
                        index = end
                        continue
                    }
                }
                consume(bytes[index])
                index += 1
            }
        }

        /// A byte that may change the state: a quote, a separator (outside quotes), CR or LF.
        private func isSpecial(_ byte: UInt8) -> Bool {
            byte == Self.quote || byte == Self.cr || byte == Self.lf || (state == .unquoted && byte == separator)
        }

        private mutating func endsField(_ byte: UInt8, newline: Bool) -> Bool {
            if byte == separator {
                endField()
                return true
            }
            if newline {
                endField()
                endRow()
                return true
            }
            return false
        }

        @inline(__always)
        mutating func consume(_ byte: UInt8) {
            if afterCR {
                afterCR = false
                if byte == Self.lf { return }
            }
            // A scalar's continuation bytes go where its first byte went.
            if byte & 0xC0 == 0x80 {
                text.append(byte)
                return
            }
            let newline = byte == Self.lf || byte == Self.cr
            switch state {
            case .fieldStart:
                fieldStart = (line, column)
                if byte == Self.quote {
                    isQuoted = true
                    state = .quoted
                } else if !endsField(byte, newline: newline) {
                    text.append(byte)
                    state = .unquoted
                }
            case .unquoted:
                if !endsField(byte, newline: newline) {
                    text.append(byte)
                }
            case .quoted:
                if byte == Self.quote {
                    state = .afterQuote
                } else {
                    text.append(newline ? Self.lf : byte)
                }
            case .afterQuote:
                if byte == Self.quote {
                    text.append(Self.quote)
                    state = .quoted
                } else if !endsField(byte, newline: newline) {
                    problems.append((line, column, "text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"))
                    text.append(byte)
                    state = .unquoted
                }
            }
            if newline {
                line += 1
                column = 1
                afterCR = byte == Self.cr
            } else {
                column += 1
            }
        }

        mutating func finish() {
            if state == .quoted {
                problems.append((fieldStart.line, fieldStart.column, "this quoted field is never closed with a double quote (\")"))
            }
            if state != .fieldStart || !fields.isEmpty {
                endField()
                endRow()
            }
        }

        private mutating func endField() {
            var start = 0, end = text.count
            if !isQuoted {
                // `trimmingSpaces`: spaces and tabs at both ends.
                while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
                while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
            }
            let value = String(decoding: text[start..<end], as: UTF8.self)
            fields.append(Field(text: value, line: fieldStart.line, column: fieldStart.column, isQuoted: isQuoted))
            text.removeAll(keepingCapacity: true)
            isQuoted = false
            state = .fieldStart
        }

        private mutating func endRow() {
            let first = fields.first?.line ?? line
            rows.append(Row(fields: fields, line: first))
            rowEnds[first] = (line, column)
            fields = []
        }
    }
}
