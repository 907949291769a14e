import ArgumentParser
import Foundation
import KlyngeKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create new content from a template.",
        discussion: """
        Examples:
          klynge new cluster odense-nord --package kol --date 2027-03-04
          klynge new meeting odense-nord --package opfoelgning-kol --date 2028-03-02
          klynge new package rationel-antibiotika
        """,
        subcommands: [NewCluster.self, NewMeeting.self, NewPackage.self]
    )
}

/// What the `new` commands share: the root, quiet output and how a failure is told.
struct NewOptions: ParsableArguments {
    @Option(help: "The folder holding Content/ and Theme/.")
    var root: String = "."

    @Flag(help: "Print only errors.")
    var quiet = false

    func report(_ created: () throws(ClusterScaffold.Failure) -> [String], next: ([String]) -> String) throws {
        do {
            let paths = try created()
            guard !quiet else { return }
            for path in paths { Console.out("created \(path)") }
            Console.out(next(paths))
        } catch {
            Console.error(Console.red("klynge: ") + error.description)
            throw ExitCode.failure
        }
    }
}

struct NewCluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Create Content/clusters/<slug>/ with a commented cluster.yml, and its first meeting.",
        discussion: """
        With --package (or when Content/packages holds one package), the cluster's first
        meeting is made too, with the data files' header rows from the package's
        declaration. The values Klynge cannot know are written `null`; `klynge check`
        names each one with its line until it is filled in. An existing folder is never touched.

        Examples:
          klynge new cluster odense-nord
          klynge new cluster aarhus-syd --package kol --date 2027-05-11 --root ~/klynger
        """
    )

    @Argument(help: "The cluster's folder and web address: lower-case letters, digits and hyphens.")
    var slug: String

    @Option(help: "The package the cluster's first meeting books.")
    var package: String?

    @Option(help: "The first meeting's date, YYYY-MM-DD.")
    var date: String?

    @OptionGroup var options: NewOptions

    func run() throws {
        try options.report({ () throws(ClusterScaffold.Failure) in
            try ClusterScaffold.create(slug: slug, package: package, date: date, root: URL(fileURLWithPath: options.root))
        }, next: { paths in
            """
            Next: fill in the values written null, paste the register extract and the survey
            export into the meeting's data files, then run `klynge check`.
            """
        })
    }
}

struct NewMeeting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "Add a meeting to a cluster: Content/clusters/<cluster>/<YYYY-MM>-<package>/.",
        discussion: """
        The folder's name is the meeting's web address, which never changes when other
        meetings are added or removed. A meeting of a follow-up package names the
        cluster's latest meeting of the package it follows up on.

        Examples:
          klynge new meeting fiktivby-nord --package opfoelgning-kol --date 2028-04-18
        """
    )

    @Argument(help: "The cluster's folder name.")
    var cluster: String

    @Option(help: "The package the meeting books.")
    var package: String

    @Option(help: "The meeting's date, YYYY-MM-DD.")
    var date: String

    @OptionGroup var options: NewOptions

    func run() throws {
        try options.report({ () throws(ClusterScaffold.Failure) in
            try ClusterScaffold.createMeeting(cluster: cluster, package: package, date: date, root: URL(fileURLWithPath: options.root))
        }, next: { _ in "Next: fill in the values written null, then run `klynge check`." })
    }
}

struct NewPackage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Create Content/packages/<name>/: a package that builds, to rewrite for a new topic.",
        discussion: """
        docs/PACKAGES.md explains every key of package.yml and how the documents use them.

        Examples:
          klynge new package rationel-antibiotika
        """
    )

    @Argument(help: "The package's folder name: lower-case letters, digits and hyphens.")
    var name: String

    @OptionGroup var options: NewOptions

    func run() throws {
        try options.report({ () throws(ClusterScaffold.Failure) in
            try PackageScaffold.create(name: name, root: URL(fileURLWithPath: options.root))
        }, next: { _ in "Next: rewrite the texts, declare the package's data and measures (docs/PACKAGES.md), then `klynge new cluster` and `klynge build`." })
    }
}
