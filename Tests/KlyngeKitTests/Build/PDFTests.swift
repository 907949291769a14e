import Foundation
import Testing
@testable import KlyngeKit

/// `klynge build --pdf`: a PDF beside every document page, as the browser check prints it.
@Suite struct PDFTests {
    static let chromium = PDFPrinter.locate()
    static let documents = BuildTests.documents
    static let meeting = TestTree.fiktivbyMeeting
    /// Fiktivby Nord's second meeting, the follow-up, and its package's documents: built too.
    static let followUp = "fiktivby-nord/2028-04-opfoelgning-dosisdispensering"
    static let followUpDocuments = ["opfoelgning", "drejebog", "praksisark"]
    static var allPDFs: [String] {
        (documents.map { "\(meeting)/\($0)/\($0).pdf" } + followUpDocuments.map { "\(followUp)/\($0)/\($0).pdf" }).sorted()
    }

    /// A poppler tool's output (pdfinfo, pdftotext), or nil when it is not installed.
    static func tool(_ name: String, _ arguments: [String]) throws -> String? {
        guard let path = FigureTests.tool(name) else { return nil }
        return try FigureTests.run(path, arguments)
    }

    static func info(_ pdf: URL) throws -> [String: String] {
        let text = try #require(try tool("pdfinfo", [pdf.path]), "pdfinfo (poppler-utils) is needed")
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The browser check's printed-page ranges by page kind (`PRINT_PAGES` in check_site.py):
    /// the PDFs must print as the check expects the pages to.
    static func printRanges() throws -> [String: ClosedRange<Int>] {
        let script = try String(contentsOf: TestTree.repository.appendingPathComponent("Tests/browser/check_site.py"), encoding: .utf8)
        var ranges: [String: ClosedRange<Int>] = [:]
        for match in script.matches(of: #/"([a-z]+)": \((\d+), (\d+)\)/#) {
            ranges[String(match.1)] = Int(match.2)!...Int(match.3)!
        }
        return ranges
    }

    static func buildWithPDFs(_ tree: TestTree) -> Result<BuildReport, BuildFailure> {
        var options = BuildOptions(root: tree.root, clusters: ["fiktivby-nord"], now: tree.now)
        options.pdf = true
        return SiteBuilder.build(options)
    }

    @Test(.enabled(if: chromium != nil, "needs headless Chromium (Debian package chromium); make test installs it"))
    func everyDocumentPageHasATaggedTitledPDFBesideIt() throws { // and the handout's QR code still scans
        let tree = try TestTree()
        let report = try Self.buildWithPDFs(tree).get()
        let ranges = try Self.printRanges()
        let pdfs = report.files.filter { $0.path.hasSuffix(".pdf") }.map(\.path)
        #expect(pdfs == Self.allPDFs)
        for document in Self.documents {
            let html = try tree.read("_site/\(Self.meeting)/\(document)/index.html")
            #expect(html.contains(#"<a href="\#(document).pdf" type="application/pdf">Hent som pdf</a>"#), "\(document) links to its PDF")
            let url = tree.url("_site/\(Self.meeting)/\(document)/\(document).pdf")
            let info = try Self.info(url)
            let title = try #require(html.firstMatch(of: #/<title>(.*?)</title>/#)).1
            #expect(info["Title"] == String(title).visibleText, "\(document)")
            #expect(info["Tagged"] == "yes", "\(document)")
            #expect(info["Page size"]?.hasSuffix("(A4)") == true, "\(document): \(info["Page size"] ?? "")")
            let pages = try #require(Int(info["Pages"] ?? ""))
            let range = try #require(ranges[document], "check_site.py has no PRINT_PAGES entry for \(document)")
            #expect(range.contains(pages), "\(document) prints on \(pages) pages; the browser check expects \(range)")
            // Language, and no trace of the build's clock or its staging folder.
            let bytes = try Data(contentsOf: url)
            #expect(bytes.range(of: Data("/Lang (da)".utf8)) != nil, "\(document)")
            #expect(bytes.range(of: Data("/CreationDate".utf8)) == nil && bytes.range(of: Data("file://".utf8)) == nil, "\(document)")
            let text = try #require(try Self.tool("pdftotext", ["-layout", url.path, "-"]))
            let heading = try #require(html.firstMatch(of: #/<h1>(.*?)</h1>/#)).1
            #expect(text.contains(String(heading).visibleText), "\(document): pdftotext finds the title")
            #expect(text.contains("Side 1 af \(pages)") && text.contains("Side \(pages) af \(pages)"), "\(document): page numbers")
        }
        // Links between the documents lead to the published site, not into the staging folder.
        let runSheet = try Data(contentsOf: tree.url("_site/\(Self.meeting)/drejebog/drejebog.pdf"))
        #expect(runSheet.range(of: Data("/URI (https://klynger.kiap.dk/\(Self.meeting)/klyngepakke/)".utf8)) != nil)
        try Self.expectTheHandoutsQRCode(tree)
    }

    /// The handout's PDF, printed as it is read, still has a QR code that opens the practice sheet.
    static func expectTheHandoutsQRCode(_ tree: TestTree) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") else {
            Issue.record("zbarimg (Debian package zbar-tools) is needed to read the handout's QR code")
            return
        }
        let pngs = tree.url("png")
        try FileManager.default.createDirectory(at: pngs, withIntermediateDirectories: true)
        _ = try tool("pdftoppm", ["-r", "150", "-png", tree.url("_site/\(Self.meeting)/uddelingskopi/uddelingskopi.pdf").path, pngs.appendingPathComponent("side").path])
        let pages = try FileManager.default.contentsOfDirectory(atPath: pngs.path).sorted()
        #expect(!pages.isEmpty)
        let codes = try pages.compactMap { try tool("zbarimg", ["--raw", "-q", pngs.appendingPathComponent($0).path]) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(codes.contains("https://klynger.kiap.dk/\(Self.meeting)/praksisark/"), "\(codes)")
    }

