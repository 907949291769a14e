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

    /// The entity a byte is written as, or nil for a byte written as it is.
    @inline(__always)
    static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case 0x3C: "&lt;"
        case 0x3E: "&gt;"
        case 0x26: "&amp;"
        case 0x22: "&quot;"
        case 0x27: "&#39;"
        default: nil
        }
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        // Most values need nothing: look at the bytes in place first.
        let clean = utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { entity(for: $0) != nil }
        } ?? !utf8.contains(where: { entity(for: $0) != nil })
        guard !clean else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            if let entity = entity(for: byte) {
                entity.withUTF8Buffer { escaped.append(contentsOf: $0) }
            } else {
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// The same escape written into a byte run (`ShapeToken.fileData`): runs of bytes that
    /// need none are copied whole. `HTMLEscapeBytesTests` compares it with `escape`.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into run: ByteRun) {
        var start = 0
        for (index, byte) in bytes.enumerated() {
            guard let entity = entity(for: byte) else { continue }
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
