import CQRencode
import CSystemSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A QR code made by libqrencode, drawn as inline SVG: no image file, no request,
/// sharp at any print size.
struct QRCode: Sendable, Hashable {
    /// Modules per side, without the quiet zone.
    let size: Int
    /// Row by row, `true` for a dark module.
    let modules: [Bool]

    /// Scanners need four light modules around the code.
    static let quietZone = 4

    /// Level M (15 % of the code may be lost) suits a printed handout.
    init?(_ text: String) {
        guard let (size, modules) = QREncoding.symbol(text, level: QR_ECLEVEL_M, { width, bytes in
            (width, bytes.map { $0 & 1 == 1 })
        }) else { return nil }
        self.size = size
        self.modules = modules
    }

    /// One `<path>` of the dark modules on a light square, named for screen readers.
    func svg(label: String) -> String {
        let side = size + 2 * Self.quietZone
        let name = Self.escape(label)
        var svg: [UInt8] = []
        svg.reserveCapacity(size * size + 512)
        // The path is written byte by byte: as interpolated strings it was most of a QR code's cost.
        func text(_ value: String) { svg.append(contentsOf: value.utf8) }
        func number(_ value: Int) {
            if value >= 10 { number(value / 10) }
            svg.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        text(#"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#)
        number(side)
        text(" ")
        number(side)
        text(#"" role="img" aria-label=""#)
        text(name)
        text(#"" shape-rendering="crispEdges"><title>"#)
        text(name)
        text(#"</title><rect width=""#)
        number(side)
        text(#"" height=""#)
        number(side)
        text(##"" fill="#fff"/><path fill="#000" d=""##)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard modules[y * size + x] else { x += 1; continue }
                var run = 1
                while x + run < size, modules[y * size + x + run] { run += 1 }
                svg.append(UInt8(ascii: "M"))
                number(x + Self.quietZone)
                svg.append(UInt8(ascii: " "))
                number(y + Self.quietZone)
                svg.append(UInt8(ascii: "h"))
                number(run)
                text("v1h-")
                number(run)
                svg.append(UInt8(ascii: "z"))
                x += run
            }
        }
        text(#""/></svg>"#)
        return String(decoding: svg, as: UTF8.self)
    }

    /// HTML text and attribute escaping, shared with the Theme templates.
    private static func escape(_ text: String) -> String { HTMLText.escape(text) }
}

/// The QR codes templates print.
enum QRCodes {
    /// `qr.<slug>.svg`, `.url`, `.title`: a QR code for each document's absolute address,
    /// made once per meeting (the handout and the run sheet print the practice sheet's).
    /// - Parameter use: the documents whose codes some template prints; the others are left out.
    static func values(documents: [Document], meetingURL: String, use: QRUse? = nil) -> TemplateValue {
        var codes: [String: TemplateValue] = [:]
        for document in documents where use?.includes(document.slug) ?? true {
            let url = "\(meetingURL)\(document.slug)/"
            guard let code = QRCode(url) else { continue }
            codes[document.slug] = [
                "url": .text(url),
                "title": .text(document.title),
                "svg": .text(code.svg(label: "QR-kode til \(document.title): \(url)")),
            ]
        }
        return .record(codes)
    }
}

/// libqrencode's QR codes, with the mask chosen here rather than by libqrencode.
///
/// libqrencode picks the mask by masking and scoring a copy of the symbol for each of the
/// eight masks, module by module: most of what a code costs. Its API takes no mask, but the
/// library exports two internal functions that let one be given: `Split_splitStringToQRinput`
/// (the split of a text into modes that `QRcode_encodeString` makes) and `QRcode_encodeMask`.
/// `fast` encodes with mask 0 and lets `klynge_qr_remask` score the eight masks by
/// libqrencode's rules from bit masks and turn the symbol into the winner's: the bytes
/// `QRcode_encodeString` gives, which `plain` makes and the tests compare with.
enum QREncoding {
    /// libqrencode fills its Reed–Solomon tables on first use; whether that is guarded
    /// depends on how the library was built, so its encoders run one at a time. Scoring the
    /// masks reads only the symbol being made and tables filled once (under `pthread_once`),
    /// so it runs outside.
    private static let lock = NSLock()

    /// The symbol for `text`, handed to `body` as its width and its bytes (bit 0 dark), or
    /// nil when libqrencode cannot encode the text.
    static func symbol<Value>(_ text: String, level: QRecLevel, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Value) -> Value? {
        switch fast(text, level: level, body) {
        case .made(let value): return value
        case .failed: return nil
        case .unavailable: return plain(text, level: level, body)
        }
    }

    /// `QRcode_encodeString` as it is: libqrencode chooses the mask.
    static func plain<Value>(_ text: String, level: QRecLevel, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Value) -> Value? {
        lock.lock()
        let code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1)
        lock.unlock()
        guard let code else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        return body(width, UnsafeBufferPointer(start: code.pointee.data, count: width * width))
    }

    enum Outcome<Value> {
        case made(Value)
        /// libqrencode cannot encode the text (too long for a QR code).
        case failed
        /// libqrencode lacks the internal functions, or the symbol is wider than
        /// `klynge_qr_remask` takes: `plain` makes it.
        case unavailable
    }

    /// The same symbol as `plain`'s, its mask chosen by `klynge_qr_remask`.
    static func fast<Value>(_ text: String, level: QRecLevel, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Value) -> Outcome<Value> {
        guard let internals = Internals.found else { return .unavailable }
        guard let code = internals.encode(text, level: level, mask: 0) else { return .failed }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard klynge_qr_remask(Int32(width), code.pointee.data, Int32(level.rawValue)) >= 0 else { return .unavailable }
        return .made(body(width, UnsafeBufferPointer(start: code.pointee.data, count: width * width)))
    }

    /// libqrencode's internal functions, looked up when first needed: they are not part of its
    /// API, and a libqrencode without them makes every code the plain way.
    struct Internals: Sendable {
        typealias Split = @convention(c) (UnsafePointer<CChar>?, OpaquePointer?, QRencodeMode, Int32) -> Int32
        typealias EncodeMask = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<QRcode>?
        let split: Split
        let encodeMask: EncodeMask

        /// `klynge_qr_remask` follows the mask rules of libqrencode 4.1 (its mask.c, checked
        /// against 4.1.1 by the tests); another version may score differently, so it makes its
        /// codes the plain way.
        static let found: Internals? = {
            var major: Int32 = 0, minor: Int32 = 0, micro: Int32 = 0
            QRcode_APIVersion(&major, &minor, &micro)
            guard major == 4, minor == 1, let split = symbol("Split_splitStringToQRinput"), let encodeMask = symbol("QRcode_encodeMask") else {
                return nil
            }
            return Internals(split: unsafeBitCast(split, to: Split.self), encodeMask: unsafeBitCast(encodeMask, to: EncodeMask.self))
        }()

        /// A function of the libraries the program loaded (its own handle searches them all).
        static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
            guard let program = dlopen(nil, RTLD_NOW) else { return nil }
            return dlsym(program, name)
        }

        /// `QRcode_encodeString`'s code with the given mask: the text split into modes as it
        /// splits it (8-bit hint, case-sensitive, smallest version), then encoded. The caller
        /// frees it.
        func encode(_ text: String, level: QRecLevel, mask: Int32) -> UnsafeMutablePointer<QRcode>? {
            QREncoding.lock.lock()
            defer { QREncoding.lock.unlock() }
            guard let input = QRinput_new2(0, level) else { return nil }
            defer { QRinput_free(input) }
            guard split(text, input, QR_MODE_8, 1) >= 0 else { return nil }
            return encodeMask(input, mask)
        }
    }
}
