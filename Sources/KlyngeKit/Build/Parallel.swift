import Foundation

/// Runs independent work on every core and keeps the results in input order,
/// so parallel builds stay byte-identical to serial ones.
enum Parallel {
    /// - Parameter workers: how many run at once; all cores when nil.
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], workers: Int? = nil,
                                                       _ transform: @Sendable (Input) -> Output) -> [Output] {
        let workers = min(inputs.count, max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount))
        guard workers > 1 else { return inputs.map(transform) }
        let results = ResultSlots<Output>(count: inputs.count)
        // Each worker takes the next input when it is free, so a worker slowed by
        // other work on the machine does not leave the others waiting at the end.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = results.claim() {
                results.set(index, transform(inputs[index]))
            }
        }
        return results.values
    }
}

/// One slot per input; each index is claimed and written by exactly one worker.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next input no worker has taken, or nil when all are taken.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.map { $0! } }
}
