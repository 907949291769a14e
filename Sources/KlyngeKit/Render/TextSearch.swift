import CSystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// Byte-level search and replace on UTF-8. Foundation's `replacingOccurrences`
/// and `range(of:)` go through NSString on Linux; these do the same in one pass
/// (what that cost is in BENCHMARKS.md).
extension String {
    /// Every occurrence of `target` replaced by what `replacement` returns for it.
    /// The closure sees the text between `target` and the next `terminator`
    /// (both removed), or nil when `terminator` is nil.
    func replacingEach(_ target: String, upTo terminator: String? = nil, with replacement: (Substring?) -> String) -> String {
        var source = self
        // Offsets found in the bytes become indices of `source`: the output is built
        // from slices of this valid string, so it is not validated as UTF-8 again.
        // UTF-8 synchronises itself: a match of a valid needle starts and ends on
        // scalar boundaries, so every index is one.
        let cuts: [(start: Int, innerEnd: Int?, after: Int)] = source.withUTF8 { haystack in
            let needle = Array(target.utf8)
            let end = terminator.map { Array($0.utf8) }
            var cuts: [(start: Int, innerEnd: Int?, after: Int)] = []
            var position = 0
            while let start = ByteSearch.find(needle, in: haystack, from: position) {
                var after = start + needle.count
                var innerEnd: Int?
                if let end {
                    guard let close = ByteSearch.find(end, in: haystack, from: after) else { break }
                    innerEnd = close
                    after = close + end.count
                }
                cuts.append((start, innerEnd, after))
                position = after
            }
            return cuts
        }
        guard !cuts.isEmpty else { return self }
        let utf8 = source.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var output = ""
        output.reserveCapacity(utf8.count + 1024)
        var copied = 0
        for cut in cuts {
            output += source[index(copied)..<index(cut.start)]
            let inner = cut.innerEnd.map { source[index(cut.start + target.utf8.count)..<index($0)] }
            output += replacement(inner)
            copied = cut.after
        }
        output += source[index(copied)...]
        return output
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        replacingEach(target) { _ in replacement }
    }

    /// Whether every occurrence of the needle's bytes has ASCII bytes (or the text's ends)
    /// on both sides: nothing then combines with its first or last character, so a
    /// search by canonical equivalence (Foundation's) finds exactly these occurrences.
    func occurrencesStandBetweenASCII(of needle: String) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            let needle = Array(needle.utf8)
            var position = 0
            while let start = ByteSearch.find(needle, in: bytes, from: position) {
                let end = start + needle.count
                if start > 0, bytes[start - 1] >= 0x80 { return false }
                if end < bytes.count, bytes[end] >= 0x80 { return false }
                position = end
            }
            return true
        }
    }

    /// Whether the text's UTF-8 holds the needle's bytes.
    func containsBytes(of needle: String) -> Bool {
        let needle = Array(needle.utf8)
        func search(_ haystack: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = haystack.baseAddress else { return needle.isEmpty }
            return needle.isEmpty || klynge_memmem(base, haystack.count, needle, needle.count) != nil
        }
        return utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
    }
}

enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `bytes` at or after `start`.
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
              let hit = klynge_memmem(base + start, bytes.count - start, needle, needle.count) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

extension StringProtocol {
    /// Without spaces and tabs at either end, as a slice. Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString on Linux.
    var trimmedSpaces: SubSequence {
        let range = utf8.spaceTrimmedRange
        return self[range.lowerBound..<range.upperBound]
    }

    /// Without spaces and tabs at either end.
    var trimmingSpaces: String { String(trimmedSpaces) }
}

extension Collection where Element == UInt8 {
    /// The UTF-8 without spaces and tabs at either end. Both are single bytes that no
    /// longer sequence contains, so the ends are always between scalars.
    var spaceTrimmedRange: Range<Index> {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return endIndex..<endIndex }
        var end = index(after: first)
        var next = end
        while next < endIndex {
            if !isSpace(self[next]) { end = index(after: next) }
            next = index(after: next)
        }
        return first..<end
    }
}

/// A text equal to another, and hashed, by its UTF-8 bytes, not by Unicode's canonical
/// equivalence as Strings are: a memo keyed by text (`DeckMemo`) must never hand one
/// text's bytes to a text that only looks the same (é written as one scalar or as two).
struct ExactText: Hashable, Sendable {
    var text: String

    init(_ text: String) { self.text = text }

    /// Compared with `memcmp`: the generic `elementsEqual` over UTF-8 views walks byte by byte.
    static func == (left: ExactText, right: ExactText) -> Bool {
        guard left.text.utf8.count == right.text.utf8.count else { return false }
        var left = left.text, right = right.text
        return left.withUTF8 { a in right.withUTF8 { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)  // never in UTF-8: two texts hashed in a row cannot run into each other
    }
}
