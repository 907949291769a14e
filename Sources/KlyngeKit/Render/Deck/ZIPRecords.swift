import CSystemSupport
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
/// distinct part is deflated once, into a record of its own as ZIPFoundation would
/// write it alone in an archive, and a deck is its parts' records laid end to end
/// (`archive(_:)`). `ZIPRecordsTests` check on random parts that this gives the very
/// bytes of the entry-by-entry archive (`plainArchive(_:)`), which a build without
/// shaped rendering still writes.
struct ZIPRecord: Sendable {
    /// The local file header and the part's bytes.
    let local: Data
    /// The central-directory record, its offset field still 0.
    let central: Data
    /// The part unpacked, by its name: what the provider-number scan reads.
    let part: OutputFile

    /// Where a central-directory record holds its local record's offset.
    private static let offsetField = 42

    /// The little-endian number of `size` bytes at `offset` in a record (ZIP's fields).
    private static func field(_ data: Data, at offset: Int, size: Int) -> Int {
        (0..<size).reduce(0) { value, index in value | Int(data[data.startIndex + offset + index]) << (8 * index) }
    }
    private static let localHeaderSize = 30, centralHeaderSize = 46, endSize = 22

    /// The part as ZIPFoundation writes it alone in an archive: its bytes deflated and
    /// checked here with zlib, as ZIPFoundation does it, between the headers ZIPFoundation
    /// writes for the name (`Headers`), which spares an archive per part. `ZIPRecordsTests`
    /// compare these records with those cut out of ZIPFoundation's archives (`written(_:)`).
    init(name: String, xml: String) throws {
        try self.init(OutputFile(path: name, text: xml))
    }

    /// The same for a part given as bytes.
    init(_ part: OutputFile) throws {
        guard let record = try Self.deflated(part) else {
            self = try Self.written(part)
            return
        }
        self = record
    }

    private init(local: Data, central: Data, part: OutputFile) {
        self.local = local
        self.central = central
        self.part = part
    }

    /// The headers ZIPFoundation writes for a part of a given name, whatever its bytes,
    /// but for the fields that hold their CRC-32 and sizes. The rest is the fixed date,
    /// method, versions and permissions, and the name with its length: so the headers
    /// ZIPFoundation wrote once, for a part of no bytes, serve every name with the name
    /// put in. (ZIPFoundation writes a header of its own for each name in `written(_:)`,
    /// which the tests compare with.)
    private struct Headers: Sendable {
        /// The local file header (the record without the part's bytes).
        var local: [UInt8]
        var central: [UInt8]

        /// ZIPFoundation's headers for an empty part named `-` (nil if it could not write them).
        private static let written: Headers? = {
            guard let empty = try? ZIPRecord.written(OutputFile(path: "-", data: Data())) else { return nil }
            // The local record ends with the empty part deflated: its compressed size.
            let compressed = field(empty.local, at: 18, size: 4)
            return Headers(local: Array(empty.local.prefix(empty.local.count - compressed)), central: Array(empty.central))
        }()

        /// The headers with `name` in place of `-`: its length at 26 in the local header
        /// and at 28 in the central one, its bytes after their fixed parts (30 and 46 bytes).
        static func of(_ name: String) -> Headers? {
            guard let template = written else { return nil }
            let bytes = Array(name.utf8)
            func renamed(_ header: [UInt8], fixed: Int, lengthAt offset: Int) -> [UInt8] {
                var header = Array(header[..<fixed]) + bytes + header[(fixed + 1)...]
                header[offset] = UInt8(truncatingIfNeeded: bytes.count)
                header[offset + 1] = UInt8(truncatingIfNeeded: bytes.count >> 8)
                return header
            }
            return Headers(local: renamed(template.local, fixed: localHeaderSize, lengthAt: 26),
                           central: renamed(template.central, fixed: centralHeaderSize, lengthAt: 28))
        }
    }

    /// The record made with zlib in the headers ZIPFoundation writes for the name; nil
    /// for a part too large for a plain ZIP entry (ZIPFoundation then writes ZIP64
    /// fields) or a name too long for one, which ZIPFoundation then writes itself.
    private static func deflated(_ part: OutputFile) throws -> ZIPRecord? {
        let count = part.data.count
        guard count < 0xFFFF_0000, part.path.utf8.count <= 0xFFFF, let headers = Headers.of(part.path) else { return nil }
        let bound = klynge_deflate_part_bound(count)
        var crc: UInt32 = 0
        var written = -1
        var local = [UInt8](unsafeUninitializedCapacity: headers.local.count + bound) { buffer, initialized in
            _ = buffer.initialize(fromContentsOf: headers.local)
            written = part.data.withUnsafeBytes { bytes in
                klynge_deflate_part(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count,
                                    buffer.baseAddress! + headers.local.count, bound, &crc)
            }
            initialized = headers.local.count + max(written, 0)
        }
        guard written >= 0 else { throw DeflateFailure(name: part.path) }
        var central = headers.central
        func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }
        // CRC-32, compressed size and uncompressed size: at 14 in the local header, at 16 in the central one.
        for (offset, value) in [(0, crc), (4, UInt32(written)), (8, UInt32(count))] {
            put(value, at: 14 + offset, in: &local)
            put(value, at: 16 + offset, in: &central)
        }
        return ZIPRecord(local: Data(local), central: Data(central), part: part)
    }

    /// zlib could not deflate a part (it ran out of memory).
    struct DeflateFailure: Error {
        var name: String
    }

    /// The part written by ZIPFoundation alone in an archive, and cut out of it: the
    /// plain version of `init(name:xml:)`.
    static func written(_ part: OutputFile) throws -> ZIPRecord {
        let archive = try Archive(data: Data(), accessMode: .create)
        try Self.add(part, to: archive)
        let data = archive.data ?? Data()
        func field(_ offset: Int) -> Int { Self.field(data, at: offset, size: 2) }
        func field32(_ offset: Int) -> Int { Self.field(data, at: offset, size: 4) }
        // Local header: name length at 26, extra length at 28, deflated size at 18.
        let localLength = Self.localHeaderSize + field(26) + field(28) + field32(18)
        // Central record: name, extra and comment lengths at 28, 30 and 32.
        let centralLength = Self.centralHeaderSize + field(localLength + 28) + field(localLength + 30) + field(localLength + 32)
        guard data.count == localLength + centralLength + Self.endSize, field32(localLength + Self.offsetField) == 0 else {
            throw Archive.ArchiveError.invalidCentralDirectorySize
        }
        return ZIPRecord(local: data.subdata(in: 0..<localLength), central: data.subdata(in: localLength..<localLength + centralLength), part: part)
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
        // Every byte is written below, so the buffer is not zeroed first; the Data takes it over.
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: localSize + centralSize + endSize, alignment: 1)
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
        out.baseAddress!.advanced(by: position).initializeMemory(as: UInt8.self, repeating: 0, count: endSize)
        put(UInt32(0x0605_4B50), at: position)
        put(UInt16(records.count), at: position + 8)
        put(UInt16(records.count), at: position + 10)
        put(UInt32(centralSize), at: position + 12)
        put(UInt32(localSize), at: position + 16)
        return Data(bytesNoCopy: out.baseAddress!, count: out.count, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }

    /// The plain version: every part added to one archive in turn, as ZIPFoundation is meant to be used.
    static func plainArchive(_ parts: [OutputFile]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts { try add(part, to: archive) }
        // The archive grew by doubling; a copy of its size is kept.
        return archive.data?.withUnsafeBytes { Data($0) } ?? Data()
    }
}
