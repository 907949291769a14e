import Foundation
@testable import KlyngeKit

/// The random source of every randomised test: SplitMix64 from one seed, so that a
/// failing run can be replayed. The seed is `KLYNGE_SEED` from the environment when
/// set (decimal or 0x-hex), else a fixed default; each test mixes in its own name so
/// that tests do not share a stream. Failure messages carry `replay`, which names
/// the seed to rerun with.
struct SeededGenerator: RandomNumberGenerator, CustomStringConvertible {
    static let defaultSeed: UInt64 = 0x6B6C_796E_6765_0018

    /// The run's seed: `KLYNGE_SEED`, or the default.
    static let runSeed: UInt64 = {
        guard let text = ProcessInfo.processInfo.environment["KLYNGE_SEED"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return defaultSeed
        }
        let value = text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let value else { fatalError("KLYNGE_SEED='\(text)' is not a whole number (decimal or 0x-hex)") }
        return value
    }()

    let seed: UInt64
    let test: String
    private var state: UInt64

    /// A stream for one test, named by its function (the default) or by the caller.
    init(test: String = #function, seed: UInt64 = SeededGenerator.runSeed) {
        self.seed = seed
        self.test = test
        // Each test draws its own numbers from the one seed.
        let mixed = FNV1a.hash(test.utf8)
        state = seed ^ mixed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// What a failure message says so that the run can be repeated.
    var replay: String { "(\(test), rerun with KLYNGE_SEED=\(seed))" }

    var description: String { replay }
}
