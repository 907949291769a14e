import CSystemSupport
import Foundation
import Testing
@testable import KlyngeKit

/// A provider number typed into any other field never reaches the site: the build
/// fails, naming where it came from.
@Suite struct ProviderNumberScanTests {
    @Test func aProviderNumberInTheClustersNameFailsTheBuildAtTheClusterFile() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "name: Klynge Fiktivby Nord", with: "name: Klynge 990101")
        let errors = try tree.buildFails()
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.location.path == "Content/clusters/fiktivby-nord/cluster.yml")
        #expect(error.message.contains("provider number 990101") && error.message.contains("'name'"), "\(error)")
        #expect(!tree.exists("_site"))
    }

    @Test func aProviderNumberInThePeriodColumnFailsAtThePracticesFile() throws {
        let tree = try TestTree()
        let path = "Content/clusters/\(TestTree.fiktivbyMeeting)/practices.csv"
        try tree.write(path, try tree.read(path).replacingOccurrences(of: ";2026\r\n", with: ";990104\r\n"))
        let errors = try tree.buildFails()
        let error = try #require(errors.first)
        #expect(error.location.path == path && error.message.contains("990104") && error.message.contains("'period'"), "\(errors)")
    }

    @Test func aProviderNumberInADocumentFailsAtItsLine() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/praksisark.md"
        let lines = try tree.read(path).components(separatedBy: "\n").count
        try tree.write(path, try tree.read(path) + "\nSpørg praksis 990102 om lov.\n")
        let error = try #require(try tree.buildFails().first)
        #expect(error.location == SourceLocation(path: path, line: lines + 1), "\(error)")
    }

    @Test func onlyWholeTokensCount() {
        let numbers: Set = ["990101"]
        for hit in ["990101", ">990101<", "\"990101\"", "UID:990101@x", "a 990101.", "x\n990101\n"] {
            #expect(ProviderNumberScan.firstHit(in: OutputFile(path: "f", text: hit), numbers: numbers) != nil, "\(hit)")
        }
        for miss in ["9901012", "19901", "3f990101a", "x990101", "990101b", "99010"] {
            #expect(ProviderNumberScan.firstHit(in: OutputFile(path: "f", text: miss), numbers: numbers) == nil, "\(miss)")
        }
        #expect(ProviderNumberScan.firstHit(in: OutputFile(path: "f", text: "a\nb\n<svg>990101</svg>"), numbers: numbers)?.line == 3)
    }

    /// The skipping token search finds the same runs as the plain one, byte by byte,
    /// from any starting position: texts dense with digits, letters and markup, every
    /// length bound, with and without letters allowed.
    @Test func theSkippingTokenSearchFindsWhatThePlainOneFinds() {
        let alphabet = Array("0123456789012345abzAZ <>\"=.;:/#&\n-".utf8) + [0xC3, 0xA6, 0x00, 0xFF]
        typealias Search = (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<Int>?, Int, Int, Int32, UnsafeMutablePointer<Int>?) -> Int
        func runs(_ bytes: [UInt8], from: Int, _ shortest: Int, _ longest: Int, _ digitsOnly: Int32, _ search: Search) -> [Range<Int>] {
            bytes.withUnsafeBufferPointer { buffer in
                var position = from, length = 0, found: [Range<Int>] = []
                while true {
                    let start = search(buffer.baseAddress, buffer.count, &position, shortest, longest, digitsOnly, &length)
                    guard start >= 0 else { return found }
                    found.append(start..<(start + length))
                }
            }
        }
        Differential.check(count: 4000, input: { random in
            let bytes = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let shortest = Int.random(in: 0...7, using: &random)
            let longest = shortest + Int.random(in: 0...3, using: &random)
            let digitsOnly: Int32 = Bool.random(using: &random) ? 1 : 0
            return (bytes: bytes, from: Int.random(in: 0...bytes.count, using: &random), shortest: shortest, longest: longest, digitsOnly: digitsOnly)
        }, describe: { "\($0.bytes) from \($0.from), \($0.shortest)...\($0.longest), digits only \($0.digitsOnly)" }, plain: { input in
            runs(input.bytes, from: input.from, input.shortest, input.longest, input.digitsOnly) { klynge_next_token($0, $1, $2, $3, $4, $5, $6) }
        }, fast: { input in
            runs(input.bytes, from: input.from, input.shortest, input.longest, input.digitsOnly) { klynge_next_token_skipping($0, $1, $2, $3, $4, $5, $6) }
        })
    }

    /// Every file of the real site is scanned, assets and calendar files included, and passes.
    @Test func theRealSiteHasNone() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(report.files.contains { $0.path.hasSuffix(".ics") })
        let content = try #require(ModelBuilder(log: DiagnosticLog()).build(ContentTree.read(root: tree.root, only: nil, log: DiagnosticLog())))
        #expect(ProviderNumberScan.problems(in: report.files, content: content).isEmpty)
        // ... and a number slipped into a calendar file is found.
        let calendar = try #require(report.files.first { $0.path.hasSuffix(".ics") })
        let changed = OutputFile(path: calendar.path, text: String(decoding: calendar.data, as: UTF8.self) + "DESCRIPTION:990101\r\n")
        #expect(ProviderNumberScan.problems(in: [changed], content: content).count == 1)
    }

    /// A deck's parts are deflated in its .pptx, so the scan reads them unpacked: a
    /// number on a slide is found and named by its part.
    @Test func aNumberOnASlideIsFoundInTheDeflatedPptx() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        let content = try #require(ModelBuilder(log: DiagnosticLog()).build(ContentTree.read(root: tree.root, only: nil, log: DiagnosticLog())))
        let deck = try #require(report.files.first { $0.path.hasSuffix(".pptx") })
        let slide = try #require(deck.parts.firstIndex { $0.path == "ppt/slides/slide2.xml" })
        #expect(String(decoding: deck.parts[slide].data, as: UTF8.self).contains("<p:cSld>"))
        #expect(!String(decoding: deck.data, as: UTF8.self).contains("<p:cSld>"), "the parts are deflated")
        var parts = deck.parts
        parts[slide].data += Data("<a:t>990101</a:t>".utf8)
        let records = try parts.map { try ZIPRecord(name: $0.path, xml: String(decoding: $0.data, as: UTF8.self)) }
        let changed = OutputFile(path: deck.path, data: ZIPRecord.archive(records), parts: parts)
        let problems = ProviderNumberScan.problems(in: [changed], content: content)
        #expect(problems.count == 1 && problems[0].message.contains("\(deck.path), part ppt/slides/slide2.xml (line 2)"), "\(problems)")
        // Beside a deck it shares its other parts with, read once, the changed part is still read.
        let beside = ProviderNumberScan.problems(in: [deck, changed], content: content)
        #expect(beside.count == 1 && beside[0].message.contains("part ppt/slides/slide2.xml"), "\(beside)")
        // Its bytes alone would not show it.
        #expect(ProviderNumberScan.problems(in: [OutputFile(path: deck.path, data: changed.data)], content: content).isEmpty)
    }
}
