import Testing
@testable import KlyngeKit

/// The byte escape that fills a page's file must write what `HTMLText.escape` returns.
@Suite struct HTMLEscapeBytesTests {
    @Test func bytesEscapeAsTheStringEscape() {
        let alphabet: [String] = ["a", "Z", "0", " ", "<", ">", "&", "\"", "'", "æ", "ø", "e\u{301}", "🙂", "&amp;", "\n", "\u{0}"]
        Differential.check(count: 5_000, input: { generator in
            (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }, plain: { HTMLText.escape($0) }, fast: { text in
            var text = text
            let run = ByteRun(capacity: 4)
            text.withUTF8 { HTMLText.escape($0, into: run) }
            return run.string
        })
    }
}
