import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `klynge serve`: serves the live site from memory on 127.0.0.1 only, and
/// rebuilds it when `Content/` or `Theme/` change.
///
/// A small HTTP/1.1 server of its own on plain sockets, one request per connection.
/// It used to be FlyingFox, which reads a request line or header of any length byte
/// by byte (200 KB kept it busy for half a minute, after the client had gone) and
/// answers any `Host`. Any web page can make the browser send a request to
/// 127.0.0.1, so both matter here: the request line and the headers are capped at
/// 8 KB each (as nginx does), answered 414 and 431, and only the loopback names of
/// this server are answered (`Host` 127.0.0.1, localhost or [::1] with the port),
/// so a page on another name (DNS rebinding) cannot read the preview.
public enum PreviewServer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The longest request line, and the largest block of headers after it.
    static let maximumRequestLine = 8 * 1024
    static let maximumHeaders = 8 * 1024
    /// A client that sends nothing for this long is dropped.
    static let idleSeconds = 10

    /// Runs until cancelled. `onListening` gets the address once the socket listens;
    /// `onEvent` gets every rebuild. Make the watcher before the first build, so that
    /// no change made after that build started can be missed.
    public static func run(site: LiveSite, watcher: TreeWatcher, port: UInt16, pollInterval: Duration = .milliseconds(300),
                           onListening: @escaping @Sendable (String) -> Void,
                           onEvent: @escaping @Sendable (LiveSite.Event) -> Void) async throws {
        let listener = try Listener(port: port)
        let thread = Thread {
            listener.acceptConnections { descriptor in
                DispatchQueue.global().async { serve(descriptor, site: site, port: listener.port) }
            }
        }
        thread.start()
        defer { listener.close() }
        onListening("http://127.0.0.1:\(listener.port)/")
        try await watch(site: site, watcher: watcher, every: pollInterval, onEvent: onEvent)
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

    // MARK: - One connection

    /// Reads one request head within the limits, answers it, and closes the connection.
    static func serve(_ descriptor: Int32, site: LiveSite, port: UInt16) {
        defer { Glibc.close(descriptor) }
        var timeout = timeval(tv_sec: idleSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var head = RequestHead.parse(buffer)
        while case .incomplete = head {
            let got = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return } // gone, or silent too long
            buffer += chunk[0..<got]
            head = RequestHead.parse(buffer)
        }
        let answer = respond(to: head, site: site, port: port)
        send(answer, to: descriptor)
        if case .complete = head { return }
        // Refused before the whole head arrived: stop writing, then take (and drop) a
        // little of what the client still sends, so that it reads the answer instead of
        // a reset; never more than a bounded amount, and never longer than the timeout.
        shutdown(descriptor, Int32(SHUT_WR))
        var drained = 0
        while drained < 1 << 20 {
            let got = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { break }
            drained += got
        }
    }

    struct Answer: Equatable {
        var status: Int
        var headers: [(String, String)]
        var body: Data
        var sendsBody = true

        static func == (a: Answer, b: Answer) -> Bool {
            a.status == b.status && a.body == b.body && a.headers.map { "\($0.0): \($0.1)" } == b.headers.map { "\($0.0): \($0.1)" }
        }

        static func plain(_ status: Int, _ text: String) -> Answer {
            Answer(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data((text + "\n").utf8))
        }
    }

    /// The names under which this server may be asked for: the loopback ones, with its port.
    static func allowedHosts(port: UInt16) -> Set<String> {
        ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"]
    }

    static func respond(to head: RequestHead.Result, site: LiveSite, port: UInt16) -> Answer {
        switch head {
        case .incomplete: return .plain(400, "Bad Request")
        case .requestLineTooLong: return .plain(414, "The request line is longer than \(maximumRequestLine / 1024) KB")
        case .headersTooLarge: return .plain(431, "The request's headers are larger than \(maximumHeaders / 1024) KB")
        case .bad(let why): return .plain(400, why)
        case .complete(let request):
            guard let host = request.host else { return .plain(400, "A Host header is needed") }
            guard allowedHosts(port: port).contains(host.lowercased()) else {
                return .plain(421, "This preview answers only at http://127.0.0.1:\(port)/ (or localhost, [::1])")
            }
            guard request.method == "GET" || request.method == "HEAD" else {
                return Answer(status: 405, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Allow", "GET, HEAD")], body: Data("GET only\n".utf8))
            }
            // Origin form only (`/path?query`); the query and fragment do not choose a file.
            guard request.target.hasPrefix("/"),
                  let path = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first
                    .flatMap({ $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first })
                    .flatMap({ String($0).removingPercentEncoding }) else {
                return .plain(400, "The request's target must be a path")
            }
            let response = site.response(for: path)
            var headers = [("Content-Type", response.contentType), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
            if let location = response.location { headers.append(("Location", location)) }
            return Answer(status: response.status, headers: headers, body: response.body, sendsBody: request.method != "HEAD")
        }
    }

    static func send(_ answer: Answer, to descriptor: Int32) {
        var head = "HTTP/1.1 \(answer.status) \(phrase(answer.status))\r\n"
        for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(answer.body.count)\r\nConnection: close\r\n\r\n"
        var bytes = Data(head.utf8)
        if answer.sendsBody { bytes += answer.body }
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                // MSG_NOSIGNAL: a client that has gone must not end the server with SIGPIPE.
                let wrote = Glibc.send(descriptor, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if wrote < 0, errno == EINTR { continue }
                guard wrote > 0 else { return }
                sent += wrote
            }
        }
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 414: "URI Too Long"
        case 421: "Misdirected Request"
        case 431: "Request Header Fields Too Large"
        default: "Internal Server Error"
        }
    }
}

