import Synchronization

/// A figure's chart as typed values, for output that draws it itself rather than
/// from the SVG: the deck's .pptx draws bars as native shapes from these.
enum FigureChart: Sendable {
    case bars(BarChart)
    case stacked(StackedBarChart)
}

/// Collects the typed charts while `FigureValues.figures` makes a cluster's figures,
/// by figure number. Only a caller that wants them sets one (see `FigureValues.figures`).
final class FigureChartCollector: Sendable {
    private let charts = Mutex<[Int: FigureChart]>([:])

    @TaskLocal static var current: FigureChartCollector?

    func add(_ number: Int, _ chart: FigureChart) { charts.withLock { $0[number] = chart } }
    var all: [Int: FigureChart] { charts.withLock { $0 } }

    /// The figures' typed charts of one cluster, made by the same code as its figures.
    static func charts(cluster: Cluster, package: ClusterPackage) -> [Int: FigureChart] {
        let collector = FigureChartCollector()
        $current.withValue(collector) { _ = FigureValues.figures(cluster: cluster, package: package) }
        return collector.all
    }
}
