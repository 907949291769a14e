import Foundation
import Testing
@testable import KlyngeKit

/// `SiteBuilder.build` writes each file into the staging folder as it is made and reads
/// it for the checks there (`MadeFiles`); that must give the site, the keys, the
/// warnings and the errors of the plain way: the whole site rendered in memory
/// (`SiteBuilder.render`), checked, then written by `SiteWriter.write`.
@Suite struct MadeFilesTests {
    /// A tree of a few clusters with random names, some hostile to HTML and Markdown.
    static func tree(_ generator: inout SeededGenerator) throws -> TestTree {
        let tree = try TestTree()
        let names = ["Anne & Bo", "<b>fed</b>", "Ærø Øst – \"citat\"", "Klynge 7", "a *b* c", "x'y"]
        for number in 0..<Int.random(in: 1...4, using: &generator) {
            let source = Bool.random(using: &generator) ? "fiktivby-nord" : "eksempelstrup-vest"
            try tree.copyCluster(source, to: "kopi-\(number)")
            let text = try tree.read("Content/clusters/kopi-\(number)/cluster.yml")
            let name = names.randomElement(using: &generator)!.replacingOccurrences(of: "\"", with: "\\\"")
            try tree.write("Content/clusters/kopi-\(number)/cluster.yml", text
                .replacingOccurrences(of: "name: Klynge Fiktivby Nord", with: "name: \"\(name) \(number)\"")
                .replacingOccurrences(of: "name: Klynge Eksempelstrup Vest", with: "name: \"\(name) \(number)\""))
        }
        return tree
    }

    static func outcome(_ result: Result<BuildReport, BuildFailure>) -> String {
        switch result {
        case .success(let report): "built \(report.clusterSlugs) \(report.pages) \(report.files.map(\.path).sorted()) \(report.warnings)"
        case .failure(let failure): "failed \(failure.diagnostics)"
        }
    }

    /// What a build gives: its outcome, the site and keys written, and the files it kept (if asked to).
    struct Built: Equatable {
        var outcome: String
        var site: [String: Data]
        var keys: [String: Data]
        var kept: [OutputFile]?
    }

    @Test func writtenAsMadeGivesTheSiteWrittenAtTheEnd() throws {
        try Differential.check(count: 3, input: { generator in
            let tree = try Self.tree(&generator)
            var options = BuildOptions(root: tree.root, output: tree.url("made/site"), now: tree.now)
            options.keepsFiles = Bool.random(using: &generator)
            return (tree: tree, options: options)
        }, describe: { "a tree of \($0.tree.root.lastPathComponent), keeping files: \($0.options.keepsFiles)" }, plain: { input in
            let plain = SiteBuilder.render(input.options)
            let report = try plain.get()
            try SiteWriter.write(site: report.files, keys: report.privateFiles, to: OutputPlace(output: input.tree.url("plain/site")))
            return Built(outcome: Self.outcome(plain), site: try input.tree.snapshot("plain/site"), keys: try input.tree.snapshot("plain/_private"),
                         kept: input.options.keepsFiles ? report.files.sorted { $0.path < $1.path } : nil)
        }, fast: { input in
            let made = SiteBuilder.build(input.options)
            return Built(outcome: Self.outcome(made), site: try input.tree.snapshot("made/site"), keys: try input.tree.snapshot("made/_private"),
                         kept: input.options.keepsFiles ? try made.get().files : nil)
        })
    }

