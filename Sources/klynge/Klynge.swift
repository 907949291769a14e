import ArgumentParser
import Foundation
import KlyngeKit

@main
struct Klynge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "klynge",
        abstract: "Builds cluster-meeting sites from Content/ and Theme/.",
        discussion: """
        Examples:
          klynge                          build the site into _site/
          klynge serve                    preview at http://127.0.0.1:8000/ while you edit
          klynge new cluster odense-nord  start a new cluster's folder
          klynge check                    find every problem without writing anything
        """,
        version: KlyngeVersion.current,
        subcommands: [Build.self, Serve.self, Check.self, New.self, BenchRebuild.self],
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
          klynge build --pdf                 # also a PDF beside every document page (needs Chromium)
          klynge build --strict           stop on every warning: for the build that gets published
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

    @Flag(help: "Also write a PDF beside every document page, printed by headless Chromium (Debian package 'chromium').")
    var pdf = false

    @Option(help: "Check the clusters' deadlines as of this day (YYYY-MM-DD) instead of today.", transform: Day.argument)
    var today: Day?

    @Flag(help: "Treat every warning – a value still null, a deadline passed – as an error, and write nothing (for the build that gets published).")
    var strict = false

    /// Noon of the `--today` day in Copenhagen, or now.
    func now() -> Date {
        today.flatMap { DanishCalendar.date($0) } ?? Date()
    }

    func run() throws {
        let started = Date()
        let rootURL = URL(fileURLWithPath: root)
        var options = BuildOptions(root: rootURL,
                                   output: output.map { URL(fileURLWithPath: $0) },
                                   clusters: clusters.isEmpty ? nil : Set(clusters),
                                   now: now())
        options.progress = Console.progress(quiet: quiet)
        options.pdf = pdf
        // One clear line, before any work, when the renderer is not there.
        if pdf, PDFPrinter.locate() == nil {
            Console.error(Console.red("klynge: \(PDFPrinter.missingMessage)"))
            throw ExitCode.failure
        }
        options.strict = strict
        // The report's count and warnings are all this command shows: the files' bytes
        // can go as soon as they are written.
        options.keepsFiles = false
        let result = SiteBuilder.build(options)
        Console.endProgress()
        switch result {
        case .success(let report):
            if !quiet {
                for warning in report.warnings { Console.diagnostic(warning) }
                Console.out("\(Console.count(report)) in \(Console.seconds(Date().timeIntervalSince(started))) → \(options.output.path)")
            }
        case .failure(let failure):
            for diagnostic in failure.diagnostics where !quiet || diagnostic.severity == .error {
                Console.diagnostic(diagnostic)
            }
            let count = failure.diagnostics.filter { $0.severity == .error }.count
            let outcome = failure.changedOutput ? "the output changed as said above" : "nothing was written"
            Console.error(Console.red("klynge: \(count) \(count == 1 ? "error" : "errors"); \(outcome)"))
            throw ExitCode.failure
        }
    }
}
