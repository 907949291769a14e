import CSystemSupport
import Foundation
import Synchronization

/// No provider number (ydernummer) of any cluster in any file of the site: the last
/// guard of the privacy rule, after every page, figure, calendar file and asset is
/// made and before anything is written. A number typed into another field (a cluster
/// named "Klynge 990101", a period column holding one) would otherwise be published.
///
/// A number counts as a whole token: not part of a longer run of letters and digits,
/// so `9901015` or an asset's hash `3f990101a` is no hit, while `>990101<`,
/// `"990101"`, `990101.` and `UID:990101@` are, in text, attributes, SVG and `.ics`.
enum ProviderNumberScan {
    struct Hit: Sendable {
        var number: String
        var file: String
        var line: Int
    }

    static func problems(in files: [OutputFile], content: SiteContent) -> [Diagnostic] {
        guard let finder = Finder(content) else { return [] }
        let found = Parallel.map(files) { finder.hits(in: $0) }
        return problems(found: zip(files.map(\.path), found).map { $0 }, finder: finder, content: content)
    }

    /// The numbers of a site's clusters, and the parts of archives read so far: made
    /// once per build (never kept for another: its parts' bytes are gone then, and
    /// their addresses may be new bytes'), used by every worker that reads files.
    final class Finder: Sendable {
        let owners: [String: (cluster: Cluster, meeting: Meeting)]
        let numbers: Numbers
        /// Decks share most parts (the same bytes in memory, see `DeckMemo`): each part is
        /// read once, its first hit kept by where its bytes are. The files hold their
        /// parts until the build ends, so no two parts' bytes share an address.
        private let partHits = Mutex<[PartBytes: Hit?]>([:])

        /// nil when no cluster has a provider number to look for.
        init?(_ content: SiteContent) {
            var owners: [String: (cluster: Cluster, meeting: Meeting)] = [:]
            for cluster in content.clusters {
                for meeting in cluster.meetings {
                    for practice in meeting.register?.practices ?? [] where owners[practice.providerNumber] == nil {
                        owners[practice.providerNumber] = (cluster, meeting)
                    }
                }
            }
            guard !owners.isEmpty else { return nil }
            self.owners = owners
            numbers = Numbers(Set(owners.keys))
        }

        /// A file's first hit; an archive's, part by part.
        func hits(in file: OutputFile) -> FileHits {
            guard !file.parts.isEmpty else { return .file(firstHit(in: file, numbers: numbers)) }
            return .parts(file.parts.map { part in
                // Data keeps a few bytes inline, at no lasting address: those are always read.
                let bytes = part.data.count > 64 ? part.data.withUnsafeBytes { $0.baseAddress.map { PartBytes(address: UInt(bitPattern: $0), count: part.data.count) } } : nil
                guard let bytes else { return (part.path, nil, firstHit(in: part, numbers: numbers)) }
                if let known = partHits.withLock({ $0[bytes] }) { return (part.path, bytes, known) }
                let hit = firstHit(in: part, numbers: numbers)
                partHits.withLock { $0[bytes] = hit }
                return (part.path, bytes, hit)
            })
        }
    }

    /// Where a part's bytes are in memory.
    struct PartBytes: Hashable, Sendable {
        var address: UInt
        var count: Int
    }

    /// What one file holds: its first hit, or each of its parts' (an archive is read as its
    /// parts unpacked: its own bytes are deflated).
    enum FileHits: Sendable {
        case file(Hit?)
        case parts([(path: String, bytes: PartBytes?, hit: Hit?)])
    }

    /// The messages for files read (`Finder.hits`), in the order of the site's files:
    /// an archive's first hit in a part no earlier file (or earlier part) holds.
    static func problems(found: [(path: String, hits: FileHits)], finder: Finder, content: SiteContent) -> [Diagnostic] {
        let owners = finder.owners
        let hits = firstHits(found)
        // One message per number: the same value usually reaches several pages.
        var reported = Set<String>()
        return hits.filter { reported.insert($0.number).inserted }.map { hit in
            let (cluster, meeting) = owners[hit.number]!
            let data = dataFile(meeting, content: content)
            let location: SourceLocation
            let put: String
            if let field = sourceField(of: hit.number, in: meeting) {
                location = field.path == "period" ? data : SourceLocation(path: meeting.path)
                put = "; it comes from '\(field.path)'"
            } else if let field = sourceField(of: hit.number, in: cluster) {
                location = SourceLocation(path: cluster.path)
                put = "; it comes from '\(field.path)'"
            } else if let (document, line) = documentLine(of: hit.number, in: content) {
                location = SourceLocation(path: document, line: line)
                put = "; it is written in this document"
            } else {
                location = data
                put = "; find the value in the cluster's files, the package or the Theme that holds it"
            }
            return .error(location, "the provider number \(hit.number) of cluster '\(cluster.slug)' would be published in \(hit.file) (line \(hit.line))\(put); provider numbers never appear on the site")
        }
    }

