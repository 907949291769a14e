import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `klynge` binary, run the way a user runs it: a process in a folder,
/// with its exit status and its two output streams.
enum KlyngeProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Built beside the test bundle (the test target depends on `klynge`).
    static let binary: URL = {
        var folders = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        folders.append(TestTree.repository.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("klynge")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return TestTree.repository.appendingPathComponent(".build/debug/klynge")
    }()

    static func makeProcess(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return process
    }

    /// Runs to the end and collects both streams.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Output {
        let process = makeProcess(arguments, in: folder, environment: environment)
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while the process runs, so a full pipe cannot block it.
        let errors = ReadAll(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: errors.text())
    }

    /// Whether `runOnTerminal` can run: util-linux `script` is installed.
    static var hasTerminalRunner: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/script") }

    /// Runs a command under a pseudo-terminal (util-linux `script`), for what
    /// happens only on a terminal: colour and the progress line.
    static func runOnTerminal(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Output? {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard hasTerminalRunner else { return nil }
        let command = ([binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = script
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: "")
    }
}

/// Reads a file handle to its end on another thread.
final class ReadAll: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            lock.withLock { data = all }
            done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return lock.withLock { String(decoding: data, as: UTF8.self) }
    }
}

/// `klynge serve` running in the background, with its output collected as it comes.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String], in folder: URL) throws {
        process = KlyngeProcess.makeProcess(["serve", "--port", "0"] + arguments, in: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected.append(data) }
        }
        try process.run()
    }

    deinit { stop() }

    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The address `serve` prints once it listens.
    func address(within seconds: Double = 15) async throws -> URL {
        let text = try await Poll.until(seconds, "serve printed its address:\n\(output)") { [self] in
            output.firstMatch(of: #/Serving (http://127\.0\.0\.1:\d+/)/#).map { String($0.1) }
        }
        return URL(string: text)!
    }
}

enum Poll {
    /// Asks again every 100 ms until the answer is non-nil; fails after `seconds`.
    /// A bound on waiting, not a measurement: nothing asserts how long it took.
    static func until<Value>(_ seconds: Double, _ what: @autoclosure () -> String,
                             _ attempt: () async throws -> Value?) async throws -> Value {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let value = try await attempt() { return value }
            if Date() > deadline { throw TestTreeError("waited \(seconds) s for: \(what())") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// Plain HTTP GET, with no cache, as a browser reloading the page.
enum HTTP {
    struct Page {
        var status: Int
        var text: String
        var headers: [String: String]
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        return URLSession(configuration: configuration)
    }()

    static func get(_ url: URL) async throws -> Page {
        let (data, response) = try await session.data(from: url)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Page(status: http.statusCode, text: String(decoding: data, as: UTF8.self), headers: headers)
    }
}