/// The request line and headers of one request, read within `PreviewServer`'s limits.
enum RequestHead {
    struct Request: Equatable {
        var method: String
        var target: String
        var host: String?
    }

    enum Result: Equatable {
        case incomplete
        case requestLineTooLong
        case headersTooLarge
        case bad(String)
        case complete(Request)
    }

    /// Looks at the bytes received so far: each limit is judged as soon as it is passed,
    /// so a client never makes the server hold more than the limits (plus one read).
    static func parse(_ bytes: [UInt8], maximumRequestLine: Int = PreviewServer.maximumRequestLine,
                      maximumHeaders: Int = PreviewServer.maximumHeaders) -> Result {
        guard let lineEnd = bytes.firstIndex(of: 0x0A) else {
            return bytes.count > maximumRequestLine ? .requestLineTooLong : .incomplete
        }
        guard lineEnd <= maximumRequestLine else { return .requestLineTooLong }
        var lines: [ArraySlice<UInt8>] = []
        var start = lineEnd + 1
        while true {
            guard let end = bytes[start...].firstIndex(of: 0x0A) else {
                return bytes.count - (lineEnd + 1) > maximumHeaders ? .headersTooLarge : .incomplete
            }
            guard end - (lineEnd + 1) <= maximumHeaders else { return .headersTooLarge }
            let line = trimmed(bytes[start..<end])
            start = end + 1
            if line.isEmpty { break }
            lines.append(line)
        }
        let requestLine = String(decoding: trimmed(bytes[..<lineEnd]), as: UTF8.self)
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, !parts[1].isEmpty else {
            return .bad("The request line must be METHOD /path HTTP/1.1")
        }
        var host: String?
        for line in lines {
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { return .bad("A header line without a colon") }
            guard text[..<colon].lowercased() == "host" else { continue }
            guard host == nil else { return .bad("Two Host headers") }
            host = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return .complete(Request(method: String(parts[0]), target: String(parts[1]), host: host))
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == 0x0D ? line.dropLast() : line
    }
}

/// The listening socket on 127.0.0.1: its descriptor and port, set once; the
/// socket calls themselves are safe from any thread.
final class Listener: Sendable {
    let descriptor: Int32
    let port: UInt16

    init(port: UInt16) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw PreviewServer.Failure(description: "cannot open a socket (\(String(cString: strerror(errno))))")
        }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            let error = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw PreviewServer.Failure(description: "cannot serve on 127.0.0.1:\(port) (\(error)); is the port in use? Choose another with --port")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    /// Accepts until the socket is closed.
    func acceptConnections(_ handle: @escaping @Sendable (Int32) -> Void) {
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection >= 0 {
                handle(connection)
                continue
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: usleep(50_000) // out of descriptors for now: wait, do not spin
            default: return
            }
        }
    }

    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
    }
}
