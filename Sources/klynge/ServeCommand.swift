import ArgumentParser
import Foundation
import KlyngeKit

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site at http://127.0.0.1:8000/, rebuilt and reloaded as you edit.",
        discussion: """
        Builds the site in memory and serves it on this computer only (127.0.0.1).
        Content/ and Theme/ are watched: a change rebuilds what it affects and open
        pages reload by themselves. When a change has errors they are printed here and
        shown on top of every page, and the last good site keeps being served.
        Nothing is written to disk; `klynge build` makes the site to publish.

        Examples:
          klynge serve
          klynge serve --port 8080 --root ~/klynger
          klynge serve --cluster odense-nord
        """
    )

    @Option(help: "The folder holding Content/ and Theme/.")
    var root: String = "."

    @Option(help: "The port on 127.0.0.1 (0 picks a free one).")
    var port: UInt16 = 8000

    @Option(name: .customLong("cluster"), help: "Serve only this cluster (repeatable).")
    var clusters: [String] = []

    @Flag(help: "Print only errors.")
    var quiet = false

    func run() async throws {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        var options = BuildOptions(root: rootURL, clusters: clusters.isEmpty ? nil : Set(clusters))
        options.progress = Console.progress(quiet: quiet)
        let site = LiveSite(options: options)
        let watcher = TreeWatcher(root: rootURL)
        let first = site.rebuild(.everything)
        Console.endProgress()
        report(first, initial: true)
        do {
            try await PreviewServer.run(site: site, watcher: watcher, port: port, onListening: { address in
                Console.out("Serving \(Console.bold(address)) (watching Content/ and Theme/; Ctrl-C stops)")
            }, onEvent: { event in
                Console.endProgress()
                report(event, initial: false)
            })
        } catch let failure as PreviewServer.Failure {
            Console.error(Console.red("klynge: ") + failure.description)
            throw ExitCode.failure
        }
    }

    func report(_ event: LiveSite.Event, initial: Bool) {
        let time = Self.clock.string(from: Date())
        switch event {
        case .built(let report, let seconds, let scope, let newWarnings):
            guard !quiet else { return }
            for warning in newWarnings { Console.diagnostic(warning) }
            var what = "Built"
            if !initial, case .clusters(let slugs) = scope { what = "Rebuilt \(slugs.sorted().joined(separator: ", ")):" }
            else if !initial { what = "Rebuilt everything:" }
            Console.out("[\(time)] \(what) \(Console.count(report)) in \(Console.seconds(seconds))")
        case .failed(let diagnostics):
            for diagnostic in diagnostics where diagnostic.severity == .error || !quiet { Console.diagnostic(diagnostic) }
            let count = diagnostics.filter { $0.severity == .error }.count
            let errors = "\(count) \(count == 1 ? "error" : "errors")"
            Console.error("[\(time)] " + Console.red("klynge: \(errors)") + (initial ? "; serving the errors until they are fixed" : "; still serving the last good site"))
        }
    }

    static let clock: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter
    }()
}
