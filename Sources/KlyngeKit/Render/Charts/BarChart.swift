/// Horizontal bars with their numbers written beside them, and optional reference
/// marks (the cluster's level, the national figure) labelled in words. Labels sit
/// left of short bars (practices) or above them when they are long (answer options).
struct BarChart: Hashable {
    struct Bar: Hashable {
        var label: String
        /// Nil draws no bar: `text` then stands at the start (`<5`, "for få svar").
        var value: Double?
        var text: String
    }

    /// A vertical mark across the bars: a line, or a band when its value is a range.
    struct Reference: Hashable {
        var range: ClosedRange<Double>
        var label: String
        /// Dash pattern: the line's look tells the marks apart without colour.
        var dash: String
        /// Label above the bars (else below).
        var labelOnTop: Bool
    }

    var bars: [Bar]
    var references: [Reference] = []
    /// The value at the full width (100 for percentages); the largest value when nil.
    var maximum: Double?
    var labelsAbove = false

    private let rowHeight = 18.0
    private var barHeight: Double { labelsAbove ? 10 : 12 }
    private let lineHeight = 14.0

    func svg(labelledBy id: String) -> String {
        var svg = SVG()
        let width = Chart.width
        let valueWidth = (bars.map { Chart.textWidth($0.text) }.max() ?? 0) + 10
        let labelWidth = labelsAbove ? 0 : (bars.map { Chart.textWidth($0.label) }.max() ?? 0) + 10
        let plotX = labelWidth
        let plotWidth = width - plotX - valueWidth
        let top = references.contains { $0.labelOnTop } ? 24.0 : 4.0
        let scaleTop = maximum ?? max(bars.compactMap(\.value).max() ?? 0, references.map(\.range.upperBound).max() ?? 0)
        let scale = scaleTop > 0 ? plotWidth / scaleTop : 0
        func x(_ value: Double) -> Double { plotX + min(value, scaleTop) * scale }

        // Rows: where each bar goes, with its label lines when they sit above.
        var rows: [(bar: Bar, lines: [String], barY: Double)] = []
        var y = top
        for bar in bars {
            let lines = labelsAbove ? Chart.wrap(bar.label, width: width) : [bar.label]
            if labelsAbove { y += Double(lines.count) * lineHeight }
            rows.append((bar, lines, labelsAbove ? y + 2 : y + (rowHeight - barHeight) / 2))
            y += labelsAbove ? barHeight + 7 : rowHeight
        }
        let plotBottom = y
        let height = plotBottom + (references.contains { !$0.labelOnTop } ? 24 : 4)

        for reference in references where reference.range.lowerBound != reference.range.upperBound {
            svg.rect(x: x(reference.range.lowerBound), y: top - 4, width: x(reference.range.upperBound) - x(reference.range.lowerBound),
                     height: plotBottom - top + 8, fill: "#dde3e8", className: "chart-band")
        }
        for row in rows {
            let labelBaseline = row.barY + barHeight / 2 + 4.5
            if labelsAbove {
                for (index, line) in row.lines.enumerated() {
                    svg.text(line, x: 0, y: row.barY - 4 - Double(row.lines.count - 1 - index) * lineHeight)
                }
            } else {
                svg.text(row.bar.label, x: 0, y: labelBaseline)
            }
            if let value = row.bar.value {
                svg.rect(x: plotX, y: row.barY, width: x(value) - plotX, height: barHeight, fill: Chart.bar, className: "chart-bar")
                // The number goes after the bar, or after a reference mark it would cross.
                var textX = x(value) + 4
                let textWidth = Chart.textWidth(row.bar.text)
                for reference in references.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
                where textX < x(reference.range.upperBound) + 4 && textX + textWidth > x(reference.range.lowerBound) - 3 {
                    textX = x(reference.range.upperBound) + 5
                }
                svg.text(row.bar.text, x: textX, y: labelBaseline, className: "chart-value")
            } else {
                svg.text(row.bar.text, x: plotX + 4, y: labelBaseline, fill: Chart.muted, className: "chart-value")
            }
        }
        if !labelsAbove {
            svg.line(x1: plotX, y1: top - 2, x2: plotX, y2: plotBottom, stroke: Chart.ink)
        }
        for reference in references {
            for value in Set([reference.range.lowerBound, reference.range.upperBound]).sorted() {
                // A white halo keeps the mark visible where it crosses a bar.
                svg.line(x1: x(value), y1: top - 4, x2: x(value), y2: plotBottom + 4, stroke: Chart.paper, width: 4)
                svg.line(x1: x(value), y1: top - 4, x2: x(value), y2: plotBottom + 4, stroke: Chart.ink, width: 1.5, dash: reference.dash, className: "chart-reference")
            }
            let middle = (x(reference.range.lowerBound) + x(reference.range.upperBound)) / 2
            let labelWidth = Chart.textWidth(reference.label, bold: true)
            let labelX = min(max(middle, labelWidth / 2), width - labelWidth / 2)
            svg.text(reference.label, x: labelX, y: reference.labelOnTop ? top - 10 : plotBottom + 18, anchor: .middle, bold: true, className: "chart-reference-label")
        }
        return svg.document(width: width, height: height, labelledBy: id)
    }
}
