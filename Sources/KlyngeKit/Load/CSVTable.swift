import Foundation

/// A CSV file as spreadsheets write it: RFC 4180 with either `,` or `;` between
/// fields (whichever the header line uses; Danish Excel writes `;`), quoted fields
/// with doubled quotes inside, CRLF or LF line ends. Every field keeps its line and
/// column: neither CSV library on hand reports positions, and a quoted field may span
/// lines, so a row's index does not tell its line.
struct CSVTable: Sendable {
    struct Field: Sendable, Hashable {
        /// The value with quotes removed; surrounding spaces of unquoted fields trimmed.
        var text: String
        var line: Int
        var column: Int
        var isQuoted = false

        /// Where a part of the text starts (a multiple-choice answer), exact unless
        /// the field holds doubled quotes or line breaks before it.
        func column(ofOffset offset: Int) -> Int { column + (isQuoted ? 1 : 0) + offset }
    }

    struct Row: Sendable {
        var fields: [Field]
        var line: Int
    }

    var path: String
    var separator: Character
    var header: Row
    /// Data rows with exactly as many fields as the header; blank rows are skipped.
    var rows: [Row]

    func location(_ field: Field) -> SourceLocation {
        SourceLocation(path: path, line: field.line, column: field.column)
    }

    func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    /// Reads a whole file; problems with its shape are logged, and rows with the wrong
    /// number of fields are left out so that later checks do not repeat the complaint.
    /// - Parameter byCharacter: walk the text by `Character` even where the byte walk gives the same.
    static func parse(_ file: SourceFile, log: DiagnosticLog, byCharacter: Bool = false) -> CSVTable? {
        let simple = byCharacter ? nil : withSimpleUTF8(file.text) { bytes -> Walk in
            let separator = detectSeparator(simple: bytes)
            var reader = ByteReader(separator: separator)
            reader.consume(bytes)
            reader.finish()
            return Walk(separator: separator, rows: reader.rows, rowEnds: reader.rowEnds, problems: reader.problems)
        }
        let reader = simple ?? {
            let separator = detectSeparator(file.text)
            var reader = Reader(separator: separator)
            for character in file.text { reader.consume(character) }
            reader.finish()
            return Walk(separator: separator, rows: reader.rows, rowEnds: reader.rowEnds, problems: reader.problems)
        }()
        let separator = reader.separator

        for problem in reader.problems { log.error(SourceLocation(path: file.path, line: problem.line, column: problem.column), problem.message) }
        var rows = reader.rows.filter { row in !row.fields.allSatisfy { $0.text.isEmpty } }
        guard !rows.isEmpty else {
            log.error(SourceLocation(path: file.path), "the file is empty; it needs a header row")
            return nil
        }
        let header = rows.removeFirst()
        let width = header.fields.count
        let name = separator == ";" ? "semicolon" : "comma"
        rows = rows.filter { row in
            if row.fields.count > width {
                let extra = row.fields[width]
                log.error(SourceLocation(path: file.path, line: extra.line, column: extra.column),
                          "this row has \(row.fields.count) fields but the header has \(width); a value that holds a \(name) must be in double quotes")
                return false
            }
            if row.fields.count < width {
                let end = reader.rowEnds[row.line] ?? (row.line, 1)
                log.error(SourceLocation(path: file.path, line: end.line, column: end.column),
                          "this row has \(row.fields.count) \(row.fields.count == 1 ? "field" : "fields") but the header has \(width)")
                return false
            }
            return true
        }
        return CSVTable(path: file.path, separator: separator, header: header, rows: rows)
    }

    /// What a walk over the text found.
    struct Walk {
        var separator: Character
        var rows: [Row]
        var rowEnds: [Int: (line: Int, column: Int)]
        var problems: [(line: Int, column: Int, message: String)]
    }

    /// `;` when the header line (the first that is not blank) has more semicolons than
    /// commas outside quotes, else `,`.
    static func detectSeparator(_ text: String) -> Character {
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
    struct Reader {
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
