import Mustache

/// Escaping for `{{value}}` inside a Markdown body: the value reaches the page as
/// the same literal text, never as Markdown or HTML. Every ASCII punctuation
/// character gets a backslash (CommonMark guarantees that `\x` is a literal x for
/// all of them), and line breaks become spaces so a value cannot start a block.
struct MarkdownText: MustacheContentType {
    static let name = "MARKDOWN"
    static let pragma = "{{% CONTENT_TYPE: MARKDOWN }}"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        // Most values are plain words: nothing to escape, nothing to copy.
        guard text.utf8.contains(where: { $0 < 0x30 || (0x3A...0x40).contains($0) || (0x5B...0x60).contains($0) || $0 > 0x7A && $0 < 0x80 })
        else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "!"..."/", ":"..."@", "["..."`", "{"..."~":
                escaped.unicodeScalars.append("\\")
                escaped.unicodeScalars.append(scalar)
            case "\n", "\r", "\t":
                escaped += " "
            case "\u{0}"..."\u{1F}", "\u{7F}":
                continue // control characters carry no text
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Registered once, before any template renders.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkdownText(), named: name)
        return true
    }()
}
