import ArgumentParser
import Foundation
import KlyngeKit

/// Hidden, for `make bench`: how long one cluster takes to rebuild inside a running
/// process after one document changed, as `serve` does it (no process start-up).
struct BenchRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-rebuild",
        abstract: "Time the rebuild of one cluster after a document changes (for make bench).",
        shouldDisplay: false
    )

    @Option(help: "The folder holding Content/ and Theme/.")
    var root: String = "."

    @Option(help: "The cluster to rebuild.")
    var cluster: String

    @Option(help: "The document to change before each run, relative to the root.")
    var document: String

    @Option(help: "How many runs.")
    var runs = 10

    func run() throws {
        let rootURL = URL(fileURLWithPath: root)
        let documentURL = rootURL.appendingPathComponent(document)
        let original = try Data(contentsOf: documentURL)
        defer { try? original.write(to: documentURL) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-bench-rebuild-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = BuildOptions(root: rootURL, output: output, clusters: [cluster])

        var rendered: [Double] = [], written: [Double] = []
        for run in 0..<runs {
            try (original + Data("\nÆndring \(run).\n".utf8)).write(to: documentURL)
            var started = Date()
            guard case .success = SiteBuilder.render(options) else { throw ValidationError("the build failed") }
            rendered.append(Date().timeIntervalSince(started))
            try (original + Data("\nÆndring \(run) igen.\n".utf8)).write(to: documentURL)
            started = Date()
            guard case .success = SiteBuilder.build(options) else { throw ValidationError("the build failed") }
            written.append(Date().timeIntervalSince(started))
        }
        func median(_ times: [Double]) -> String { String(format: "%.1f ms", times.sorted()[times.count / 2] * 1000) }
        print("one cluster after a change (in the process): rendered in memory \(median(rendered)), rendered and written \(median(written)) (medians of \(runs))")
    }
}
