import Testing
@testable import KlyngeKit

/// The byte escape that fills a page's file must write what `HTMLText.escape` returns.
@Suite struct HTMLEscapeBytesTests {
    @Test func bytesEscapeAsTheStringEscape() {
        var generator = SeededGenerator()
        let alphabet: [String] = ["a", "Z", "0", " ", "<", ">", "&", "\"", "'", "æ", "ø", "e\u{301}", "🙂", "&amp;", "\n", "\u{0}"]
        for _ in 0..<5_000 {
            var text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let run = ByteRun(capacity: 4)
            text.withUTF8 { HTMLText.escape($0, into: run) }
            #expect(run.string == HTMLText.escape(text), "\(text.debugDescription) \(generator.replay)")
        }
    }
}
