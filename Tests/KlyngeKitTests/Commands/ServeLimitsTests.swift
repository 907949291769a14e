import Foundation
import Testing
@testable import KlyngeKit

/// `klynge serve` against hostile requests: long request lines and headers are cut
/// off at 8 KB, only its own loopback names are answered, `//x` stays on the site, and
/// a change that used to crash a build only shows its errors.
@Suite(.serialized) struct ServeLimitsTests {
    /// Sends bytes as they are and reads the whole answer (the server closes after one).
    static func raw(_ port: Int, _ request: [UInt8]) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestTreeError("cannot connect to \(port)") }
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { break }
            answer += chunk[0..<got]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    static func get(_ port: Int, _ target: String, host: String? = nil, extra: String = "") throws -> String {
        let hostLine = host.map { "Host: \($0)\r\n" } ?? ""
        return try raw(port, Array("GET \(target) HTTP/1.1\r\n\(hostLine)\(extra)\r\n".utf8))
    }

    @Test func hostileRequestsGetShortAnswersAndOnlyOwnNamesAreServed() async throws {
        let tree = try TestTree()
        let serve = try ServeProcess([], in: tree.root)
        defer { serve.stop() }
        let port = try #require(try await serve.address().port)
        let own = "127.0.0.1:\(port)"

        #expect(try Self.get(port, "/", host: own).hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(try Self.get(port, "/", host: "localhost:\(port)").hasPrefix("HTTP/1.1 200 "))
        #expect(try Self.get(port, "/", host: "[::1]:\(port)").hasPrefix("HTTP/1.1 200 "))

        // DNS rebinding: a page at evil.example resolving to 127.0.0.1 sends its own name.
        for host in ["evil.example:\(port)", "127.0.0.1", "localhost:1", "127.0.0.1:\(port).evil.example"] {
            let answer = try Self.get(port, "/", host: host)
            #expect(answer.hasPrefix("HTTP/1.1 421 "), "\(host): \(answer.prefix(60))")
            #expect(!answer.contains("<html"))
        }
        #expect(try Self.get(port, "/").hasPrefix("HTTP/1.1 400 "), "no Host")

        // A long request line: answered at once, whatever comes after.
        let started = Date()
        let long = try Self.raw(port, Array("GET /\(String(repeating: "a", count: 200_000)) HTTP/1.1\r\nHost: \(own)\r\n\r\n".utf8))
        #expect(long.hasPrefix("HTTP/1.1 414 "), "\(long.prefix(60))")
        let endless = try Self.raw(port, Array("GET /\(String(repeating: "a", count: 1_000_000))".utf8))
        #expect(endless.hasPrefix("HTTP/1.1 414 "), "\(endless.prefix(60))")
        let headers = (0..<400).map { "X-Filler-\($0): \(String(repeating: "b", count: 40))\r\n" }.joined()
        let large = try Self.get(port, "/", host: own, extra: headers)
        #expect(large.hasPrefix("HTTP/1.1 431 "), "\(large.prefix(60))")
        #expect(Date().timeIntervalSince(started) < 10)

        // Redirects stay on the site.
        let redirect = try Self.get(port, "//fiktivby-nord", host: own)
        #expect(redirect.hasPrefix("HTTP/1.1 301 "))
        #expect(redirect.contains("\r\nLocation: /fiktivby-nord/\r\n"), "\(redirect)")
        #expect(try Self.get(port, "/fiktivby-nord", host: own).contains("\r\nLocation: /fiktivby-nord/\r\n"))

        // Still serving, and HEAD has no body.
        let head = try Self.raw(port, Array("HEAD / HTTP/1.1\r\nHost: \(own)\r\n\r\n".utf8))
        #expect(head.hasPrefix("HTTP/1.1 200 ") && head.hasSuffix("\r\n\r\n"))
        #expect(serve.process.isRunning)
    }

    @Test func requestHeadsAreJudgedAsTheyArrive() {
        let line = Array("GET / HTTP/1.1\r\n".utf8)
        #expect(RequestHead.parse(Array(line.prefix(8))) == .incomplete)
        #expect(RequestHead.parse(line) == .incomplete)
        #expect(RequestHead.parse(line + Array("Host: a\r\n\r\n".utf8)) == .complete(.init(method: "GET", target: "/", host: "a")))
        #expect(RequestHead.parse(line + Array("Host: a\n\n".utf8)) == .complete(.init(method: "GET", target: "/", host: "a")))
        #expect(RequestHead.parse(Array(repeating: 0x61, count: 8 * 1024 + 1)) == .requestLineTooLong)
        #expect(RequestHead.parse(line + Array(repeating: 0x61, count: 8 * 1024 + 1)) == .headersTooLarge)
        #expect(RequestHead.parse(line + Array("Host: a\r\nHost: b\r\n\r\n".utf8)) == .bad("Two Host headers"))
        #expect(RequestHead.parse(Array("GET /\r\n\r\n".utf8)) == .bad("The request line must be METHOD /path HTTP/1.1"))
    }

    /// Two practices with the largest Int's listed patients once trapped the build, and
    /// `serve` with it; a cluster named like the site's assets too. Now they are errors
    /// like any other: the last good site stays, with the errors on it.
    @Test(arguments: ["sikrede", "reserved"]) func aChangeThatUsedToCrashOnlyShowsItsErrors(_ change: String) throws {
        let tree = try TestTree()
        let site = LiveSite(options: BuildOptions(root: tree.root, now: tree.now))
        guard case .built = site.rebuild(.everything) else {
            Issue.record("the real tree must build")
            return
        }
        if change == "sikrede" {
            let path = "Content/clusters/\(TestTree.fiktivbyMeeting)/practices.csv"
            try tree.write(path, try tree.read(path)
                .replacingOccurrences(of: "990101;1843;", with: "990101;9223372036854775807;")
                .replacingOccurrences(of: "990102;2410;", with: "990102;9223372036854775807;"))
        } else {
            try tree.write("Content/clusters/assets/cluster.yml", try tree.read("Content/clusters/fiktivby-nord/cluster.yml"))
        }
        guard case .failed(let diagnostics) = site.rebuild(.everything) else {
            Issue.record("the change must fail the build")
            return
        }
        #expect(diagnostics.contains { $0.severity == .error && $0.location.path.hasPrefix("Content/clusters/") })
        let page = site.response(for: "/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("klynge-errors"))
    }
}
