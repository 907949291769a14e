import Foundation

/// A CSV file as spreadsheets write it: RFC 4180 with either `,` or `;` between
/// fields (whichever the header line uses; Danish Excel writes `;`), quoted fields
/// with doubled quotes inside, CRLF or LF line ends. Every field keeps its line and
/// column: neither CSV library on hand reports positions, and a quoted field may span
/// lines, so a row's index does not tell its line.
///
/// The file is read once, byte by byte: CSV's own characters (quote, separator, CR,
/// LF) are single bytes in UTF-8, and no byte of a longer sequence is one of them.
/// Columns count Unicode scalars.
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

    /// The most data rows a file may have. A cluster has at most a few hundred
    /// practices and as many survey answers; a file far larger is the wrong file
    /// (a whole region's extract, a log), and reading it would only waste memory.
    static let rowLimit = 10_000

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
    static func parse(_ file: SourceFile, log: DiagnosticLog) -> CSVTable? {
        var text = file.text
        let reader = text.withUTF8 { bytes -> Reader in
            var reader = Reader(separator: detectSeparator(bytes))
            reader.consume(bytes)
            reader.finish()
            return reader
        }
        let separator = Character(Unicode.Scalar(reader.separator))

        for problem in reader.problems { log.error(SourceLocation(path: file.path, line: problem.line, column: problem.column), problem.message) }
        if let line = reader.stoppedAtLine {
            log.error(SourceLocation(path: file.path, line: line),
                      "the file has more than \(rowLimit) rows; a cluster's file has a row per practice or per answer, a few hundred at most: is it the right file?")
            return nil
        }
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

    /// `;` when the header line (the first that is not blank) has more semicolons than
    /// commas outside quotes, else `,`.
    static func detectSeparator(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
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
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// `detectSeparator` of a whole text.
    static func detectSeparator(_ text: String) -> Character {
        var text = text
        return Character(Unicode.Scalar(text.withUTF8 { detectSeparator($0) }))
    }

    /// The state machine over the file's bytes. A field's bytes gather in one reused
    /// buffer; CR LF is one line break (its LF is skipped), as are a lone CR or LF.
    struct Reader {
        enum State { case fieldStart, unquoted, quoted, afterQuote }
        static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")

        let separator: UInt8
        var state = State.fieldStart
        var line = 1, column = 1
        var text: [UInt8] = []
        var fieldStart = (line: 1, column: 1)
        var isQuoted = false
        /// Whether the field has a control character already reported.
        var fieldHasControl = false
        var afterCR = false
        var fields: [Field] = []
        var rows: [Row] = []
        /// Where each row's last line ends, by the row's first line: for "too few fields".
        var rowEnds: [Int: (line: Int, column: Int)] = [:]
        var problems: [(line: Int, column: Int, message: String)] = []
        /// Rows that are not blank, the header included.
        var filledRows = 0
        /// The line of the first row past `rowLimit`, where reading stopped.
        var stoppedAtLine: Int?

        init(separator: UInt8) {
            self.separator = separator
            text.reserveCapacity(64)
        }

        mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < bytes.count, stoppedAtLine == nil {
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

        /// A byte that may change the state or needs a look: a quote, a separator
        /// (outside quotes), a control character (CR and LF among them).
        private func isSpecial(_ byte: UInt8) -> Bool {
            byte < 0x20 || byte == 0x7F || byte == Self.quote || (state == .unquoted && byte == separator)
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
            if !newline, byte != Self.tab, byte < 0x20 || byte == 0x7F { reportControl(byte) }
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

        /// A control character in a value, once a field: values are text, and such a
        /// character would reach the pages and calendar files unseen.
        private mutating func reportControl(_ byte: UInt8) {
            guard !fieldHasControl else { return }
            fieldHasControl = true
            let code = String(byte, radix: 16, uppercase: true)
            let name = "U+" + String(repeating: "0", count: 4 - code.count) + code
            problems.append((line, column, byte == 0
                ? "a NUL character (\(name)) in a value; the file is not plain text (a spreadsheet's own format saved as .csv?): export it as CSV UTF-8"
                : "a control character (\(name)) in a value; values are text: remove it"))
        }

        mutating func finish() {
            guard stoppedAtLine == nil else { return }
            if state == .quoted {
                problems.append((fieldStart.line, fieldStart.column, "this quoted field is never closed with a double quote (\")"))
            }
            if state != .fieldStart || !fields.isEmpty {
                endField()
                endRow()
            }
        }

        private mutating func endField() {
            let kept = isQuoted ? text.indices : text.spaceTrimmedRange
            let value = String(decoding: text[kept], as: UTF8.self)
            fields.append(Field(text: value, line: fieldStart.line, column: fieldStart.column, isQuoted: isQuoted))
            text.removeAll(keepingCapacity: true)
            isQuoted = false
            fieldHasControl = false
            state = .fieldStart
        }

        private mutating func endRow() {
            let first = fields.first?.line ?? line
            if !fields.allSatisfy({ $0.text.isEmpty }) {
                filledRows += 1
                if filledRows > rowLimit + 1 {
                    stoppedAtLine = first
                    return
                }
            }
            rows.append(Row(fields: fields, line: first))
            rowEnds[first] = (line, column)
            fields = []
        }
    }
}
