import Testing
@testable import KlyngeKit

/// CSV is read by one walk over the bytes. On text in which every scalar is a
/// character of its own, it must give what a walk by `Character` gives: the plain
/// state machine, kept here as the reference.
@Suite struct CSVScalarTests {
    static let pieces = ["a", "æ", "Ø", "12", " ", ";", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\r\r\n", "–", "\u{2027}", "ˀ", "\t", "|", "x y"]

    func summary(_ rows: [CSVTable.Row], separator: Character) -> String {
        rows.map { row in
            "\(row.line):" + row.fields.map { "\($0.text.debugDescription)@\($0.line).\($0.column)\($0.isQuoted ? "q" : "")" }.joined(separator: ",")
        }.joined(separator: "\n") + "|\(separator)"
    }

    /// What a walk reads of a text: its separator, rows, problems and where rows end.
    struct Read: Equatable {
        var separator: Character
        var rows: String
        var problems: [String]
        var rowEnds: [Int: String]
    }

    @Test func byteWalkAgreesWithTheCharacterWalk() {
        Differential.check(count: 3_000, input: { generator in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
        }, plain: { text in
            let separator = Self.characterSeparator(text)
            var plain = CharacterReader(separator: separator)
            for character in text { plain.consume(character) }
            plain.finish()
            return Read(separator: separator, rows: summary(plain.rows, separator: separator),
                        problems: plain.problems.map { "\($0.line):\($0.column) \($0.message)" },
                        rowEnds: plain.rowEnds.mapValues { "\($0.line).\($0.column)" })
        }, fast: { text in
            let separator = CSVTable.detectSeparator(text)
            var bytes = text
            let read = bytes.withUTF8 { utf8 in
                var reader = CSVTable.Reader(separator: separator.asciiValue!)
                reader.consume(utf8)
                reader.finish()
                return reader
            }
            return Read(separator: separator, rows: summary(read.rows, separator: separator),
                        problems: read.problems.map { "\($0.line):\($0.column) \($0.message)" },
                        rowEnds: read.rowEnds.mapValues { "\($0.line).\($0.column)" })
        })
    }

    /// Columns count scalars: a letter written with a combining accent is two.
    @Test func columnsCountScalars() throws {
        let table = try #require(CSVTable.parse(SourceFile(path: "x.csv", text: "a,b\ne\u{301},x\n"), log: DiagnosticLog()))
        #expect(table.rows[0].fields.map(\.column) == [1, 4])
    }
}

extension CSVScalarTests {
    typealias Field = CSVTable.Field
    typealias Row = CSVTable.Row

    /// `;` when the header line (the first that is not blank) has more semicolons than
    /// commas outside quotes, else `,`.
    static func characterSeparator(_ text: String) -> Character {
        var semicolons = 0, commas = 0, inQuotes = false, started = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if character == "\n" || character == "\r\n" || character == "\r" {
                if started { break } else { continue }
            }
            started = true
            if character == ";" { semicolons += 1 }
            if character == "," { commas += 1 }
        }
        return semicolons > commas ? ";" : ","
    }

    /// A character-at-a-time state machine: Swift reads "\r\n" as one Character.
    struct CharacterReader {
        enum State { case fieldStart, unquoted, quoted, afterQuote }

        let separator: Character
        var state = State.fieldStart
        var line = 1, column = 1
        var text = ""
        var fieldStart = (line: 1, column: 1)
        var isQuoted = false
        var fields: [Field] = []
        var rows: [Row] = []
        /// Where each row's last line ends, by the row's first line: for "too few fields".
        var rowEnds: [Int: (line: Int, column: Int)] = [:]
        var problems: [(line: Int, column: Int, message: String)] = []

        init(separator: Character) { self.separator = separator }

        static func isNewline(_ character: Character) -> Bool {
            character == "\n" || character == "\r\n" || character == "\r"
        }

        /// A separator ends the field; a line break ends the field and the row.
        private mutating func endsField(_ character: Character, newline: Bool) -> Bool {
            if character == separator {
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

        mutating func consume(_ character: Character) {
            let newline = Self.isNewline(character)
            switch state {
            case .fieldStart:
                fieldStart = (line, column)
                if character == "\"" {
                    isQuoted = true
                    state = .quoted
                } else if !endsField(character, newline: newline) {
                    text.append(character)
                    state = .unquoted
                }
            case .unquoted:
                if !endsField(character, newline: newline) {
                    text.append(character)
                }
            case .quoted:
                if character == "\"" {
                    state = .afterQuote
                } else {
                    text.append(newline ? "\n" : character)
                }
            case .afterQuote:
                if character == "\"" {
                    text.append("\"")
                    state = .quoted
                } else if !endsField(character, newline: newline) {
                    problems.append((line, column, "text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"))
                    text.append(character)
                    state = .unquoted
                }
            }
            if newline {
                line += 1
                column = 1
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
            let value = isQuoted ? text : text.trimmingSpaces
            fields.append(Field(text: value, line: fieldStart.line, column: fieldStart.column, isQuoted: isQuoted))
            text = ""
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
