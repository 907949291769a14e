import Foundation
import Synchronization

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
private final class ResultSlots<Value: Sendable>: Sendable {
    private struct State: ~Copyable {
        var slots: [Value?]
        var next = 0
    }

    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(slots: Array(repeating: nil, count: count))) }

    /// The next input no worker has taken, or nil when all are taken.
    func claim() -> Int? {
        state.withLock { state in
            guard state.next < state.slots.count else { return nil }
            state.next += 1
            return state.next - 1
        }
    }

    func set(_ index: Int, _ value: Value) {
        state.withLock { $0.slots[index] = value }
    }

    var values: [Value] { state.withLock { $0.slots.map { $0! } } }
}

/// Work started on a thread of its own, its result taken later: a serial step (parsing
/// the Theme's templates, rendering the index) run beside a step it does not depend
/// on, so that the second core does not wait for it. A thread, not a dispatch queue:
/// the queue's workers may all be inside a `Parallel.map` and start it only after.
final class Alongside<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// - Parameter workers: as `Parallel.map`'s; with one, the work runs here and now.
    init(workers: Int? = nil, _ work: @escaping @Sendable () -> Value) {
        guard workers ?? ProcessInfo.processInfo.activeProcessorCount > 1 else {
            finish(work())
            return
        }
        Thread.detachNewThread { self.finish(work()) }
    }

    private func finish(_ value: Value) {
        result.withLock { $0 = value }
        done.signal()
    }

    /// Waits for the work to finish; taken once.
    func take() -> Value {
        done.wait()
        return result.withLock { $0.take()! }
    }
}
