import Foundation
import PropertyBased
import Testing
@testable import KlyngeKit

/// Random and mutated input through load and render: every run ends in a site
/// or in located diagnostics, never in a crash or a hang.
@Suite(.serialized) struct FuzzTests {
    /// Characters that mean something to YAML, Markdown, Mustache, HTML or CSV.
    static let alphabet: [Character] = Array("ab æøå 09\n\n\t:-#*_`[]()<>{}!|&;,\"'\\/.~^%=$?@+")

    /// `KLYNGE_FUZZ_SCALE=100 make test` runs a hundred times as many cases: a deep run by hand.
    static let scale = Int(ProcessInfo.processInfo.environment["KLYNGE_FUZZ_SCALE"] ?? "") ?? 1

    static let noise = Gen<Character?>.element(of: alphabet).map { $0 ?? " " }.array(of: 0...80).map { String($0) }

    /// Applies a random edit to a text: insert noise, delete a range, duplicate or drop a line.
    static func mutate(_ text: String, edit: Int, position: Int, noise: String) -> String {
        var characters = Array(text)
        let at = characters.isEmpty ? 0 : position % characters.count
        switch edit % 4 {
        case 0:
            characters.insert(contentsOf: noise, at: at)
        case 1:
            characters.removeSubrange(at..<min(characters.count, at + noise.count))
        case 2:
            var lines = text.components(separatedBy: "\n")
            let line = position % max(lines.count, 1)
            if !lines.isEmpty { lines.insert(lines[line] + noise, at: line) }
            return lines.joined(separator: "\n")
        default:
            var lines = text.components(separatedBy: "\n")
            if !lines.isEmpty { lines.remove(at: position % lines.count) }
            return lines.joined(separator: "\n")
        }
        return String(characters)
    }

    static let targets = [
        "Content/clusters/fiktivby-nord/cluster.yml",
        "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml",
        "Content/site.yml",
        "Content/regions.yml",
        "Content/packages/dosisdispensering/package.yml",
        "Content/packages/dosisdispensering/programme.yml",
        "Content/packages/dosisdispensering/survey.yml",
        "Content/packages/dosisdispensering/praksisark.md",
        "Content/packages/dosisdispensering/drejebog.md",
        "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/practices.csv",
        "Content/clusters/eksempelstrup-vest/2027-11-dosisdispensering/survey-responses.csv",
        "Theme/partials/contacts.mustache",
    ]

    @Test func mutatedContentEndsInASiteOrInDiagnostics() async throws {
        let tree = try TestTree()
        let originals = try Dictionary(uniqueKeysWithValues: Self.targets.map { ($0, try tree.read($0)) })
        await propertyCheck(count: 150 * Self.scale, input: Gen.int(in: 0..<Self.targets.count), Gen.int(in: 0...3),
                            Gen.int(in: 0...100_000), Self.noise) { target, edit, position, noise in
            let path = Self.targets[target]
            let mutated = Self.mutate(originals[path]!, edit: edit, position: position, noise: noise)
            try? tree.write(path, mutated)
            defer { try? tree.write(path, originals[path]!) }
            switch SiteBuilder.render(BuildOptions(root: tree.root, now: tree.now)) {
            case .success(let report):
                #expect(report.files.contains { $0.path == "index.html" })
            case .failure(let failure):
                let errors = failure.diagnostics.filter { $0.severity == .error }
                #expect(!errors.isEmpty)
                for error in errors {
                    #expect(error.location.line >= 1 && error.location.column >= 1)
                    // An error names a file of the tree, or a file the tree lacks in a folder it has.
                    let path = error.location.path
                    let folder = (path as NSString).deletingLastPathComponent
                    #expect(tree.exists(path) || (!folder.isEmpty && tree.exists(folder)), "\(error) after editing \(path) of \(Self.targets[target])")
                }
            }
        }
    }

    @Test func anyValueInAMarkdownBodyReadsBackAsTheSameText() async {
        await propertyCheck(count: 300 * Self.scale, input: Self.noise) { value in
            let html = MarkdownRenderer().render("x \(MarkdownText.escape(value)) y\n").html
            let tags = html.matches(of: #/<(/?)([a-z0-9]+)/#).map { String($0.2) }
            #expect(Set(tags).isSubset(of: ["p"]), "only a paragraph for \(value.debugDescription): \(html)")
            let expected = "x \(value) y".replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
            #expect(html.visibleText.trimmingCharacters(in: .whitespaces) == expected.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func randomTemplatesParseOrFailWithAPosition() async {
        let pieces = ["{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^b}}", "{{/b}}", "{{> programme}}", "{{!c}}", "{{=<% %>=}}", "x", "\n", "{{a.b}}", "{{.}}"]
        let template = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...30).map { $0.joined() }
        await propertyCheck(count: 300 * Self.scale, input: template) { text in
            switch TemplateOutline.parse(text, path: "t.md", firstLine: 3) {
            case .success(let outline):
                let context: TemplateContext = ["a": ["b": "1"], "b": false]
                for problem in outline.problems(context: context, partials: [:], placeholders: ["programme"]) {
                    #expect(problem.location.line >= 3)
                }
            case .failure(let diagnostic):
                #expect(diagnostic.location.path == "t.md")
                #expect(diagnostic.location.line >= 3)
            }
        }
    }
}
