import Foundation
import Mustache

/// Escaping for `{{value}}` inside a Markdown body: the value reaches the page as
/// the same literal text, never as Markdown or HTML. Every ASCII punctuation
/// character gets a backslash (CommonMark guarantees that `\x` is a literal x for
/// all of them), and line breaks become spaces so a value cannot start a block.
/// `@` is the exception: GitHub's autolink extension finds e-mail addresses in the
/// text after escapes are resolved, so a value's `@` travels through cmark as
/// `valueAt` and MarkdownRenderer puts it back once the autolinks are made.
struct MarkdownText: MustacheContentType {
    static let name = "MARKDOWN"
    static let pragma = "{{% CONTENT_TYPE: MARKDOWN }}"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// A private-use character that stands for a value's `@` inside cmark.
    static let valueAt: Unicode.Scalar = "\u{E040}"
    private static let valueAtBytes: [UInt8] = Array(String(valueAt).utf8)

    /// Where a file's text holds `valueAt` (line, column in scalars), or nil. No input
    /// may hold it: an author who typed it would get an `@` that no autolink sees, and
    /// a value could pass for another. Files are checked as they are read.
    static func valueAtPosition(in text: String) -> (line: Int, column: Int)? {
        // 0xEE leads the marker's UTF-8 bytes: most files have none.
        let hasLead = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.baseAddress.map { memchr($0, 0xEE, bytes.count) != nil } ?? false }
            ?? text.utf8.contains(0xEE)
        guard hasLead else { return nil }
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar == valueAt { return (line, column) }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    static func escape(_ text: String) -> String {
        // Byte by byte: every byte of a multi-byte UTF-8 sequence is 0x80 or above, so
        // this equals a walk over the scalars, without decoding them.
        // Most values need no change: nothing to copy.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || isPunctuation($0) }) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "@") {
                escaped.append(contentsOf: valueAtBytes)
            } else if isPunctuation(byte) {
                escaped.append(UInt8(ascii: "\\"))
                escaped.append(byte)
            } else if byte == 0x0A || byte == 0x0D || byte == 0x09 {
                escaped.append(UInt8(ascii: " "))
            } else if byte < 0x20 || byte == 0x7F {
                continue // control characters carry no text
            } else {
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// ASCII punctuation: `!`…`/`, `:`…`@`, `[`…`` ` ``, `{`…`~`.
    private static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// Registered once, before any template renders.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkdownText(), named: name)
        return true
    }()
}
