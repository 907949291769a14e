import Foundation
import PropertyBased
import Testing
import ZIPFoundation
@testable import KlyngeKit

/// A deck laid out from records of parts ZIPFoundation wrote one at a time must be
/// the very archive ZIPFoundation writes when the parts are added to it in turn.
@Suite struct ZIPRecordsTests {
    static let alphabet: [Character] = Array("aZ09 <>/=\"æøåÆØÅ–€\n")
    static let text = Gen<Character?>.element(of: alphabet).map { $0 ?? " " }.array(of: 0...400).map { String($0) }
    static let name = Gen<Character?>.element(of: Array("abcxyzæø/_.[]019")).map { $0 ?? "a" }.array(of: 1...30).map { "ppt/\(String($0)).xml" }
    static let parts = PropertyBased.zip(name, text).array(of: 0...25)

    @Test func recordsLaidOutEqualTheArchiveWrittenEntryByEntry() async {
        await propertyCheck(count: 200, input: Self.parts) { parts in
            let named = parts.map { (name: $0.0, xml: $0.1) }
            let plain = try ZIPRecord.plainArchive(named.map { OutputFile(path: $0.name, text: $0.xml) })
            let laidOut = ZIPRecord.archive(try named.map { try ZIPRecord(name: $0.name, xml: $0.xml) })
            #expect(laidOut == plain, "\(named.map(\.name))")
            #expect(try named.map { try ZIPRecord(name: $0.name, xml: $0.xml).part.data } == named.map { Data($0.xml.utf8) })
        }
    }

    /// Each record deflated with zlib is the record ZIPFoundation writes for the part,
    /// header and bytes, also for parts larger than ZIPFoundation's 16 KB chunks (which
    /// it deflates chunk by chunk) and for bytes that hardly compress.
    @Test func deflatedRecordsAreThoseZIPFoundationWrites() throws {
        /// A record's header and bytes; a mismatch shows as sizes, not as 100 KB diffed byte by byte.
        struct Record: Equatable {
            var local: Data
            var central: Data
            var path: String
            var data: Data
            init(_ record: ZIPRecord) { (local, central, path, data) = (record.local, record.central, record.part.path, record.part.data) }
        }
        let words = ["<p:sp>", "</a:t>", "Ærø", "12,5 %", " ", "\n", "€", "x=\"1\"", "Praksis A"]
        var round = 0
        try Differential.check(count: 120, input: { generator in
            defer { round += 1 }
            let length = Int.random(in: 0...(round % 3 == 0 ? 120_000 : 3_000), using: &generator)
            var text = ""
            if round % 4 == 0 {
                // Random letters: little to compress.
                text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator))) })
            } else {
                while text.utf8.count < length { text += words.randomElement(using: &generator)! }
            }
            let name = ["[Content_Types].xml", "ppt/slides/slide\(round % 17 + 1).xml", "docProps/æøå.xml"].randomElement(using: &generator)!
            return (name: name, text: text)
        }, describe: { "\($0.name), \($0.text.utf8.count) bytes" },
        plain: { try Record(ZIPRecord.written(OutputFile(path: $0.name, text: $0.text))) },
        fast: { try Record(ZIPRecord(name: $0.name, xml: $0.text)) })
    }

    @Test func theLaidOutArchiveReadsBackPartByPart() throws {
        let parts = [("[Content_Types].xml", "<Types/>"), ("ppt/slides/slide1.xml", "<p:sld>Ærø – 12 %</p:sld>"), ("ppt/empty.xml", "")]
        let data = ZIPRecord.archive(try parts.map { try ZIPRecord(name: $0.0, xml: $0.1) })
        let archive = try Archive(data: data, accessMode: .read)
        let entries = Array(archive)
        #expect(entries.map(\.path) == parts.map(\.0))
        for (entry, part) in zip(entries, parts) {
            var read = Data()
            _ = try archive.extract(entry, skipCRC32: false) { read.append($0) }
            #expect(String(decoding: read, as: UTF8.self) == part.1)
            #expect(entry.type == .file)
        }
    }
}
