import Foundation
import ZIPFoundation

/// One part of an archive as ZIPFoundation writes it: its local record (header and
/// deflated bytes) and its central-directory record, which differ from one archive to
/// another only in the local record's offset; and the part as it reads unpacked.
///
/// Why not one `Archive` per deck with an `addEntry` per part: `addEntry` reads and
/// rewrites the archive's whole central directory each time, so a deck of 120 parts
/// copies its directory 120 times, and it reads every part for its CRC-32 a byte at a
/// time. A build writes hundreds of decks made mostly of the same parts. So each
/// distinct part is deflated and written once by ZIPFoundation, into an archive of
/// its own, and a deck is its parts' records laid end to end (`archive(_:)`).
/// `ZIPRecordsTests` check on random parts that this gives the very bytes of the
/// entry-by-entry archive (`plainArchive(_:)`), which a build without shaped
/// rendering still writes.
struct ZIPRecord: Sendable {
    /// The local file header and the part's bytes.
    let local: Data
    /// The central-directory record, its offset field still 0.
    let central: Data
    /// The part unpacked, by its name: what the provider-number scan reads.
    let part: OutputFile

    /// Where a central-directory record holds its local record's offset.
    private static let offsetField = 42
    private static let localHeaderSize = 30, centralHeaderSize = 46, endSize = 22

    /// The part written by ZIPFoundation alone in an archive, and cut out of it.
    init(name: String, xml: String) throws {
        try self.init(OutputFile(path: name, text: xml))
    }

    private init(_ part: OutputFile) throws {
        self.part = part
        let archive = try Archive(data: Data(), accessMode: .create)
        try Self.add(part, to: archive)
        let data = archive.data ?? Data()
        func field(_ offset: Int) -> Int { Int(data[offset]) | Int(data[offset + 1]) << 8 }
        func field32(_ offset: Int) -> Int { field(offset) | field(offset + 2) << 16 }
        // Local header: name length at 26, extra length at 28, deflated size at 18.
        let localLength = Self.localHeaderSize + field(26) + field(28) + field32(18)
        // Central record: name, extra and comment lengths at 28, 30 and 32.
        let centralLength = Self.centralHeaderSize + field(localLength + 28) + field(localLength + 30) + field(localLength + 32)
        guard data.count == localLength + centralLength + Self.endSize, field32(localLength + Self.offsetField) == 0 else {
            throw Archive.ArchiveError.invalidCentralDirectorySize
        }
        local = data.subdata(in: 0..<localLength)
        central = data.subdata(in: localLength..<localLength + centralLength)
    }

    /// ZIPFoundation's entry for a part: deflated, with the one fixed date of every deck.
    static func add(_ part: OutputFile, to archive: Archive) throws {
        let bytes = part.data
        try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: PPTXWriter.entryDate,
                             compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// The records in order, each directory record given its local record's offset,
    /// and the end record counting them (no ZIP64: a deck stays far below 4 GB and 65,535 parts).
    static func archive(_ records: [ZIPRecord]) -> Data {
        let localSize = records.reduce(0) { $0 + $1.local.count }
        let centralSize = records.reduce(0) { $0 + $1.central.count }
        var data = Data(count: localSize + centralSize + endSize)
        data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) in
            var position = 0
            func put(_ bytes: Data) {
                guard !bytes.isEmpty else { return }
                bytes.withUnsafeBytes { out.baseAddress!.advanced(by: position).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                position += bytes.count
            }
            func put<Integer: FixedWidthInteger>(_ value: Integer, at offset: Int) {
                withUnsafeBytes(of: value.littleEndian) { out.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
            for record in records { put(record.local) }
            var offset = 0
            for record in records {
                put(record.central)
                put(UInt32(offset), at: position - record.central.count + offsetField)
                offset += record.local.count
            }
            // The end record: disk 0 of 0, the count twice, the directory's size and offset, no comment.
            put(UInt32(0x0605_4B50), at: position)
            put(UInt16(records.count), at: position + 8)
            put(UInt16(records.count), at: position + 10)
            put(UInt32(centralSize), at: position + 12)
            put(UInt32(localSize), at: position + 16)
        }
        return data
    }

    /// The plain version: every part added to one archive in turn, as ZIPFoundation is meant to be used.
    static func plainArchive(_ parts: [OutputFile]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts { try add(part, to: archive) }
        // The archive grew by doubling; a copy of its size is kept.
        return archive.data?.withUnsafeBytes { Data($0) } ?? Data()
    }
}
