import CSystemSupport

/// Byte-level search and replace on UTF-8. Foundation's `replacingOccurrences`
/// and `range(of:)` go through NSString on Linux and measured as a third of all
/// build instructions (callgrind, see BENCHMARKS.md); these do the same in one pass.
extension String {
    /// Every occurrence of `target` replaced by what `replacement` returns for it.
    /// The closure sees the text between `target` and the next `terminator`
    /// (both removed), or nil when `terminator` is nil.
    func replacingEach(_ target: String, upTo terminator: String? = nil, with replacement: (Substring?) -> String) -> String {
        var source = self
        return source.withUTF8 { haystack -> String in
            guard let base = haystack.baseAddress else { return self }
            let needle = Array(target.utf8)
            let end = terminator.map { Array($0.utf8) }
            var output: [UInt8] = []
            var copied = 0
            var position = 0
            while position < haystack.count,
                  let hit = klynge_memmem(base + position, haystack.count - position, needle, needle.count) {
                let start = base.distance(to: UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self))
                var after = start + needle.count
                var inner: Substring?
                if let end {
                    guard let close = klynge_memmem(base + after, haystack.count - after, end, end.count) else { break }
                    let closeStart = base.distance(to: UnsafeRawPointer(close).assumingMemoryBound(to: UInt8.self))
                    inner = Substring(decoding: UnsafeBufferPointer(rebasing: haystack[after..<closeStart]), as: UTF8.self)
                    after = closeStart + end.count
                }
                if output.isEmpty { output.reserveCapacity(haystack.count + 1024) }
                output.append(contentsOf: haystack[copied..<start])
                output.append(contentsOf: replacement(inner).utf8)
                copied = after
                position = after
            }
            guard copied > 0 else { return self }
            output.append(contentsOf: haystack[copied...])
            return String(decoding: output, as: UTF8.self)
        }
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        replacingEach(target) { _ in replacement }
    }
}

extension StringProtocol {
    /// Without spaces and tabs at either end. Foundation's `trimmingCharacters(in:)`
    /// bridges through NSString on Linux; CSV cells and template tags call this often.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
