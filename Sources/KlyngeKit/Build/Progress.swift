import Synchronization

/// Counts finished clusters across the threads that render them and reports
/// each step, so the command line can draw a progress line.
final class ProgressCounter: Sendable {
    private let total: Int
    private let report: (@Sendable (Int, Int) -> Void)?
    private let done = Mutex(0)

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func after<Value>(_ work: () -> Value) -> Value {
        let value = work()
        guard let report else { return value }
        // Reported under the lock, so the steps arrive in order.
        done.withLock { done in
            done += 1
            report(done, total)
        }
        return value
    }
}
