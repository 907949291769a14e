import Foundation

/// With `KLYNGE_PHASES=1` in the environment, each build step's wall time and the
/// memory held after it go to standard error: where a build spends its time and its
/// memory, without a profiler (BENCHMARKS.md).
struct PhaseClock {
    static let enabled = ProcessInfo.processInfo.environment["KLYNGE_PHASES"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func mark(_ phase: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data("klynge: \(phase) \(String(format: "%.1f", Double(now - last) / 1e6)) ms, \(Self.memory)\n".utf8))
        last = now
    }

    /// The process's resident memory now and at its peak so far, as Linux reports them.
    private static var memory: String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        return status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ") }
            .joined(separator: " now, peak ")
    }
}
