import ArgumentParser
import Foundation
import KlyngeKit

struct Check: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    static let configuration = CommandConfiguration(
        abstract: "Find every problem in Content/ and Theme/ without writing anything.",
        discussion: """
        Runs every validation of a build and checks that every link and anchor between
        the pages resolves. Lists the warnings too: values not filled in yet (`null`)
        and deadlines that have passed. Exits with status 1 when there are errors.

        Examples:
          klynge check
          klynge check --cluster odense-nord
          klynge check --format json > problems.json
          klynge check --today 2027-02-01      # which deadlines will have passed by then
          klynge check --strict                # fail on every warning, as `build --strict` would
        """
    )

    @Option(help: "The folder holding Content/ and Theme/.")
    var root: String = "."

    @Option(name: .customLong("cluster"), help: "Check only this cluster (repeatable).")
    var clusters: [String] = []

    @Option(help: "text for people, json for tools (printed on standard output).")
    var format: Format = .text

    @Option(help: "Check deadlines as of this day (YYYY-MM-DD) instead of today.", transform: Day.argument)
    var today: Day?

    @Flag(help: "Print only errors.")
    var quiet = false

    @Flag(help: "Treat every warning – a value still null, a deadline passed – as an error.")
    var strict = false

    func run() throws {
        var options = BuildOptions(root: URL(fileURLWithPath: root), clusters: clusters.isEmpty ? nil : Set(clusters))
        options.strict = strict
        if let today { options.now = DanishCalendar.date(today) ?? options.now }
        if format == .text { options.progress = Console.progress(quiet: quiet) }
        let report = CheckReport.run(options)
        Console.endProgress()
        switch format {
        case .json:
            Console.out(report.json())
        case .text:
            let shown = quiet ? report.errors : (report.errors + report.warnings).sorted { $0.location < $1.location }
            for diagnostic in shown { Console.diagnostic(diagnostic) }
            let warnings = "\(report.warnings.count) \(report.warnings.count == 1 ? "warning" : "warnings")"
            if report.passed {
                if !quiet { Console.out(Console.green("check passed") + ": \(Console.count(report)), no errors, \(warnings)") }
            } else {
                Console.error(Console.red("check failed: \(report.errors.count) \(report.errors.count == 1 ? "error" : "errors")") + ", \(warnings)")
            }
        }
        if !report.passed { throw ExitCode.failure }
    }
}

extension Day {
    /// `--today` of `build` and `check`, read as `cluster.yml` dates are.
    static func argument(_ text: String) throws -> Day {
        guard let day = Day(parsing: text) else { throw ValidationError("--today must be a real date written YYYY-MM-DD, not '\(text)'") }
        return day
    }
}

extension Console {
    static func count(_ report: CheckReport) -> String {
        "\(report.clusters) \(report.clusters == 1 ? "cluster" : "clusters"), \(report.pages) \(report.pages == 1 ? "page" : "pages")"
    }
}
