import Testing
@testable import KlyngeKit

/// Files of plain text are read by byte, not by `Character`; fields, positions and
/// problems must be the same either way.
@Suite struct CSVScalarTests {
    static let pieces = ["a", "æ", "Ø", "12", " ", ";", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\r\r\n", "–", "\u{2027}", "ˀ", "\t", "e\u{301}", "€", "\u{2028}", "|", "x y"]

    func summary(_ table: CSVTable?) -> String {
        guard let table else { return "nil" }
        return ([table.header] + table.rows).map { row in
            "\(row.line):" + row.fields.map { "\($0.text.debugDescription)@\($0.line).\($0.column)\($0.isQuoted ? "q" : "")" }.joined(separator: ",")
        }.joined(separator: "\n") + "|\(table.separator)"
    }

    @Test func scalarAndCharacterWalksAgree() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3_000 {
            // Two rounds in three keep to simple text, which the byte walk reads.
            let letters = round % 3 == 0 ? Self.pieces : Self.pieces.filter { !["e\u{301}", "€", "\u{2028}"].contains($0) }
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in letters.randomElement(using: &generator)! }.joined()
            let file = SourceFile(path: "x.csv", text: text)
            let scalarLog = DiagnosticLog(), characterLog = DiagnosticLog()
            let byScalar = CSVTable.parse(file, log: scalarLog)
            let byCharacter = CSVTable.parse(file, log: characterLog, byCharacter: true)
            #expect(summary(byScalar) == summary(byCharacter), "\(text.debugDescription)")
            #expect(scalarLog.all.map(\.description) == characterLog.all.map(\.description), "\(text.debugDescription)")
        }
    }
}
