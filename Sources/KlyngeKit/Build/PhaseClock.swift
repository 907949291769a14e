import Foundation

/// With `KLYNGE_PHASES=1` in the environment, each build step's wall time goes to
/// standard error: where a build spends its time, without a profiler (BENCHMARKS.md).
struct PhaseClock {
    static let enabled = ProcessInfo.processInfo.environment["KLYNGE_PHASES"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func mark(_ phase: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data("klynge: \(phase) \(String(format: "%.1f", Double(now - last) / 1e6)) ms\n".utf8))
        last = now
    }
}
