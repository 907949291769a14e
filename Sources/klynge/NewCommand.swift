import ArgumentParser
import Foundation
import KlyngeKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create new content from a template.",
        discussion: """
        Examples:
          klynge new cluster odense-nord
        """,
        subcommands: [NewCluster.self]
    )
}

struct NewCluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Create Content/clusters/<slug>/ with a commented cluster.yml and the CSV headers.",
        discussion: """
        The values Klynge cannot know are written `null`; `klynge check` names each
        one with its line until it is filled in. An existing folder is never touched.

        Examples:
          klynge new cluster odense-nord
          klynge new cluster aarhus-syd --package dosisdispensering --root ~/klynger
        """
    )

    @Argument(help: "The cluster's folder and web address: lower-case letters, digits and hyphens.")
    var slug: String

    @Option(help: "The package the cluster books (needed when Content/packages holds several).")
    var package: String?

    @Option(help: "The folder holding Content/ and Theme/.")
    var root: String = "."

    @Flag(help: "Print only errors.")
    var quiet = false

    func run() throws {
        do {
            let created = try ClusterScaffold.create(slug: slug, package: package, root: URL(fileURLWithPath: root))
            guard !quiet else { return }
            for path in created { Console.out("created \(path)") }
            Console.out("""
                Next: fill in the values written null in \(created[0]),
                paste the register extract into practices.csv and the survey export into
                survey-responses.csv, then run `klynge check`.
                """)
        } catch {
            Console.error(Console.red("klynge: ") + error.description)
            throw ExitCode.failure
        }
    }
}
