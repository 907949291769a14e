import Foundation

/// The coordinator's key from pseudonym to provider number, with each practice's own
/// numbers for its letter: `_private/<cluster>/noegle.csv`, beside the site, never in it.
/// Semicolons, a byte-order mark and CRLF, so that Danish Excel opens it as columns.
enum PseudonymKey {
    static func file(cluster: Cluster) -> OutputFile? {
        guard let register = cluster.data.register else { return nil }
        let figures = RegisterFigures(register, pseudonymKey: cluster.data.pseudonymKey)
        var lines = ["praksis;ydernummer;sikrede;dosis;medicinadministration"]
        for entry in figures.key {
            let practice = entry.practice
            lines.append("Praksis \(entry.letter);\(csvField(practice.providerNumber));\(practice.listed);\(practice.doseDispensed);\(practice.medicineAdministration)")
        }
        return OutputFile(path: "\(cluster.slug)/noegle.csv", text: "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined())
    }

    private static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
