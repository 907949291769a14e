/// One 100 % bar per question, split by answer option from the first option to the
/// last. Shades run from dark to light in the options' order, a legend names them in
/// the same order, and every share is written on (or, when narrow, under) its part,
/// so the chart reads in black and white.
struct StackedBarChart: Hashable {
    struct Row: Hashable {
        /// Nil when the figure's title names the one question.
        var label: String?
        /// Per option, summing to 100; nil writes `note` instead of a bar.
        var percents: [Int]?
        var note: String
    }

    var options: [String]
    var rows: [Row]

    private let barHeight = 20.0
    /// Shares written on the bar: a little smaller, so that more of them fit inside.
    private static let shareSize = 11.0
    private let lineHeight = 15.0

    /// The shades for up to 11 options, made once: every survey chart of every cluster asks.
    private static let shadesByCount = (0...11).map(makeShades)

    static func shades(_ count: Int) -> [String] {
        count < shadesByCount.count ? shadesByCount[count] : makeShades(count)
    }

    static func makeShades(_ count: Int) -> [String] {
        let dark = (11.0, 61.0, 82.0), light = (227.0, 237.0, 242.0)
        return (0..<count).map { index in
            let t = count > 1 ? Double(index) / Double(count - 1) : 0
            let parts = [dark.0 + (light.0 - dark.0) * t, dark.1 + (light.1 - dark.1) * t, dark.2 + (light.2 - dark.2) * t]
            return "#" + parts.map { value in
                let hex = String(Int(value.rounded()), radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
        }
    }

    /// White text on the darker half of the shades, ink on the lighter.
    static func textColour(_ index: Int, of count: Int) -> String {
        count > 1 && Double(index) / Double(count - 1) >= 0.45 ? Chart.ink : Chart.paper
    }

    static func percentText(_ percent: Int) -> String { "\(percent)\u{A0}%" }

    func svg(labelledBy id: String) -> String {
        var svg = SVG()
        let width = Chart.width
        let shades = Self.shades(options.count)

        // Legend, flowing over as many lines as it needs.
        var x = 0.0, y = 4.0
        for (index, option) in options.enumerated() {
            let itemWidth = 15 + Chart.textWidth(option, size: Self.shareSize) + 10
            if x > 0, x + itemWidth > width { x = 0; y += 15 }
            svg.rect(x: x + 0.5, y: y + 0.5, width: 10, height: 10, fill: shades[index], stroke: Chart.ink)
            svg.text(option, x: x + 15, y: y + 9.5, size: Self.shareSize)
            x += itemWidth
        }
        y += 19

        for row in rows {
            let lines = row.label.map { Chart.wrap($0, width: width) } ?? []
            for line in lines {
                y += lineHeight
                svg.text(line, x: 0, y: y - 3)
            }
            y += 3
            guard let percents = row.percents else {
                svg.text(row.note, x: 4, y: y + barHeight / 2 + 4.5, fill: Chart.muted, className: "chart-value")
                y += barHeight + 8
                continue
            }
            var start = 0.5
            var callouts: [(x: Double, text: String)] = []
            let barWidth = width - 1
            // Shares rounded one by one may miss 100 by a point or two: the parts fill the bar exactly.
            let sum = Double(max(percents.reduce(0, +), 1))
            for (index, percent) in percents.enumerated() where percent > 0 {
                let segment = barWidth * Double(percent) / sum
                svg.rect(x: start, y: y, width: segment, height: barHeight, fill: shades[index], stroke: Chart.paper)
                let text = Self.percentText(percent)
                if Chart.textWidth(text, size: Self.shareSize) + 3 <= segment {
                    svg.text(text, x: start + segment / 2, y: y + barHeight / 2 + 4, anchor: .middle, size: Self.shareSize,
                             fill: Self.textColour(index, of: percents.count), className: "chart-value")
                } else {
                    callouts.append((start + segment / 2, text))
                }
                start += segment
            }
            svg.rect(x: 0.5, y: y, width: barWidth, height: barHeight, fill: "none", stroke: Chart.ink)
            y += barHeight

            // Shares too narrow to hold their number: written under the bar, on as
            // many levels as it takes for none to overlap.
            var levelEnds: [Double] = []
            for callout in callouts {
                let half = Chart.textWidth(callout.text, size: Self.shareSize) / 2 + 2
                let left = min(max(callout.x - half, 0), width - 2 * half)
                let level = levelEnds.firstIndex { $0 <= left } ?? levelEnds.count
                if level == levelEnds.count { levelEnds.append(0) }
                levelEnds[level] = left + 2 * half
                let textY = y + 12 + Double(level) * 14
                svg.line(x1: callout.x, y1: y, x2: callout.x, y2: textY - 9, stroke: Chart.ink)
                svg.text(callout.text, x: left + half, y: textY, anchor: .middle, size: Self.shareSize, className: "chart-value")
            }
            y += Double(levelEnds.count) * 14 + 8
        }
        return svg.document(width: width, height: y, labelledBy: id)
    }
}
