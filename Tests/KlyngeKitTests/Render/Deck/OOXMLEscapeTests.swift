import PropertyBased
import Testing
@testable import KlyngeKit

/// The .pptx's text escaping returns plain text as it is; on any text it must give
/// what the scalar-by-scalar escaping gives.
@Suite struct OOXMLEscapeTests {
    static let alphabet: [Character] = Array("aZ09 æøå–&<>\"'\t\n\r\u{1}\u{1F}\u{7F}\u{FFFE}\u{FFFF}\u{FFFD}\u{FEFF}\u{F000}€😀")
    static let text = Gen<Character?>.element(of: alphabet).map { $0 ?? " " }.array(of: 0...40).map { String($0) }

    @Test func theFastPathEqualsTheScalarEscaping() async {
        await propertyCheck(count: 1000, input: Self.text) { text in
            // By bytes: Strings compare by canonical equivalence.
            #expect(Array(OOXML.escape(text).utf8) == Array(OOXML.escapeScalars(text).utf8), "\(text.debugDescription)")
            #expect(Array(OOXML.escapeBytes(text).utf8) == Array(OOXML.escapeScalars(text).utf8), "\(text.debugDescription)")
        }
    }

    @Test func escapingStillEscapes() {
        #expect(OOXML.escape("Anne & Bo <i>") == "Anne &amp; Bo &lt;i&gt;")
        #expect(OOXML.escape("a\u{1}b\u{FFFE}c") == "abc")
        #expect(OOXML.escape("Ærø Øst") == "Ærø Øst")
    }
}