    @Test(.enabled(if: chromium != nil, "needs headless Chromium (Debian package chromium); make test installs it"))
    func twoBuildsWriteTheSamePDFs() throws {
        let first = try TestTree(), second = try TestTree()
        let a = try Self.buildWithPDFs(first).get().files.filter { $0.path.hasSuffix(".pdf") }
        let b = try Self.buildWithPDFs(second).get().files.filter { $0.path.hasSuffix(".pdf") }
        #expect(a.map(\.path) == Self.allPDFs)
        #expect(a.map(\.path) == b.map(\.path))
        for (x, y) in zip(a, b) { #expect(x.data == y.data, "\(x.path) differs between two builds") }
    }

    @Test func withoutTheRendererPDFStopsWithOneLineNamingThePackage() throws {
        let tree = try TestTree()
        var options = BuildOptions(root: tree.root, now: tree.now)
        options.pdf = true
        options.pdfSearchPath = tree.url("no-such-folder").path
        let failure = try #require(SiteBuilder.build(options).failure)
        #expect(failure.diagnostics.count == 1)
        #expect(failure.diagnostics.first?.message.contains("install the Debian package 'chromium'") == true)
        #expect(!tree.exists("_site"))

        // The command line: one line on stderr, status 1, nothing written.
        let run = try KlyngeProcess.run(["build", "--pdf"], in: tree.root, environment: ["PATH": tree.url("no-such-folder").path])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("--pdf prints the pages with headless Chromium, which is not installed; install the Debian package 'chromium'"))
        #expect(!tree.exists("_site"))
    }

    @Test func withoutPDFThereAreNoPDFsAndNoLinksToThem() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(!report.files.contains { $0.path.hasSuffix(".pdf") })
        for document in Self.documents {
            let html = try tree.read("_site/\(Self.meeting)/\(document)/index.html")
            #expect(!html.contains("href=\"\(document).pdf\"") && !html.contains("Hent som pdf"), "\(document)")
        }
    }

    /// A small PDF whose offsets are known: the rewrite must move the table's
    /// entries and `startxref` by what it inserted before them, and no others.
    @Test func linksAreRewrittenAndTheCrossReferencesMoved() throws {
        let objects = [
            "1 0 obj\n<</Title (T)\n/CreationDate (D:20261201213059+00'00')\n/ModDate (D:20261201213059+00'00')>>\nendobj\n",
            "2 0 obj\n<</URI (file:///stage/site/a/b/)>>\nendobj\n",
            "3 0 obj\n<</URI (file:///stage/site/c/) /Next (file:///stage/site/)>>\nendobj\n",
            "4 0 obj\n<</Type /Catalog>>\nendobj\n",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for object in objects {
            offsets.append(pdf.utf8.count)
            pdf += object
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<</Size \(objects.count + 1) /Root 4 0 R /Info 1 0 R>>\nstartxref\n\(xref)\n%%EOF\n"

        let pinned = try PDFFile.pinned(Data(pdf.utf8), replacingPrefix: "file:///stage/site/", with: "https://klynger.example.dk/").get()
        let text = String(decoding: pinned, as: UTF8.self)
        #expect(!text.contains("D:2026") && !text.contains("file://"))
        #expect(text.contains("/URI (https://klynger.example.dk/a/b/)") && text.contains("/Next (https://klynger.example.dk/)"))
        #expect(pinned.count == pdf.utf8.count + 3 * ("https://klynger.example.dk/".count - "file:///stage/site/".count))
        // Every entry of the table and startxref point where their objects now start.
        let bytes = [UInt8](pinned)
        let startxref = try #require(text.firstMatch(of: #/startxref\n(\d+)\n/#))
        let start = try #require(Int(startxref.1))
        #expect(text.utf8.dropFirst(start).starts(with: "xref".utf8))
        let entries = text.matches(of: #/(\d{10}) 00000 n /#).map { Int($0.1)! }
        #expect(entries.count == objects.count)
        for (number, offset) in entries.enumerated() {
            #expect(bytes[offset...].starts(with: Array("\(number + 1) 0 obj".utf8)), "object \(number + 1) at \(offset)")
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
