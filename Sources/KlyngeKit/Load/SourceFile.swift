import Foundation

/// A text file of the content tree, read as UTF-8, with its path relative to the root.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Reads a file; non-UTF-8 bytes are reported at their line and column instead of
    /// being replaced silently, since a Windows-1252 export would otherwise garble names.
    static func read(_ url: URL, relativePath: String, log: DiagnosticLog) -> SourceFile? {
        read(atPath: url.path, relativePath: relativePath, log: log)
    }

    static func read(atPath path: String, relativePath: String, log: DiagnosticLog) -> SourceFile? {
        guard let bytes = contents(atPath: path) else {
            log.error(SourceLocation(path: relativePath), "cannot read the file")
            return nil
        }
        // As `String(data:encoding:)`, which also drops a leading byte order mark.
        guard var text = String(bytes: bytes, encoding: .utf8) else {
            log.error(firstInvalidUTF8(in: Data(bytes), path: relativePath),
                      "the file is not UTF-8 text; save it as UTF-8 (in Excel: \"CSV UTF-8\")")
            return nil
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if let at = MarkdownText.valueAtPosition(in: text) {
            log.error(SourceLocation(path: relativePath, line: at.line, column: at.column),
                      "the private-use character U+E040 is not allowed here: Klynge uses it inside; write '@' or remove it")
            return nil
        }
        return SourceFile(path: relativePath, text: text)
    }

    /// The file's bytes through `open`/`read`: `Data(contentsOf:)` cost more than the
    /// reading itself for a few hundred small files.
    static func contents(atPath path: String) -> [UInt8]? {
        // O_NONBLOCK: should a FIFO slip past the checks before (a file replaced in the
        // moment between), opening it returns at once instead of waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return nil }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    private static func firstInvalidUTF8(in data: Data, path: String) -> SourceLocation {
        var line = 1, column = 1
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return SourceLocation(path: path, line: line, column: column)
            }
            let end = data.index(index, offsetBy: length, limitedBy: data.endIndex) ?? data.endIndex
            if end - index < length || data[index..<end].dropFirst().contains(where: { $0 & 0xC0 != 0x80 }) {
                return SourceLocation(path: path, line: line, column: column)
            }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            index = end
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    /// Location of a character offset (in Characters) in this file's text.
    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }
}

/// POSIX `read`, which `SourceFile.read` hides inside the type.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
