import Foundation
import Testing
@testable import KlyngeKit

/// docs/PACKAGES.md ends with a complete minimal package. Its files are the fenced
/// blocks marked `file=…`: written as printed beside the real Theme, they must build,
/// and the page must read as the document says.
@Suite struct PackagesDocTests {
    /// `path → text` of every block written ```` ```lang file=PATH ````.
    static func files(in markdown: String) -> [String: String] {
        var files: [String: String] = [:]
        var current: (path: String, lines: [Substring])?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var open = current {
                if line == "```" {
                    files[open.path] = open.lines.joined(separator: "\n") + "\n"
                    current = nil
                } else {
                    open.lines.append(line)
                    current = open
                }
            } else if line.hasPrefix("```"), let range = line.range(of: " file=") {
                current = (String(line[range.upperBound...]), [])
            }
        }
        return files
    }

    @Test func theMinimalExampleBuildsAsPrinted() throws {
        let doc = try String(contentsOf: TestTree.repository.appendingPathComponent("docs/PACKAGES.md"), encoding: .utf8)
        let files = Self.files(in: doc)
        #expect(files.count == 8, "every file of the example is a block: \(files.keys.sorted())")
        let tree = try TestTree(copyingRealContent: false)
        try FileManager.default.copyItem(at: TestTree.repository.appendingPathComponent("Theme"), to: tree.url("Theme"))
        for (path, text) in files { try tree.write(path, text) }
        tree.now = DanishCalendar.date(Day(year: 2027, month: 1, day: 10))!
        try tree.buildSucceeds()
        let page = try tree.read("_site/nordklyngen/2027-05-kol/kol/index.html").visibleText
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(page.contains("Nordklyngen mødes tirsdag den 11. maj 2027 med lungeambulatoriet."))
        #expect(page.contains("Bestil senest tirsdag den 30. marts 2027."))
        #expect(page.contains("Figur 1. Patienter med spirometri pr. 1.000 sikrede"))
        #expect(page.contains("<5"))
        #expect(page.contains("Samarbejdet med lungeambulatoriet"))
        #expect(try tree.read("_site/nordklyngen/klyngemoede.ics").contains("UID:follow_up.2027-05-kol.nordklyngen@klynger.example.org"))
    }
}
