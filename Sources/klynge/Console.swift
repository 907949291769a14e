import Foundation
import KlyngeKit
import Synchronization

/// Everything the commands print. Colour and the progress line only on a
/// terminal, never when NO_COLOR is set (https://no-color.org).
enum Console {
    static let isTerminal = isatty(STDERR_FILENO) == 1
    static let colour = isTerminal && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    /// Whether a progress line is on the screen; the lock also keeps writes whole.
    private static let progressShown = Mutex(false)

    /// A result line, on standard output, written at once (also when piped).
    static func out(_ line: String) {
        write(FileHandle.standardOutput, line + "\n")
    }

    /// A message line, on standard error.
    static func error(_ line: String) {
        write(FileHandle.standardError, line + "\n")
    }

    /// `path:line:column: error: message`, the severity in colour on a terminal.
    static func diagnostic(_ diagnostic: Diagnostic) {
        guard colour else { return error(diagnostic.description) }
        let severity = diagnostic.severity == .error ? "\u{1B}[1;31merror:\u{1B}[0m" : "\u{1B}[1;33mwarning:\u{1B}[0m"
        error("\u{1B}[1m\(diagnostic.location):\u{1B}[0m \(severity) \(diagnostic.message)")
    }

    static func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    static func green(_ text: String) -> String { colour ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
    static func red(_ text: String) -> String { colour ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text }

    /// The progress callback for a build: one line rewritten in place; nothing
    /// when not on a terminal or for a single cluster.
    static func progress(quiet: Bool) -> (@Sendable (Int, Int) -> Void)? {
        guard isTerminal, !quiet else { return nil }
        return { done, total in
            guard total > 1 else { return }
            progressShown.withLock { shown in
                shown = true
                FileHandle.standardError.write(Data("\r\u{1B}[KBuilding meetings: \(done)/\(total)".utf8))
            }
        }
    }

    /// Removes the progress line before the summary is printed.
    static func endProgress() {
        progressShown.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    /// `12 clusters, 84 pages`
    static func count(_ report: BuildReport) -> String {
        "\(report.clusters) \(report.clusters == 1 ? "cluster" : "clusters"), \(report.pages) \(report.pages == 1 ? "page" : "pages")"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    private static func write(_ handle: FileHandle, _ text: String) {
        progressShown.withLock { _ in handle.write(Data(text.utf8)) }
    }
}
