import Foundation

/// The key from pseudonym to provider number, with each practice's own numbers for
/// its letter: `_private/<cluster>/<meeting>/noegle.csv`, beside the site, never in it.
/// Its columns are the register's, as the package declares them. Semicolons, a
/// byte-order mark and CRLF, so that Danish Excel opens it as columns.
enum PseudonymKey {
    static let fileName = "noegle.csv"

    static func file(_ facts: MeetingFacts) -> OutputFile? {
        guard let figures = facts.register, let declaration = facts.package.register else { return nil }
        let header = ["praksis", declaration.provider.name, declaration.denominator.name] + declaration.counts.map(\.name)
        var lines = [header.map(csvField).joined(separator: ";")]
        for entry in figures.key {
            let practice = entry.practice
            let fields = ["Praksis \(entry.letter)", practice.providerNumber, "\(practice.listed)"] + practice.counts.map { "\($0)" }
            lines.append(fields.map(csvField).joined(separator: ";"))
        }
        return OutputFile(path: "\(facts.path)/\(fileName)", text: "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined())
    }

    static func csvField(_ text: String) -> String {
        needsQuotes(text) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// A field with a semicolon, a quote or a line break is quoted. Characters are
    /// looked at only when one of their bytes is there: every such character starts
    /// with one of these bytes (U+0085, U+2028 and U+2029 with C2 and E2).
    static func needsQuotes(_ text: String) -> Bool {
        guard text.utf8.contains(where: { [0x3B, 0x22, 0x0A, 0x0B, 0x0C, 0x0D, 0xC2, 0xE2].contains($0) }) else { return false }
        return text.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline })
    }
}
