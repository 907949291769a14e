/// A figure drawn as native, editable DrawingML shapes from its typed chart: bars as
/// rectangles with their labels and numbers, the cluster's (and the national) level
/// as dashed lines, a range as a grey band; stacked answers as segments with their
/// shares. The whole is one group whose alt text names what it shows.
enum FigureShapes {
    static let emuPerPoint = 12_700

    /// `#4f7f99` → `4F7F99`. ASCII (every colour the charts use) is uppercased byte by
    /// byte; other text as `uppercased()` does it.
    static func hex(_ colour: String) -> String {
        let digits = colour.hasPrefix("#") ? String(colour.dropFirst()) : colour
        guard digits.utf8.allSatisfy({ $0 < 0x80 }) else { return digits.uppercased() }
        return String(decoding: digits.utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    static func draw(_ figure: PPTXWriter.Figure, number: Int, into shapes: inout ShapeList, x: Int, y: Int, cx: Int, cy: Int) {
        let start = shapes.end
        let captionHeight = 320_040
        let chartHeight = cy - captionHeight
        let summary: String
        switch figure.chart {
        case .bars(let chart):
            summary = bars(chart, into: &shapes, x: x, y: y, cx: cx, cy: chartHeight)
        case .stacked(let chart):
            summary = stacked(chart, into: &shapes, x: x, y: y, cx: cx, cy: chartHeight)
        }
        let caption = ([figure.source] + figure.notes).joined(separator: " ")
        shapes.label(caption, x: x, y: y + chartHeight, cx: cx, cy: captionHeight, size: 1100, colour: "4A5560", anchor: "t")
        shapes.group(from: start, name: "Figur \(number)", description: "Figur \(number). \(figure.title). \(summary)",
                     x: x, y: y, cx: cx, cy: cy)
    }

    /// Draws the bars; returns the numbers in words, for the alt text.
    static func bars(_ chart: BarChart, into shapes: inout ShapeList, x: Int, y: Int, cx: Int, cy: Int) -> String {
        let labelsAbove = chart.labelsAbove
        let longest = chart.bars.map(\.label.count).max() ?? 0
        let labelWidth = labelsAbove ? 0 : min(cx / 3, max(914_400, longest * 8 * emuPerPoint))
        let valueWidth = 1_371_600
        let top = chart.references.contains { $0.labelOnTop } ? 320_040 : 45_720
        let bottom = chart.references.contains { !$0.labelOnTop } ? 320_040 : 45_720
        let plotX = x + labelWidth
        let plotWidth = cx - labelWidth - valueWidth
        let rowCount = max(chart.bars.count, 1)
        let rowHeight = min((cy - top - bottom) / rowCount, labelsAbove ? 594_360 : 457_200)
        let barHeight = labelsAbove ? rowHeight * 2 / 5 : rowHeight * 3 / 5
        let fontSize = rowHeight < 320_040 ? 1200 : 1400
        let scaleTop = chart.maximum ?? max(chart.bars.compactMap(\.value).max() ?? 0, chart.references.map(\.range.upperBound).max() ?? 0)
        func position(_ value: Double) -> Int {
            guard scaleTop > 0 else { return plotX }
            return plotX + Int(Double(plotWidth) * min(value, scaleTop) / scaleTop)
        }
        let plotTop = y + top
        let plotBottom = plotTop + rowHeight * chart.bars.count

        for reference in chart.references where reference.range.lowerBound != reference.range.upperBound {
            shapes.rectangle(name: "Interval: \(reference.label)", x: position(reference.range.lowerBound), y: plotTop - 45_720,
                             cx: position(reference.range.upperBound) - position(reference.range.lowerBound),
                             cy: plotBottom - plotTop + 91_440, fill: "DDE3E8")
        }
        for (index, bar) in chart.bars.enumerated() {
            let rowY = plotTop + index * rowHeight
            let barY = labelsAbove ? rowY + rowHeight - barHeight - 45_720 : rowY + (rowHeight - barHeight) / 2
            if labelsAbove {
                shapes.label(bar.label, x: plotX, y: rowY, cx: cx - valueWidth, cy: barY - rowY, size: fontSize, anchor: "b")
            } else {
                shapes.label(bar.label, x: x, y: rowY, cx: labelWidth - 45_720, cy: rowHeight, size: fontSize)
            }
            if let value = bar.value {
                let end = position(value)
                shapes.rectangle(name: "Søjle: \(bar.label)", x: plotX, y: barY, cx: end - plotX, cy: barHeight, fill: hex(Chart.bar))
                // The number goes after the bar, or after a reference mark it would cross.
                var textX = end + 45_720
                let textWidth = max(bar.text.count, 2) * fontSize / 100 * emuPerPoint * 6 / 10 + 91_440
                for reference in chart.references.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
                where textX < position(reference.range.upperBound) + 45_720 && textX + textWidth > position(reference.range.lowerBound) - 27_432 {
                    textX = position(reference.range.upperBound) + 64_008
                }
                shapes.label(bar.text, x: textX, y: barY - (rowHeight - barHeight) / 2, cx: valueWidth, cy: rowHeight, size: fontSize)
            } else {
                shapes.label(bar.text, x: plotX + 45_720, y: barY - (rowHeight - barHeight) / 2, cx: plotWidth, cy: rowHeight,
                             size: fontSize, colour: hex(Chart.muted))
            }
        }
        if !labelsAbove {
            shapes.verticalLine(name: "Akse", x: plotX, y: plotTop - 27_432, cy: plotBottom - plotTop + 27_432, dash: "solid", width: 9525)
        }
        for reference in chart.references {
            for value in Set([reference.range.lowerBound, reference.range.upperBound]).sorted() {
                shapes.verticalLine(name: "Linje: \(reference.label)", x: position(value), y: plotTop - 45_720,
                                    cy: plotBottom - plotTop + 91_440, dash: dash(reference.dash))
            }
            let middle = (position(reference.range.lowerBound) + position(reference.range.upperBound)) / 2
            let width = 2_743_200
            let labelX = min(max(middle - width / 2, x), x + cx - width)
            shapes.label(reference.label, x: labelX, y: reference.labelOnTop ? plotTop - top : plotBottom + 45_720, cx: width,
                         cy: top - 45_720 > 0 && reference.labelOnTop ? top - 45_720 : 274_320, size: fontSize, bold: true, align: "ctr")
        }
        return (chart.bars.map { $0.label.isEmpty ? $0.text : "\($0.label): \($0.text)" } + chart.references.map(\.label))
            .joined(separator: "; ") + "."
    }

    /// Dash patterns of the SVG chart as DrawingML's preset dashes.
    static func dash(_ pattern: String) -> String {
        switch pattern {
        case "2 2": return "sysDot"
        case "": return "solid"
        default: return "dash"
        }
    }

    static func stacked(_ chart: StackedBarChart, into shapes: inout ShapeList, x: Int, y: Int, cx: Int, cy: Int) -> String {
        let shades = StackedBarChart.shades(chart.options.count)
        // Legend: one line of squares and names, wrapped when it is wider than the slide.
        var legendX = x, legendY = y
        let legendRow = 274_320
        for (index, option) in chart.options.enumerated() {
            let width = 228_600 + (option.count + 2) * 7 * emuPerPoint
            if legendX > x, legendX + width > x + cx { legendX = x; legendY += legendRow }
            shapes.rectangle(name: "Forklaring: \(option)", x: legendX, y: legendY + 45_720, cx: 137_160, cy: 137_160, fill: hex(shades[index]), line: "1B1F24")
            shapes.label(option, x: legendX + 182_880, y: legendY, cx: width - 182_880, cy: 228_600, size: 1200)
            legendX += width
        }
        var rowY = legendY + legendRow + 45_720
        let labelled = chart.rows.contains { $0.label != nil }
        let rowCount = max(chart.rows.count, 1)
        let rowHeight = min((y + cy - rowY) / rowCount, labelled ? 868_680 : 640_080)
        let labelHeight = labelled ? rowHeight * 2 / 5 : 0
        let barHeight = min(rowHeight - labelHeight - 182_880, 411_480)
        var summary: [String] = []
        for row in chart.rows {
            if let label = row.label {
                shapes.label(label, x: x, y: rowY, cx: cx, cy: labelHeight, size: 1200, anchor: "b")
            }
            let barY = rowY + labelHeight + 45_720
            guard let percents = row.percents else {
                shapes.label(row.note, x: x + 45_720, y: barY, cx: cx, cy: barHeight, size: 1200, colour: hex(Chart.muted))
                summary.append("\(row.label ?? ""): \(row.note)")
                rowY += rowHeight
                continue
            }
            var segmentX = x
            var parts: [String] = []
            for (index, percent) in percents.enumerated() where percent > 0 {
                let width = cx * percent / 100
                let text = StackedBarChart.percentText(percent)
                shapes.rectangle(name: "\(chart.options[index]): \(text)", x: segmentX, y: barY, cx: width, cy: barHeight,
                                 fill: hex(shades[index]), line: "FFFFFF")
                if width >= 457_200 {
                    shapes.label(text, x: segmentX, y: barY, cx: width, cy: barHeight, size: 1200,
                                 colour: hex(StackedBarChart.textColour(index, of: percents.count)), align: "ctr")
                } else {
                    // Too narrow to hold its number: written under the segment.
                    shapes.label(text, x: segmentX + width / 2 - 228_600, y: barY + barHeight, cx: 457_200, cy: 182_880, size: 1000, align: "ctr")
                }
                parts.append("\(chart.options[index]) \(text)")
                segmentX += width
            }
            summary.append((row.label.map { "\($0): " } ?? "") + parts.joined(separator: ", "))
            rowY += rowHeight
        }
        return summary.joined(separator: "; ") + "."
    }
}
