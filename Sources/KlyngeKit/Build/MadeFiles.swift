import Foundation
import Synchronization

/// The files of a build as its workers make them, each handled at once on the worker
/// that made it, while it is still in the cache: its pages read for the link check,
/// every file read for provider numbers, then written into the staging folder. The
/// checks themselves still run once everything is made, in the order of the site's
/// files, so their findings and messages are those of a check over the whole site.
///
/// `keepingData`: false lets each file's bytes go once written (an archive keeps its
/// unpacked parts, which the provider-number check tells apart by where their bytes
/// are); the build then holds only the pages' links and ids, not the site.
final class MadeFiles: Sendable {
    private let staging: StagingSink
    let finder: ProviderNumberScan.Finder?
    private let keepingData: Bool

    private struct Batch: Sendable {
        var order: Int
        var files: [OutputFile]
        var pages: [LinkCheck.ScannedPage]
        var hits: [ProviderNumberScan.FileHits]
    }

    private let batches = Mutex<[Batch]>([])

    init(staging: StagingSink, finder: ProviderNumberScan.Finder?, keepingData: Bool) {
        self.staging = staging
        self.finder = finder
        self.keepingData = keepingData
    }

    /// One worker's files; `order` places them among the site's files (the meetings in
    /// their order, then the clusters' and the site's own files).
    func add(_ files: [OutputFile], order: Int) {
        let pages = files.filter { $0.path.hasSuffix(".html") }.map { LinkCheck.scan($0) }
        let hits = finder.map { finder in files.map { finder.hits(in: $0) } } ?? []
        staging.write(files)
        let kept = keepingData ? files : files.map { OutputFile(path: $0.path, data: Data(), parts: $0.parts) }
        batches.withLock { $0.append(Batch(order: order, files: kept, pages: pages, hits: hits)) }
    }

    /// Everything added, in the site's order: the files (without their bytes unless
    /// kept), the pages read (sorted by path, as the link check wants them) and each
    /// file's provider-number hits.
    func take() -> (files: [OutputFile], pages: [LinkCheck.ScannedPage], hits: [(path: String, hits: ProviderNumberScan.FileHits)]) {
        let batches = batches.withLock { $0 }.sorted { $0.order < $1.order }
        let files = batches.flatMap(\.files)
        let pages = batches.flatMap(\.pages).sorted { $0.path < $1.path }
        let hits = finder == nil ? [] : zip(files.map(\.path), batches.flatMap(\.hits)).map { (path: $0, hits: $1) }
        return (files, pages, hits)
    }
}
