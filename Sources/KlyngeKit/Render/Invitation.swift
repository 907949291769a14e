import Mustache

/// The invitation the coordinator sends to the cluster's members: a plain-text
/// template of the package (`Content/packages/<id>/invitation.mustache`: what to
/// read or hear before the meeting is the package's to say), rendered with the
/// meeting's values, then offered on the page twice: as text to copy and as a
/// `mailto:` link that opens the mail program with subject and body filled in.
///
/// The words are the package's. Here is only what plain text needs: no escaping
/// while it renders (it is no HTML and no Markdown), then escaping for each place
/// it goes — percent-encoding for the link (RFC 6068), HTML for the page, which the
/// theme's `{{invitation.body}}` does.
enum Invitation {
    static let fileName = "invitation.mustache"

    /// A plain-text template: Mustache's own `TEXT` type, so `{{value}}` is the value as it is.
    struct Template: Sendable {
        var template: MustacheTemplate
        var outline: TemplateOutline
        var path: String
        /// Whether it may be rendered once per context shape, as the documents are.
        var shapeable = false
    }

    /// A package's invitation (`invitation.mustache` in its folder), when it has one.
    static func parse(_ file: SourceFile, log: DiagnosticLog) -> Template? {
        switch TemplateOutline.parse(file.text, path: file.path) {
        case .failure(let diagnostic):
            log.append(diagnostic)
            return nil
        case .success(let outline):
            do {
                return Template(template: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}" + file.text), outline: outline, path: file.path,
                                shapeable: ShapeRenderOutcome.allowed(file.text, markdown: true))
            } catch let error as MustacheTemplate.ParserError {
                log.error(SourceLocation(path: file.path, line: error.context.lineNumber, column: error.context.columnNumber),
                          "template syntax error: \(error.error)")
            } catch {
                log.error(SourceLocation(path: file.path), "template syntax error: \(error)")
            }
            return nil
        }
    }

    /// The template values `invitation.subject`, `.body` and `.mailto`.
    /// - Parameter context: the cluster's values, with `address` (absolute addresses:
    ///   a mail is read away from the site, so relative links would lead nowhere).
    /// - Parameter shapes: where the text rendered once per context shape is kept (the
    ///   package's, as for its documents): meetings of one shape share the render and
    ///   fill in their values, unescaped, as plain text wants them.
    /// - Parameter shape: the shape of `context`, in the build's numbering (nil: rendered directly).
    static func values(_ template: Template, context: TemplateContext, shape: ContextShape? = nil,
                       shapes: PreparedPackage? = nil) -> Result<TemplateValue, BuildFailure> {
        let rendered: String
        if let shapes, template.shapeable {
            switch ShapeRenderOutcome.render(shapes.bodies, contexts: shapes.tokenisedContexts, id: template.path,
                                             shape: shape, names: nil, form: .markdown, escape: { $0 },
                                             check: { template.outline.problems(context: $0, partials: [:]) },
                                             render: { template.template.render($0) }, context: { context }) {
            case .success(let text): rendered = text
            case .failure(let failure): return .failure(failure)
            }
        } else {
            let problems = template.outline.problems(context: context, partials: [:])
            guard problems.isEmpty else { return .failure(BuildFailure(diagnostics: problems)) }
            rendered = template.template.render(TemplateValue.mustache(context))
        }
        let text = tidy(rendered)
        // The first line is the subject, a blank line follows, then the body (as in a
        // commit message): one file holds the whole mail for the theme's author.
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, !lines[0].isEmpty, lines[1].isEmpty else {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: template.path, line: 1, column: 1),
                "the invitation must start with its subject on one line, then a blank line, then the body")]))
        }
        // Without its final line break: the page's `</pre>` follows the value, and
        // Mustache indents template text after a line break when the partial is indented.
        let subject = String(lines[0]), body = String(lines[2].dropLast(lines[2].hasSuffix("\n") ? 1 : 0))
        return .success(["subject": .text(subject), "body": .text(body), "mailto": .text(mailto(subject: subject, body: body))])
    }

    /// Sections on lines of their own leave blank lines and trailing spaces behind
    /// when they are empty: each line loses its trailing spaces and tabs, runs of blank
    /// lines become one, and the text ends with one line break. Lines end at a `\n` or
    /// `\r\n` byte pair; nothing else about the text needs to be read as Characters.
    static func tidy(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 1)
        var blankBefore = false
        var start = 0
        while start <= bytes.count {
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let next = end + 1
            if end < bytes.count, end > start, bytes[end - 1] == 0x0D { end -= 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            if end == start {
                // A blank line is kept, once, only between lines with text.
                blankBefore = !output.isEmpty
            } else {
                if blankBefore { output.append(0x0A) }
                output += bytes[start..<end]
                output.append(0x0A)
                blankBefore = false
            }
            start = next
        }
        return output.isEmpty ? "\n" : String(decoding: output, as: UTF8.self)
    }

    /// `mailto:?subject=…&body=…` (RFC 6068) with no recipient: the coordinator adds
    /// the members. Line breaks are sent as CRLF, as the RFC asks of a body.
    static func mailto(subject: String, body: String) -> String {
        "mailto:?subject=\(percentEncoded(subject))&body=\(percentEncoded(body, lineBreaks: true))"
    }

    /// Every byte but the URI's unreserved characters (RFC 3986: letters, digits,
    /// `-._~`) as `%XX` of its UTF-8: nothing in a value (`&`, `=`, `#`, `%`, a line
    /// break, `<b>`) can end the field, start another or change what the link says.
    /// - Parameter lineBreaks: each line break (`\n` or `\r\n`) as CRLF, `%0D%0A`.
    static func percentEncoded(_ text: String, lineBreaks: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        let bytes = Array(text.utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count * 2)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            case 0x0D where lineBreaks && index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                continue // the `\n` that follows writes the pair
            case 0x0A where lineBreaks:
                encoded += Array("%0D%0A".utf8)
            default:
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The absolute addresses a mail links to: the overview, every document and the calendar file.
    /// - Parameter meetingURL: the meeting's overview; the calendar file is the cluster's, one folder up.
    static func addresses(meetingURL: String, documents: [Document], calendarURL: String) -> TemplateValue {
        [
            "overview": .text(meetingURL),
            "calendar": .text(calendarURL),
            "docs": .record(Dictionary(uniqueKeysWithValues: documents.map { ($0.slug, .text("\(meetingURL)\($0.slug)/")) })),
        ]
    }
}
