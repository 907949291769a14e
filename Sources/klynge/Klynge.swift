import ArgumentParser
import Foundation
import KlyngeKit

@main
struct Klynge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "klynge",
        abstract: "Builds cluster-meeting sites from Content/ and Theme/.",
        version: KlyngeVersion.current,
        subcommands: [Build.self, BenchRebuild.self],
        defaultSubcommand: Build.self
    )
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into _site/.",
        discussion: """
        Examples:
          klynge build
          klynge build --root ~/klyngepakker --output /tmp/site
          klynge build --cluster fiktivby-nord
        """
    )

    @Option(help: "The folder holding Content/ and Theme/.")
    var root: String = "."

    @Option(help: "Where the site goes (default: <root>/_site).")
    var output: String?

    @Option(name: .customLong("cluster"), help: "Build only this cluster (repeatable).")
    var clusters: [String] = []

    @Flag(help: "Print only errors.")
    var quiet = false

    @Option(help: "Check the clusters' deadlines as of this day (YYYY-MM-DD) instead of today.")
    var today: String?

    func validate() throws { _ = try now() }

    /// Noon of the `--today` day in Copenhagen, or now.
    func now() throws -> Date {
        guard let today else { return Date() }
        let parts = today.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3 {
            let day = Day(year: parts[0], month: parts[1], day: parts[2])
            if let date = DanishCalendar.date(day), DanishCalendar.day(of: date) == day { return date }
        }
        throw ValidationError("--today must be a date written YYYY-MM-DD, not '\(today)'")
    }

    func run() throws {
        let started = Date()
        let rootURL = URL(fileURLWithPath: root)
        let options = BuildOptions(root: rootURL,
                                   output: output.map { URL(fileURLWithPath: $0) },
                                   clusters: clusters.isEmpty ? nil : Set(clusters),
                                   now: try now())
        switch SiteBuilder.build(options) {
        case .success(let report):
            if !quiet {
                for warning in report.warnings { Terminal.error(warning.description) }
                let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
                print("\(report.clusters) \(report.clusters == 1 ? "cluster" : "clusters"), \(report.pages) pages in \(seconds) s → \(options.output.path)")
            }
        case .failure(let failure):
            for diagnostic in failure.diagnostics where !quiet || diagnostic.severity == .error {
                Terminal.error(diagnostic.description)
            }
            let count = failure.diagnostics.filter { $0.severity == .error }.count
            Terminal.error("klynge: \(count) \(count == 1 ? "error" : "errors"); nothing was written")
            throw ExitCode.failure
        }
    }
}

enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
