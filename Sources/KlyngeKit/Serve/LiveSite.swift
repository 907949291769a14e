import Foundation
import Synchronization

/// The site `klynge serve` shows: the last good build, kept in memory, and the
/// errors of the latest build when it failed. Rebuilt by one task; read by the
/// server's request tasks.
public final class LiveSite: Sendable {
    /// What one build did, for the terminal.
    public enum Event: Sendable {
        case built(BuildReport, seconds: Double, scope: RebuildScope, newWarnings: [Diagnostic])
        case failed([Diagnostic])
    }

    /// An answer to a request, before it becomes HTTP.
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var contentType: String
        public var body: Data
        public var location: String?
    }

    private let options: BuildOptions
    /// Everything a build changes, behind one lock: a request sees one build's files,
    /// errors and version together.
    private struct State {
        var files: [String: Data] = [:]
        var lastGood: [OutputFile]?
        var builtClusters = Set<String>()
        var errors: [Diagnostic] = []
        var warnings = Set<Diagnostic>()
        /// Changes not yet in a good build: a failed build's changes are rebuilt with the next.
        var pending: RebuildScope?
        var counter = 0
    }
    private let state = Mutex(State())
    /// Differs between runs, so a page left open across a restart reloads too.
    private let session = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    public init(options: BuildOptions) {
        var options = options
        options.reuse = nil
        self.options = options
    }

    public var version: String { state.withLock { "\(session)-\($0.counter)" } }

    public var clusters: Set<String> { state.withLock { $0.builtClusters } }

    /// Builds in memory; on errors the last good site stays, marked with them.
    @discardableResult
    public func rebuild(_ scope: RebuildScope) -> Event {
        let started = Date()
        let (scope, reuse) = state.withLock { state -> (RebuildScope, [OutputFile]?) in
            let merged = state.pending.map { $0.merged(with: scope) } ?? scope
            state.pending = merged
            return (merged, state.lastGood)
        }
        var options = self.options
        if case .clusters(let changed) = scope, let reuse {
            options.reuse = ReusedPages(files: reuse, changedClusters: changed)
        }
        let built: RebuildScope = options.reuse == nil ? .everything : scope
        let result = SiteBuilder.render(options)
        return state.withLock { state in
            state.counter += 1
            switch result {
            case .success(let report):
                state.lastGood = report.files
                // The build refuses two files at one path; should one slip through, keep the first, never trap.
                state.files = Dictionary(report.files.map { ($0.path, $0.data) }, uniquingKeysWith: { first, _ in first })
                state.builtClusters = Set(report.clusterSlugs)
                state.errors = []
                state.pending = nil
                let newWarnings = report.warnings.filter { !state.warnings.contains($0) }
                state.warnings = Set(report.warnings)
                return .built(report, seconds: Date().timeIntervalSince(started), scope: built, newWarnings: newWarnings)
            case .failure(let failure):
                state.errors = failure.diagnostics.filter { $0.severity == .error }
                return .failed(failure.diagnostics)
            }
        }
    }

    /// The file for a URL path: `/x/` is `x/index.html`, `/x` redirects to `/x/`
    /// when that is a page, as static hosts do. HTML gets the reload script.
    public func response(for path: String) -> Response {
        let (files, errors, version, hasSite) = state.withLock { ($0.files, $0.errors, "\(session)-\($0.counter)", $0.lastGood != nil) }
        switch path {
        case LiveReload.versionPath:
            return Response(status: 200, contentType: "text/plain; charset=utf-8", body: Data(version.utf8))
        case LiveReload.scriptPath:
            return Response(status: 200, contentType: "text/javascript; charset=utf-8", body: Data(LiveReload.script.utf8))
        case LiveReload.stylesheetPath:
            return Response(status: 200, contentType: "text/css; charset=utf-8", body: Data(LiveReload.stylesheet.utf8))
        default:
            break
        }
        guard hasSite else {
            return Response(status: 500, contentType: "text/html; charset=utf-8",
                            body: Data(LiveReload.errorPage(errors, version: version).utf8))
        }
        var key = String(path.drop { $0 == "/" })
        if key.isEmpty || key.hasSuffix("/") { key += "index.html" }
        guard let data = files[key] else {
            if files[key + "/index.html"] != nil {
                // Built from the key, which has no leading slash: `//x` must not become
                // the protocol-relative `//x/`, an address on another host.
                return Response(status: 301, contentType: "text/plain; charset=utf-8", body: Data(), location: "/\(key.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? key)/")
            }
            return Response(status: 404, contentType: "text/html; charset=utf-8",
                            body: Data(LiveReload.notFoundPage(path, errors: errors, version: version).utf8))
        }
        let type = Self.contentType(key)
        guard type.hasPrefix("text/html") else { return Response(status: 200, contentType: type, body: data) }
        let html = LiveReload.inject(into: String(decoding: data, as: UTF8.self), version: version, errors: errors)
        return Response(status: 200, contentType: type, body: Data(html.utf8))
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "ics": return "text/calendar; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "pdf": return "application/pdf"
        case "json": return "application/json"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}
