import Foundation
import Testing
@testable import KlyngeKit

/// The link check reads each page once for `href`, `src` and `id`; that must find
/// what a scan per attribute finds, and decode entities as replacing them in turn.
@Suite struct LinkScanTests {
    /// The scan of one attribute, as the link check did it before.
    static func oneByOne(_ name: String, in html: String) -> [String] {
        let bytes = Array(html.utf8)
        let pattern = Array("\(name)=\"".utf8)
        var values: [String] = []
        var index = 1
        while index + pattern.count <= bytes.count {
            guard bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern),
                  [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t")].contains(bytes[index - 1]) else {
                index += 1
                continue
            }
            let start = index + pattern.count
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { break }
            values.append(String(decoding: bytes[start..<end], as: UTF8.self))
            index = end + 1
        }
        return values
    }

    @Test func onePassFindsWhatEachScanFinds() {
        let pieces = [" href=\"", " src=\"", " id=\"", "\nid=\"", "\thref=\"", "\"", "x", " ", "a#b", "href=\"", "&amp;", "æ", ">", "<a",
                      " x=\"", "=\"", " hid=\"", " d=\"", " xsrc=\"", "f=\"", "&lt;", "d=\"", "c=\""]
        struct Found: Equatable {
            var values: [[String]]
            var decoded: [[String]]
        }
        Differential.check(count: 3_000, input: { generator in
            (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }, plain: { html in
            let expected = ["href", "src", "id"].map { Self.oneByOne($0, in: html) }
            return Found(values: expected, decoded: expected.map { $0.map(LinkCheck.decodeEntities) })
        }, fast: { html in
            var copy = html
            return Found(values: copy.withUTF8 { LinkCheck.attributeValues(["href", "src", "id"], in: $0) },
                         decoded: copy.withUTF8 { LinkCheck.attributeValues(["href", "src", "id"], in: $0, decodingEntities: true) })
        })
    }

    @Test func entitiesDecodeAsReplacedInTurn() {
        let pieces = ["&quot;", "&#39;", "&#x27;", "&lt;", "&gt;", "&amp;", "&", "amp;", "lt;", "a", "æ", "#", ";"]
        Differential.check(count: 3_000, input: { generator in
            (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }, plain: { text in
            var expected = text
            for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
                expected = expected.replacingOccurrences(of: entity, with: character)
            }
            return expected
        }, fast: { LinkCheck.decodeEntities($0) })
    }
}
