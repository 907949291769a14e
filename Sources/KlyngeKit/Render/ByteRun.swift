import Foundation

/// Bytes written through a pointer into storage that doubles when full: a literal
/// costs a capacity check and a copy, where `[UInt8]`'s generic `append(contentsOf:)`
/// and `String`'s `+=` cost several times that, and a chart or a figure slide writes
/// thousands. One writer (`SVG`, `ShapeList`) owns each run, which is never copied
/// nor shared between threads.
final class ByteRun {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `extra` more bytes. Inlined, as the appends are: they are most of a
    /// writer's calls, and the check is all they usually need.
    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    private func grow(_ extra: Int) {
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.initialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Literal text, copied from the binary without a `String` in between.
    @inline(__always)
    func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `value` in decimal digits.
    func append(decimal value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var digits = 1
        var rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        reserve(digits)
        rest = value.magnitude
        for position in stride(from: count + digits - 1, through: count, by: -1) {
            base[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }

    /// Another run's bytes put in at `offset`, the bytes from there moved after them.
    func insert(_ other: ByteRun, at offset: Int) {
        precondition(offset >= 0 && offset <= count)
        reserve(other.count)
        // `copyMemory` moves overlapping bytes as memmove does.
        UnsafeMutableRawPointer(base + offset + other.count).copyMemory(from: base + offset, byteCount: count - offset)
        UnsafeMutableRawPointer(base + offset).copyMemory(from: other.base, byteCount: other.count)
        count += other.count
    }

    /// The bytes appended to `data`.
    func appendBytes(to data: inout Data) {
        data.append(base, count: count)
    }

    /// The bytes as text (they are valid UTF-8: appended from strings and ASCII).
    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// The bytes copied into `buffer` from `offset`; the offset after them.
    func copy(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        precondition(offset + count <= buffer.count)
        if count > 0 { (buffer.baseAddress! + offset).initialize(from: base, count: count) }
        return offset + count
    }

    /// The bytes as an array (for tests).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
