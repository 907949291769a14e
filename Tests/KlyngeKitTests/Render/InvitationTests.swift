import Foundation
import Testing
@testable import KlyngeKit

/// The invitation on the run sheet and the overview page: a `mailto:` link whose
/// subject and body decode to the text that stands on the page, with every value
/// of the cluster's data kept as literal text.
@Suite struct InvitationTests {
    static let cluster = "Content/clusters/fiktivby-nord/cluster.yml"
    /// The invitation is the package's own template.
    static let template = "Content/packages/dosisdispensering/invitation.mustache"
    /// The meeting's overview and its run sheet: the two pages that show the invitation.
    static let pages = ["_site/\(TestTree.fiktivbyMeeting)/index.html", "_site/\(TestTree.fiktivbyMeeting)/drejebog/index.html"]

    /// The link's subject and body, decoded as a mail program does (RFC 6068).
    static func decodedMailto(in html: String) throws -> (subject: String, body: String, href: String) {
        let match = try #require(html.firstMatch(of: #/<a class="button" href="(mailto:[^"]*)">Skriv invitationen</a>/#))
        // In the attribute `&` is written `&amp;`; nothing else is escaped there.
        let href = String(match.1).replacingOccurrences(of: "&amp;", with: "&")
        #expect(href.hasPrefix("mailto:?"), "no recipient: the coordinator adds the members")
        var fields: [String: String] = [:]
        for pair in href.dropFirst("mailto:?".count).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            try #require(parts.count == 2)
            // Only unreserved characters may stand unencoded: nothing can end a field early.
            #expect(parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%".contains($0)) }, "\(parts[1])")
            fields[parts[0]] = try #require(parts[1].removingPercentEncoding)
        }
        #expect(Set(fields.keys) == ["subject", "body"])
        return (fields["subject"] ?? "", fields["body"] ?? "", href)
    }

    /// The text in the page's copy box, as a reader sees it.
    static func copyText(in html: String) throws -> String {
        let match = try #require(html.firstMatch(of: #/<pre class="invitation-body">(.*?)</pre>/#.dotMatchesNewlines()))
        var text = String(match.1)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    @Test func theLinkDecodesToTheSubjectAndTheBodyOnThePage() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for page in Self.pages {
            let html = try tree.read(page)
            let mail = try Self.decodedMailto(in: html)
            #expect(mail.subject == "Invitation: klyngemøde om Dosisdispensering i almen praksis 30. marts 2027", "\(page)")
            #expect(html.contains("<strong>Emne:</strong> \(mail.subject)</p>"), "\(page)")
            // The body's lines end in CRLF in the link, as RFC 6068 asks; the page shows the same lines.
            #expect(!mail.body.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "\(page): a bare LF in the body")
            #expect(mail.body.replacingOccurrences(of: "\r\n", with: "\n") == (try Self.copyText(in: html)), "\(page)")
            let lines = mail.body.components(separatedBy: "\r\n")
            for expected in [
                "Kære alle i Klynge Fiktivby Nord",
                "Hvornår: tirsdag den 30. marts 2027, kl. 16.00–18.30 (2,5 time)",
                "Hvor: Fiktivby Sundhedshus, mødesal 2, Eksempelvej 12, 9999 Fiktivby",
                "- Besvar spørgeskemaet, som kommer i en særskilt mail, senest tirsdag den 9. marts 2027. Resultaterne bliver en del af mødets materiale.",
                "- Læs klyngepakken: https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/klyngepakke/",
                "- Se praksisarket, som vi bruger på mødet og tager med hjem i klinikken: https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/praksisark/",
                "Sæt mødet i din kalender med denne fil: https://klynger.kiap.dk/fiktivby-nord/klyngemoede.ics",
                "Alt om mødet står samlet her: https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/",
                "Anne Hansen",
                "anne.hansen@example.dk, tlf. 11 22 33 44",
            ] {
                #expect(lines.contains(expected), "\(page): no line '\(expected)'")
            }
            #expect(!lines.contains { $0.hasSuffix(" ") }, "no trailing spaces left by sections")
            #expect(!mail.body.contains("\r\n\r\n\r\n"), "no runs of blank lines")
        }
    }

    @Test func thePodcastLinkIsInTheBodyOnceThePackageHasIt() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/packages/dosisdispensering/package.yml", """
          podcast:
            title: Podcast om dosisdispensering
            url: null
        """, with: """
          podcast:
            title: Podcast om dosisdispensering
            url: https://podcast.example.dk/afsnit?id=7&t=1
        """)
        try tree.buildSucceeds()
        let mail = try Self.decodedMailto(in: try tree.read(Self.pages[0]))
        #expect(mail.body.contains("- Lyt til podcasten, en let måde at blive klædt på til mødet: https://podcast.example.dk/afsnit?id=7&t=1\r\n"))
        #expect(!mail.body.contains("Jeg sender linket"))
    }

    @Test(arguments: ["Anne *Hansen* <b>&", "Anne&body=Ny tekst", "Anne %0D%0A Hansen #1 ?x=y", "Ånne \"Hånsen\" 'æøå' – 😀"])
    func aHostileCoordinatorNameStaysLiteralInTheMail(_ name: String) throws {
        let tree = try TestTree()
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        try tree.replace(in: Self.cluster, "  name: Anne Hansen", with: "  name: \(quoted)")
        try tree.buildSucceeds()
        for page in Self.pages {
            let html = try tree.read(page)
            let mail = try Self.decodedMailto(in: html)
            #expect(mail.body.contains("\r\nVenlig hilsen\r\n\(name)\r\n"), "\(page)")
            #expect(try Self.copyText(in: html).contains("\nVenlig hilsen\n\(name)\n"), "\(page)")
            #expect(!html.contains("<b>&"), "\(page): the name is escaped as HTML on the page")
        }
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(Invitation.percentEncoded("a-Z.0_~") == "a-Z.0_~")
        #expect(Invitation.percentEncoded("æ ø&=?#%+\r\n") == "%C3%A6%20%C3%B8%26%3D%3F%23%25%2B%0D%0A")
        #expect(Invitation.mailto(subject: "S", body: "a\nb\r\nc") == "mailto:?subject=S&body=a%0D%0Ab%0D%0Ac")
    }

    @Test func sectionsLeaveNoBlankRunsOrTrailingSpaces() {
        #expect(Invitation.tidy("\nEmne  \n\nA \n\n\n\nB\t\n\n") == "Emne\n\nA\n\nB\n")
        #expect(Invitation.tidy("") == "\n")
        #expect(Invitation.tidy(" \r\n\t") == "\n")
        #expect(Invitation.tidy("a\r\r\nb\r") == "a\r\nb\r\n")
    }

    /// The tidy as it was written first, a Character at a time: the reference for the byte version.
    static func tidyByCharacters(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            var line = line
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func tidyingBytesGivesTheCharactersTidy() {
        // No lone `\r`: the Character version read `\r\r\n` as one line ending in a `\r\n`
        // Character, which no text the Theme writes holds (the byte version ends the line).
        let alphabet: [String] = ["a", "Ø", "é", "e\u{301}", "🙂", " ", " ", "\t", "\n", "\n", "\r\n", "{{", "–"]
        Differential.check(count: 5_000, input: { generator in
            (0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }, plain: { Self.tidyByCharacters($0) }, fast: { Invitation.tidy($0) })
    }

    @Test func mailLineBreaksAreCRLFWhateverTheyWere() {
        let alphabet: [String] = ["a", "ø", " ", "\n", "\r\n", "\r", "&", "%"]
        Differential.check(count: 2_000, input: { generator in
            (0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }, plain: { body in
            let crlf = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            return "mailto:?subject=S&body=\(Invitation.percentEncoded(crlf))"
        }, fast: { Invitation.mailto(subject: "S", body: $0) })
    }

    @Test func anInvitationWithoutItsSubjectLineIsAnError() throws {
        let tree = try TestTree()
        try tree.write(Self.template, "Emne\nKrop uden tom linje\n")
        let errors = try tree.buildFails()
        #expect(errors.map(\.description).contains(
            "\(Self.template):1:1: error: the invitation must start with its subject on one line, then a blank line, then the body"))
    }

    @Test func anUnknownValueInTheInvitationIsAnErrorAtItsTag() throws {
        let tree = try TestTree()
        try tree.replace(in: Self.template, "Venlig hilsen", with: "Venlig hilsen {{coordinator.nmae}}")
        let errors = try tree.buildFails()
        let error = try #require(errors.first { $0.location.path == Self.template })
        #expect(error.message.contains("coordinator.nmae"), "\(error)")
        #expect(error.location.line > 1)
    }
}
