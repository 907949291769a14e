import CQRencode
import CSystemSupport
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
        let letters = Array("abcæøå-/:.0123456789")
        try Differential.check(count: 200, input: { generator in
            let path = String((0..<Int.random(in: 0...120, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
            let code = try #require(QRCode("https://klynger.kiap.dk/\(path)"))
            return (path: path, code: code, label: ["QR-kode til \(path)", #"QR "x" & <y>"#, ""].randomElement(using: &generator)!)
        }, describe: { "path \($0.path.debugDescription), label \($0.label.debugDescription)" },
        plain: { $0.code.svgByStrings(label: $0.label) }, fast: { $0.code.svg(label: $0.label) })
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

/// `QREncoding.fast` chooses the mask itself (`klynge_qr_remask`); every symbol must be
/// the one libqrencode's `QRcode_encodeString` makes, byte for byte.
@Suite struct QREncodingTests {
    private struct Symbol: Equatable {
        let width: Int
        let bytes: [UInt8]
    }

    private static let levels = [QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H]

    /// Addresses like the site's, and texts that make libqrencode split into numeric,
    /// alphanumeric and 8-bit runs, of lengths from empty to over what the fast path takes.
    private static func text(using random: inout SeededGenerator) -> String {
        let alphabets: [[Character]] = [
            Array("abcdefghijklmnopqrstuvwxyz0123456789-/"),
            Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:"),
            Array("0123456789"),
            Array("aæøåÆØÅé-/0123456789"),
            Array("abc012AB:/?=&#%~_.,;'\"<>() \t"),
        ]
        let length = Bool.random(using: &random) ? Int.random(in: 0...80, using: &random) : Int.random(in: 0...320, using: &random)
        var text = Int.random(in: 0..<3, using: &random) == 0 ? "" : "https://klynger.kiap.dk/"
        var alphabet = alphabets.randomElement(using: &random)!
        while text.unicodeScalars.count < length {
            if Int.random(in: 0..<12, using: &random) == 0 { alphabet = alphabets.randomElement(using: &random)! }
            if Int.random(in: 0..<40, using: &random) == 0 {
                // Any scalar but NUL, which ends a C string.
                let value = UInt32.random(in: 1...0x10FFFF, using: &random)
                text.unicodeScalars.append(Unicode.Scalar(value) ?? "€")
            } else {
                text.append(alphabet.randomElement(using: &random)!)
            }
        }
        return text
    }

    private static func copy(_ width: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
        Symbol(width: width, bytes: Array(bytes))
    }

    @Test func theFastPathGivesLibqrencodesSymbols() throws {
        var random = SeededGenerator()
        var made = 0, widths = Set<Int>()
        for _ in 0..<6000 {
            let text = Self.text(using: &random)
            let level = Self.levels.randomElement(using: &random)!
            let plain = QREncoding.plain(text, level: level, Self.copy)
            switch QREncoding.fast(text, level: level, Self.copy) {
            case .made(let symbol):
                made += 1
                widths.insert(symbol.width)
                let same = symbol == plain
                #expect(same, "\(text.debugDescription), level \(level.rawValue); \(random.replay)")
            case .failed:
                #expect(plain == nil, "\(text.debugDescription), level \(level.rawValue); \(random.replay)")
            case .unavailable:
                let internals = QREncoding.Internals.found != nil
                #expect(!internals || (plain?.width ?? 0) > Int(KLYNGE_QR_WIDTH_MAX), "\(text.debugDescription); \(random.replay)")
            }
            let same = QREncoding.symbol(text, level: level, Self.copy) == plain
            #expect(same, "\(text.debugDescription); \(random.replay)")
        }
        if QREncoding.Internals.found != nil {
            #expect(made > 4000, "the fast path made \(made) of 6000")
            #expect(widths.count == 11, "versions 1 to 11: \(widths.sorted())")
        }
        #expect(QREncoding.fast("", level: QR_ECLEVEL_M, Self.copy).symbol == QREncoding.plain("", level: QR_ECLEVEL_M, Self.copy))
        let tooLong = String(repeating: "æ", count: 3000)
        #expect(QRCode(tooLong) == nil && QREncoding.plain(tooLong, level: QR_ECLEVEL_M, Self.copy) == nil)
    }

    /// Debian's libqrencode 4.1.1, which Klynge is built with, has the internal functions.
    @Test func libqrencode4_1_1TakesTheFastPath() {
        guard String(cString: QRcode_APIVersionString()) == "4.1.1" else { return }
        #expect(QREncoding.Internals.found != nil)
    }

    /// libqrencode's own `Mask_evaluateSymbol` (N1–N3), also exported, against
    /// `klynge_qr_evaluate` on random frames of every width the fast path takes, dense
    /// with finder-like patterns of every size, near the edges too, in rows and columns.
    @Test func theScoresAreLibqrencodes() throws {
        typealias Evaluate = @convention(c) (Int32, UnsafeMutablePointer<UInt8>?) -> Int32
        guard let found = QREncoding.Internals.symbol("Mask_evaluateSymbol") else { return }
        let evaluate = unsafeBitCast(found, to: Evaluate.self)
        Differential.check(count: 8000, input: { random in
            let width = Int.random(in: 1...Int(KLYNGE_QR_WIDTH_MAX), using: &random)
            let largest = Int.random(in: 1...max(1, width / 7), using: &random)
            var frame = [UInt8](repeating: 0, count: width * width)
            for y in 0..<width {
                var x = 0
                while x < width {
                    let f = Int.random(in: 1...largest, using: &random)
                    let runs: [(UInt8, Int)]
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: runs = [(1, f), (0, f), (1, 3 * f), (0, f), (1, f)]
                    case 1: runs = [(0, Int.random(in: 1...(5 * f), using: &random))]
                    default: runs = [(1, Int.random(in: 1...(5 * f), using: &random))]
                    }
                    for (dark, length) in runs {
                        for _ in 0..<length where x < width {
                            // Other bits of the byte (libqrencode's flags) must not count.
                            frame[y * width + x] = dark | (UInt8.random(in: 0...255, using: &random) & 0xC4)
                            x += 1
                        }
                    }
                }
            }
            if Bool.random(using: &random) {
                for y in 0..<width { for x in (y + 1)..<max(y + 1, width) { frame.swapAt(y * width + x, x * width + y) } }
            }
            return (width: width, frame: frame)
        }, describe: { "a frame \($0.width) wide" }, plain: { input in
            var frame = input.frame
            return evaluate(Int32(input.width), &frame)
        }, fast: { input in
            input.frame.withUnsafeBufferPointer { klynge_qr_evaluate(Int32(input.width), $0.baseAddress) }
        })
    }

    /// What `klynge_qr_penalties` returns, and the eight masks' scores.
    private struct Scores: Equatable {
        var status: Int32 = 0
        var masks: [Int]
    }

    /// Every mask's whole score, format information and dark share (N4) included, against
    /// libqrencode's symbol for that mask scored by `Mask_evaluateSymbol`.
    @Test func everyMasksScoreIsLibqrencodes() throws {
        typealias Evaluate = @convention(c) (Int32, UnsafeMutablePointer<UInt8>?) -> Int32
        guard let internals = QREncoding.Internals.found, let found = QREncoding.Internals.symbol("Mask_evaluateSymbol") else { return }
        let evaluate = unsafeBitCast(found, to: Evaluate.self)
        try Differential.check(tries: 500, input: { random -> (text: String, level: QRecLevel, width: Int, symbol: [UInt8])? in
            let text = Self.text(using: &random)
            let level = Self.levels.randomElement(using: &random)!
            guard let code = internals.encode(text, level: level, mask: 0) else { return nil }
            defer { QRcode_free(code) }
            let width = Int(code.pointee.width)
            guard width <= Int(KLYNGE_QR_WIDTH_MAX) else { return nil }
            return (text: text, level: level, width: width, symbol: Array(UnsafeBufferPointer(start: code.pointee.data, count: width * width)))
        }, describe: { "\($0.text.debugDescription), level \($0.level.rawValue)" }, plain: { input in
            try Scores(masks: (0..<8).map { mask in
                let masked = try #require(internals.encode(input.text, level: input.level, mask: Int32(mask)))
                defer { QRcode_free(masked) }
                let area = input.width * input.width
                let dark = (0..<area).reduce(0) { $0 + Int(masked.pointee.data[$1] & 1) }
                let percent = (200 * dark + area) / area / 2
                return Int(evaluate(Int32(input.width), masked.pointee.data)) + abs(percent - 50) / 5 * 10
            })
        }, fast: { input in
            var ours = [Int32](repeating: 0, count: 8)
            let status = klynge_qr_penalties(Int32(input.width), input.symbol, Int32(input.level.rawValue), &ours)
            return Scores(status: status, masks: ours.map(Int.init))
        })
    }
}

extension QREncoding.Outcome {
    var symbol: Value? {
        if case .made(let value) = self { return value }
        return nil
    }
}
