import FlyingFox
import Foundation

/// `klynge serve`: serves the live site from memory on 127.0.0.1 only, and
/// rebuilds it when `Content/` or `Theme/` change.
///
/// FlyingFox rather than Hummingbird: a preview server needs a few GET routes on
/// loopback, and FlyingFox gives that on plain sockets with Swift concurrency,
/// without SwiftNIO's minutes of build time on every fresh CI machine.
public enum PreviewServer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs until cancelled. `onListening` gets the address once the socket listens;
    /// `onEvent` gets every rebuild. Make the watcher before the first build, so that
    /// no change made after that build started can be missed.
    public static func run(site: LiveSite, watcher: TreeWatcher, port: UInt16, pollInterval: Duration = .milliseconds(300),
                           onListening: @escaping @Sendable (String) -> Void,
                           onEvent: @escaping @Sendable (LiveSite.Event) -> Void) async throws {
        let address: sockaddr_in
        do {
            address = try .inet(ip4: "127.0.0.1", port: port)
        } catch {
            throw Failure(description: "cannot use port \(port): \(error)")
        }
        let server = HTTPServer(address: address, logger: .disabled, handler: Handler(site: site))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await server.run()
                } catch {
                    throw Failure(description: "cannot serve on 127.0.0.1:\(port) (\(error)); is the port in use? Choose another with --port")
                }
            }
            group.addTask {
                try await server.waitUntilListening(timeout: 30)
                if case .ip4(let host, let actualPort)? = await server.listeningAddress {
                    onListening("http://\(host):\(actualPort)/")
                }
                try await watch(site: site, watcher: watcher, every: pollInterval, onEvent: onEvent)
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Polls the tree; a burst of saves (an editor writing several files) becomes one rebuild.
    static func watch(site: LiveSite, watcher: TreeWatcher, every interval: Duration,
                      onEvent: @escaping @Sendable (LiveSite.Event) -> Void) async throws {
        var watcher = watcher
        while true {
            try await Task.sleep(for: interval)
            var changes = watcher.changes()
            guard !changes.isEmpty else { continue }
            try await Task.sleep(for: .milliseconds(100))
            changes.formUnion(watcher.changes())
            let scope = RebuildScope.of(changes, builtClusters: site.clusters, root: watcher.root)
            // Rendering is synchronous and uses every core: keep it off the pool that serves requests.
            let event = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: site.rebuild(scope)) }
            }
            onEvent(event)
        }
    }

    struct Handler: HTTPHandler {
        let site: LiveSite

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.method == .GET || request.method == .HEAD else {
                return HTTPResponse(statusCode: .methodNotAllowed, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("GET only\n".utf8))
            }
            let answer = site.response(for: request.target.path(percentEncoded: false))
            var headers: HTTPHeaders = [.contentType: answer.contentType, .cacheControl: "no-store"]
            if let location = answer.location { headers[.location] = location }
            return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: phrase(answer.status)), headers: headers,
                                body: request.method == .HEAD ? Data() : answer.body)
        }

        private func phrase(_ status: Int) -> String {
            switch status {
            case 200: return "OK"
            case 301: return "Moved Permanently"
            case 404: return "Not Found"
            default: return "Internal Server Error"
            }
        }
    }
}
