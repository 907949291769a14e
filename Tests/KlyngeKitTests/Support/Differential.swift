import Testing

/// The one differential test harness: a fast path against its plain version on seeded
/// random inputs. Where a function has a second way of computing the same answer (a
/// byte walk beside a `Character` walk, a cache beside the plain lookup, a C routine
/// beside the library it stands in for), the plain version stays beside it and a test
/// hands both to `Differential.check`, with a way to draw an input from a
/// `SeededGenerator` and, if any, fixed edge cases compared first. Every input must give
/// equal outputs. A failing input is reported at the test's own line with its
/// description, the two outputs, and the replay line that names the seed and the test
/// (running the test again with `KLYNGE_SEED=…` repeats it exactly); after
/// `reportedFailures` failures the rest are only counted. A check returns how many
/// inputs it compared, for a test that must see enough of them: with `tries:` the
/// input may decline (return nil), and only the accepted inputs are compared and counted.
enum Differential {
    /// Failing inputs reported one by one; further failures are counted in one last issue.
    static let reportedFailures = 10

    /// `count` inputs drawn from the test's own stream (named by `test`), after the edge cases.
    @discardableResult
    static func check<Input, Output: Equatable>(
        _ test: String = #function, count: Int, edges: [Input] = [],
        input: (inout SeededGenerator) throws -> Input,
        describe: (Input) -> String = { String(reflecting: $0) },
        plain: (Input) throws -> Output, fast: (Input) throws -> Output,
        sourceLocation: SourceLocation = #_sourceLocation
    ) rethrows -> Int {
        var generator = SeededGenerator(test: test)
        return try check(using: &generator, count: count, edges: edges, input: input, describe: describe,
                         plain: plain, fast: fast, sourceLocation: sourceLocation)
    }

    /// `tries` draws from the test's own stream, of which `input` may decline some (nil);
    /// returns how many were compared, edge cases included.
    @discardableResult
    static func check<Input, Output: Equatable>(
        _ test: String = #function, tries: Int, edges: [Input] = [],
        input: (inout SeededGenerator) throws -> Input?,
        describe: (Input) -> String = { String(reflecting: $0) },
        plain: (Input) throws -> Output, fast: (Input) throws -> Output,
        sourceLocation: SourceLocation = #_sourceLocation
    ) rethrows -> Int {
        var generator = SeededGenerator(test: test)
        return try compare(&generator, tries: tries, edges: edges, input: input, describe: describe,
                           plain: plain, fast: fast, sourceLocation: sourceLocation)
    }

    /// `count` inputs drawn from a stream the test also draws from (before, between or after checks).
    @discardableResult
    static func check<Input, Output: Equatable>(
        using generator: inout SeededGenerator, count: Int, edges: [Input] = [],
        input: (inout SeededGenerator) throws -> Input,
        describe: (Input) -> String = { String(reflecting: $0) },
        plain: (Input) throws -> Output, fast: (Input) throws -> Output,
        sourceLocation: SourceLocation = #_sourceLocation
    ) rethrows -> Int {
        try compare(&generator, tries: count, edges: edges, input: { try input(&$0) }, describe: describe,
                    plain: plain, fast: fast, sourceLocation: sourceLocation)
    }

    private static func compare<Input, Output: Equatable>(
        _ generator: inout SeededGenerator, tries: Int, edges: [Input],
        input: (inout SeededGenerator) throws -> Input?, describe: (Input) -> String,
        plain: (Input) throws -> Output, fast: (Input) throws -> Output, sourceLocation: SourceLocation
    ) rethrows -> Int {
        var compared = 0, failed = 0
        for index in 0..<(edges.count + tries) {
            let value: Input, which: String
            if index < edges.count {
                (value, which) = (edges[index], "edge case \(index)")
            } else {
                guard let drawn = try input(&generator) else { continue }
                (value, which) = (drawn, "input \(index - edges.count)")
            }
            compared += 1
            let expected: Output, found: Output
            do {
                expected = try plain(value)
                found = try fast(value)
            } catch {
                Issue.record("\(which) \(shortened(describe(value))) threw \(error) \(generator.replay)", sourceLocation: sourceLocation)
                throw error
            }
            guard expected != found else { continue }
            failed += 1
            guard failed <= reportedFailures else { continue }
            let (plainText, fastText) = excerpts(String(reflecting: expected), String(reflecting: found))
            Issue.record("""
                fast ≠ plain on \(which): \(shortened(describe(value)))
                  plain: \(plainText)
                  fast:  \(fastText)
                \(generator.replay)
                """, sourceLocation: sourceLocation)
        }
        if failed > reportedFailures {
            Issue.record("fast ≠ plain on \(failed - reportedFailures) more of the \(compared) inputs \(generator.replay)", sourceLocation: sourceLocation)
        }
        return compared
    }

    /// A long description of an input cut to its start.
    static func shortened(_ text: String, room: Int = 2_000) -> String {
        text.count <= room ? text : "\(text.prefix(room))… [\(text.count) characters]"
    }

    /// Long outputs cut to the part around where they first differ.
    static func excerpts(_ plain: String, _ fast: String, room: Int = 240) -> (String, String) {
        guard plain.count > 2 * room || fast.count > 2 * room else { return (plain, fast) }
        let first = zip(plain, fast).prefix { $0 == $1 }.count
        func cut(_ text: String) -> String {
            let start = max(0, first - room / 2)
            let piece = text.dropFirst(start).prefix(room)
            return "[\(text.count) characters, from \(start)] " + (start > 0 ? "…" : "") + piece + (start + room < text.count ? "…" : "")
        }
        return (cut(plain), cut(fast))
    }
}
