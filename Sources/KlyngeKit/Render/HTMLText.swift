import Mustache

/// HTML escaping for Theme templates. swift-mustache's own escape walks
/// Characters through a dictionary; this one checks the UTF-8 bytes and returns
/// most values untouched. Theme templates get it through a pragma Klynge adds when it
/// loads them, so template authors write plain `{{value}}`.
struct HTMLText: MustacheContentType {
    static let name = "KLYNGE_HTML"
    static let pragma = "{{% CONTENT_TYPE: KLYNGE_HTML }}"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        // Most values need nothing: look at the bytes in place first.
        let clean = utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }
        } ?? !utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 })
        guard !clean else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            case 0x27: escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// The same escape written into a byte run (`ShapeToken.fileData`): runs of bytes that
    /// need none are copied whole. `HTMLEscapeBytesTests` compares it with `escape`.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into run: ByteRun) {
        var start = 0
        for (index, byte) in bytes.enumerated() {
            let entity: StaticString
            switch byte {
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x26: entity = "&amp;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default: continue
            }
            run.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            run.append(entity)
            start = index + 1
        }
        run.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    static let registered: Bool = {
        MustacheContentTypes.register(HTMLText(), named: name)
        return true
    }()
}
