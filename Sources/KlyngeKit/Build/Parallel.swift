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
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: inputs.count, by: workers) {
                results.set(index, transform(inputs[index]))
            }
        }
        return results.values
    }
}

/// One slot per input; each index is written by exactly one iteration.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.map { $0! } }
}
