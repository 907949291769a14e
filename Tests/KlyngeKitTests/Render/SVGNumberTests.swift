import Testing
@testable import KlyngeKit

/// Chart coordinates are written straight into the SVG's bytes; they must be the
/// text `SVG.number` makes, for any value.
@Suite struct SVGNumberTests {
    @Test func writtenNumbersAreThoseOfTheStringPath() {
        let edges: [Double] = [0, -0.0, 0.04, 0.05, -0.05, -0.04, 0.95, 9.95, -9.95, 99.99, 1e14, -1e14, 99_999_999_999_999.9,
                               1e15, 1e17, -1e17, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity, .nan]
        var round = 0
        Differential.check(count: 20_000, edges: edges, input: { generator -> Double in
            defer { round += 1 }
            switch round % 4 {
            case 0: return Double(Int.random(in: -100_000...100_000, using: &generator)) / 10
            case 1: return Double.random(in: -400...400, using: &generator)
            case 2: return Double.random(in: -1e16...1e16, using: &generator)
            default: return Double(Int.random(in: -3000...3000, using: &generator)) / 100
            }
        }, plain: { SVG.number($0) }, fast: { value in
            let bytes = ByteRun(capacity: 1)
            SVG.appendNumber(value, to: bytes)
            return String(decoding: bytes.bytes, as: UTF8.self)
        })
    }
}

@Suite struct ChartShadeTests {
    @Test func keptShadesAreTheMadeOnes() {
        for count in 0...20 { #expect(StackedBarChart.shades(count) == StackedBarChart.makeShades(count)) }
    }
}
