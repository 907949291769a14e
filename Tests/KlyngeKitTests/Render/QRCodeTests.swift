import Testing
@testable import KlyngeKit

@Suite struct QRCodeTests {
    let url = "https://klynger.kiap.dk/fiktivby-nord/praksisark/"

    /// The three finder patterns: a dark 7×7 ring around a dark 3×3 centre.
    private func hasFinder(_ code: QRCode, atX x0: Int, y y0: Int) -> Bool {
        (0..<7).allSatisfy { y in
            (0..<7).allSatisfy { x in
                let ring = x == 0 || y == 0 || x == 6 || y == 6
                let centre = (2...4).contains(x) && (2...4).contains(y)
                return code.modules[(y0 + y) * code.size + x0 + x] == (ring || centre)
            }
        }
    }

    @Test func encodesAnAddressAsAQRCodeMatrix() throws {
        let code = try #require(QRCode(url))
        #expect((code.size - 17) % 4 == 0, "a QR code of version v has 4v+17 modules per side")
        #expect(code.size == 33, "49 bytes at level M need version 4")
        #expect(hasFinder(code, atX: 0, y: 0))
        #expect(hasFinder(code, atX: code.size - 7, y: 0))
        #expect(hasFinder(code, atX: 0, y: code.size - 7))
        #expect(!hasFinder(code, atX: code.size - 7, y: code.size - 7))
        #expect(QRCode("https://klynger.kiap.dk/eksempelstrup-vest/praksisark/")!.modules != code.modules)
    }

    @Test func drawsOnePathWithAQuietZoneAndAName() throws {
        let svg = try #require(QRCode(url)).svg(label: #"QR-kode til "Praksisark" & mere <b>"#)
        #expect(svg.hasPrefix(#"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 41 41" role="img""#))
        #expect(svg.contains(#"aria-label="QR-kode til &quot;Praksisark&quot; &amp; mere &lt;b&gt;""#))
        #expect(svg.contains("<title>QR-kode til &quot;Praksisark&quot; &amp; mere &lt;b&gt;</title>"))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains(#"d="M4 4h7v1h-7z"#), "the top finder row starts inside the 4-module quiet zone")
        #expect(!svg.contains("style="), "the Content-Security-Policy forbids inline styles")
    }
}

/// The QR code's SVG is written as bytes; it must be the text of the interpolated strings.
@Suite struct QRCodeBytesTests {
    @Test func bytesGiveTheSVGOfTheStrings() throws {
        var generator = SeededGenerator()
        let letters = Array("abcæøå-/:.0123456789")
        for _ in 0..<200 {
            let path = String((0..<Int.random(in: 0...120, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
            let code = try #require(QRCode("https://klynger.kiap.dk/\(path)"))
            let label = ["QR-kode til \(path)", #"QR "x" & <y>"#, ""].randomElement(using: &generator)!
            #expect(code.svg(label: label) == code.svgByStrings(label: label), "\(generator.replay)")
        }
    }
}

extension QRCode {
    /// `svg(label:)` as interpolated strings, the plain version it must equal.
    func svgByStrings(label: String) -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard modules[y * size + x] else { x += 1; continue }
                var run = 1
                while x + run < size, modules[y * size + x + run] { run += 1 }
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let name = HTMLText.escape(label)
        return #"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(side) \#(side)" role="img" aria-label="\#(name)" shape-rendering="crispEdges">"#
            + "<title>\(name)</title>"
            + ##"<rect width="\##(side)" height="\##(side)" fill="#fff"/><path fill="#000" d="\##(path)"/></svg>"##
    }
}
