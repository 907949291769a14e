import CQRencode
import Foundation

/// A QR code made by libqrencode, drawn as inline SVG: no image file, no request,
/// sharp at any print size.
struct QRCode: Sendable, Hashable {
    /// Modules per side, without the quiet zone.
    let size: Int
    /// Row by row, `true` for a dark module.
    let modules: [Bool]

    /// Scanners need four light modules around the code.
    static let quietZone = 4

    /// libqrencode fills its Reed–Solomon tables on first use; whether that is
    /// guarded depends on how the library was built, so encode one at a time.
    private static let lock = NSLock()

    /// Level M (15 % of the code may be lost) suits a printed handout.
    init?(_ text: String) {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: size * size)
        self.size = size
        modules = data.map { $0 & 1 == 1 }
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
