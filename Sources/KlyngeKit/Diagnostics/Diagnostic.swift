import Synchronization

/// A place in a source file, 1-based, with the path relative to the site root
/// so that messages read the same on every machine.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// One problem found in the input, printed compiler style:
/// `Content/clusters/x/cluster.yml:4:3: error: …`.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Collects every problem of a run so that the user sees them all at once.
/// Concurrent stages may share one: each append is made under its lock.
public final class DiagnosticLog: Sendable {
    private let diagnostics = Mutex<[Diagnostic]>([])

    public init() {}

    public var all: [Diagnostic] { diagnostics.withLock { $0 } }

    public func error(_ location: SourceLocation, _ message: String) {
        append(.error(location, message))
    }

    public func warning(_ location: SourceLocation, _ message: String) {
        append(.warning(location, message))
    }

    public func append(_ diagnostic: Diagnostic) { diagnostics.withLock { $0.append(diagnostic) } }
    public func append(contentsOf more: [Diagnostic]) { diagnostics.withLock { $0.append(contentsOf: more) } }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by file and position, duplicates removed: stable output for tests and users.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted { ($0.location, $0.severity.rawValue, $0.message) < ($1.location, $1.severity.rawValue, $1.message) }
            .filter { seen.insert($0).inserted }
    }
}

/// Thrown when a build stops on content errors; carries every diagnostic of the run.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// True when the output on disk changed before the build failed (the message says how);
    /// otherwise nothing was written.
    public var changedOutput = false

    public init(diagnostics: [Diagnostic], changedOutput: Bool = false) {
        self.diagnostics = diagnostics
        self.changedOutput = changedOutput
    }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// "Did you mean" for misspelt keys: the closest candidate within a small edit distance.
enum Suggestion {
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            let allowed = candidate.count >= 4 ? min(3, max(2, candidate.count / 3)) : 1
            if distance <= allowed, distance < (best?.1 ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func didYouMean(_ word: String, _ candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// A suggestion when one is close, otherwise the short list of what is known.
    static func didYouMeanOrList(_ word: String, _ candidates: some Sequence<String>, known: String) -> String {
        let candidates = Array(candidates).sorted()
        if let close = closest(to: word, in: candidates) { return "; did you mean '\(close)'?" }
        guard !candidates.isEmpty, candidates.count <= 12 else { return "" }
        return "; \(known): \(candidates.joined(separator: ", "))"
    }
}
