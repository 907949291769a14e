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

    private static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