    /// Broken content of several kinds: the same errors, nothing written, the previous site kept.
    @Test func aFailedBuildGivesTheErrorsOfThePlainBuildAndKeepsThePreviousSite() throws {
        var generator = SeededGenerator()
        let breakages: [(String, (TestTree) throws -> Void)] = [
            ("provider number in a name", { try $0.replace(in: "Content/clusters/kopi-0/cluster.yml", "name: \"", with: "name: \"990101 ") }),
            ("provider number in a document", { try $0.write("Content/packages/dosisdispensering/praksisark.md",
                                                              try $0.read("Content/packages/dosisdispensering/praksisark.md") + "\nPraksis 990102.\n") }),
            ("broken link", { try $0.write("Content/packages/dosisdispensering/drejebog.md",
                                           try $0.read("Content/packages/dosisdispensering/drejebog.md") + "\n[Væk](../findes-ikke/)\n") }),
            ("missing anchor", { try $0.write("Content/packages/dosisdispensering/kommune.md",
                                              try $0.read("Content/packages/dosisdispensering/kommune.md") + "\n[Væk](#intet-anker)\n") }),
        ]
        for (name, breakage) in breakages {
            let tree = try Self.tree(&generator)
            let options = BuildOptions(root: tree.root, output: tree.url("out/site"), now: tree.now)
            _ = try SiteBuilder.build(options).get()
            let before = try tree.snapshot("out/site")
            try breakage(tree)
            var streaming = options
            streaming.keepsFiles = false
            let made = SiteBuilder.build(streaming)
            #expect(made.failure != nil, "\(name) \(generator.replay)")
            #expect(Self.outcome(made) == Self.outcome(SiteBuilder.render(options)), "\(name) \(generator.replay)")
            #expect(try tree.snapshot("out/site") == before, "\(name): the previous site stays")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.url("out").path).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "\(name): \(leftovers)")
        }
    }

    /// The provider-number scan reads each part several archives share once, wherever
    /// the workers meet it first; the hits must be those of reading the files in
    /// order, each shared part with the first file that holds it.
    @Test func sharedPartsGiveTheHitsOfReadingInOrder() throws {
        let tree = try TestTree()
        let content = try #require(ModelBuilder(log: DiagnosticLog()).build(ContentTree.read(root: tree.root, only: nil, log: DiagnosticLog())))
        let filler = String(repeating: "<a:t>tekst</a:t>\n", count: 5)
        try Differential.check(count: 300, input: { generator in
            // A pool of parts, some shared by several archives (the same bytes in memory).
            let pool = (0..<8).map { number in
                let hit = Int.random(in: 0..<4, using: &generator) == 0 ? ["990101", "990102", "990104"].randomElement(using: &generator)! : "x"
                let text = Bool.random(using: &generator) ? "\(filler)\(hit)" : hit
                return OutputFile(path: "ppt/part\(number).xml", text: text)
            }
            return (0..<Int.random(in: 1...6, using: &generator)).map { number -> OutputFile in
                guard Bool.random(using: &generator) else { return OutputFile(path: "side-\(number).html", text: Bool.random(using: &generator) ? "990104" : "ok") }
                let parts = (0..<Int.random(in: 1...5, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
                return OutputFile(path: "deck-\(number).pptx", data: Data("PK".utf8), parts: parts)
            }
        }, describe: { files in files.map { $0.parts.isEmpty ? $0.path : "\($0.path) \($0.parts.map(\.path))" }.description }, plain: { files in
            let numbers = try #require(ProviderNumberScan.Finder(content)).numbers
            return Self.plainHits(files, numbers: numbers).map { "\($0.number) \($0.file) \($0.line)" }
        }, fast: { files in
            // A finder per site, as per build: it knows parts by where their bytes are, and
            // the previous site's parts are gone.
            let finder = try #require(ProviderNumberScan.Finder(content))
            return ProviderNumberScan.firstHits(Parallel.map(files) { finder.hits(in: $0) }.enumerated().map { (files[$0.offset].path, $0.element) })
                .map { "\($0.number) \($0.file) \($0.line)" }
        })
    }

    /// The scan as it read the site before: every file in order, an archive's parts
    /// filtered to those no earlier file or part holds, then read.
    static func plainHits(_ files: [OutputFile], numbers: ProviderNumberScan.Numbers) -> [ProviderNumberScan.Hit] {
        struct Bytes: Hashable { var address: UnsafeRawPointer, count: Int }
        var seen = Set<Bytes>()
        func isNew(_ part: OutputFile) -> Bool {
            guard part.data.count > 64 else { return true }
            return part.data.withUnsafeBytes { $0.baseAddress.map { seen.insert(Bytes(address: $0, count: part.data.count)).inserted } ?? true }
        }
        return files.map { file in (file, file.parts.filter(isNew)) }.compactMap { file, parts in
            guard !file.parts.isEmpty else { return ProviderNumberScan.firstHit(in: file, numbers: numbers) }
            return parts.lazy.compactMap { part in
                ProviderNumberScan.firstHit(in: part, numbers: numbers).map { ProviderNumberScan.Hit(number: $0.number, file: "\(file.path), part \(part.path)", line: $0.line) }
            }.first
        }
    }
}