    /// Each file's first hit, in order; an archive's in the first of its parts that no
    /// earlier file or part holds (a part several decks share is read for the first).
    static func firstHits(_ found: [(path: String, hits: FileHits)]) -> [Hit] {
        var seen = Set<PartBytes>()
        return found.compactMap { path, found -> Hit? in
            switch found {
            case .file(let hit):
                return hit
            case .parts(let parts):
                let new = parts.filter { $0.bytes.map { seen.insert($0).inserted } ?? true }
                return new.lazy.compactMap { part in part.hit.map { Hit(number: $0.number, file: "\(path), part \(part.path)", line: $0.line) } }.first
            }
        }
    }

    /// A package document whose body holds the number as a token, and the line in its file.
    static func documentLine(of number: String, in content: SiteContent) -> (String, Int)? {
        for (_, package) in content.packages.sorted(by: { $0.key < $1.key }) {
            for document in package.documents {
                if let hit = firstHit(in: OutputFile(path: document.path, text: document.body), numbers: [number]) {
                    return (document.path, document.bodyFirstLine + hit.line - 1)
                }
            }
        }
        return nil
    }

    /// The meeting's register extract, as its package names it.
    static func dataFile(_ meeting: Meeting, content: SiteContent) -> SourceLocation {
        let file = content.packages[meeting.packageID]?.register?.file ?? "practices.csv"
        return SourceLocation(path: (meeting.path as NSString).deletingLastPathComponent + "/" + file)
    }

    /// The numbers looked for, with what the token search needs to know of them,
    /// worked out once for all the files.
    struct Numbers: Sendable {
        let set: Set<String>
        let shortest: Int, longest: Int
        /// Provider numbers are digits: then a run with a letter in it is no candidate at all.
        let digitsOnly: Int32

        init(_ set: Set<String>) {
            self.set = set
            let lengths = set.map(\.utf8.count)
            shortest = lengths.min() ?? 0
            longest = lengths.max() ?? 0
            digitsOnly = set.allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) } } ? 1 : 0
        }
    }

    /// The first whole-token provider number in a file, with its line.
    static func firstHit(in file: OutputFile, numbers: Set<String>) -> Hit? {
        firstHit(in: file, numbers: Numbers(numbers))
    }

    static func firstHit(in file: OutputFile, numbers: Numbers) -> Hit? {
        guard !numbers.set.isEmpty else { return nil }
        let (shortest, longest, digitsOnly) = (numbers.shortest, numbers.longest, numbers.digitsOnly)
        return file.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Hit? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var position = 0
            var length = 0
            while true {
                let start = klynge_next_token_skipping(base, raw.count, &position, shortest, longest, digitsOnly, &length)
                guard start >= 0 else { return nil }
                let token = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
                if numbers.set.contains(token) {
                    let line = 1 + UnsafeBufferPointer(start: base, count: start).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                    return Hit(number: token, file: file.path, line: line)
                }
            }
        }
    }

    /// The text field of a cluster's or meeting's values (`cluster.yml`, `meeting.yml` and
    /// the register's period) that holds the number as a token, by its key path, when one does.
    static func sourceField(of number: String, in source: Any) -> (path: String, value: String)? {
        var found: (String, String)?
        func visit(_ value: Any, _ path: String) {
            guard found == nil else { return }
            // The provider numbers themselves, and a cluster's meetings, which are looked at one by one.
            if path.hasSuffix("practices") || path == "meetings" { return }
            if let text = value as? String {
                if firstHit(in: OutputFile(path: "", text: text), numbers: [number]) != nil { found = (path, text) }
                return
            }
            for child in Mirror(reflecting: value).children {
                let name = child.label ?? ""
                visit(child.value, path.isEmpty ? name : (name.isEmpty ? path : "\(path).\(name)"))
            }
        }
        visit(source, "")
        guard let (path, value) = found else { return nil }
        // Mirror's names are Swift's; the register's period is the CSV's 'periode' column.
        let shown = path.replacingOccurrences(of: ".some", with: "").replacingOccurrences(of: ".given", with: "")
        return (shown.hasSuffix("register.period") ? "period" : shown, value)
    }
}
