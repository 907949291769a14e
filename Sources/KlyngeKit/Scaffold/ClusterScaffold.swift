import Foundation

/// `klynge new cluster SLUG`: a cluster folder ready to fill in. Facts Klynge
/// cannot know are written `null`, so `klynge check` names each one with its line
/// until it is filled in; nothing is invented that could be published by mistake.
public enum ClusterScaffold {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let practicesHeader = "ydernummer,sikrede,dosis,medicinadministration,periode"

    /// Creates `Content/clusters/<slug>/` and returns the paths written, relative to the root.
    public static func create(slug: String, package requested: String?, root: URL) throws(Failure) -> [String] {
        guard Slug.isValid(slug) else {
            throw Failure(description: "'\(slug)' is not a valid cluster name: use lower-case letters, digits and single hyphens, e.g. odense-nord")
        }
        if let problem = SiteNames.reservedProblem(slug) { throw Failure(description: problem) }
        let fileManager = FileManager.default
        let content = root.appendingPathComponent("Content")
        guard fileManager.fileExists(atPath: content.path) else {
            throw Failure(description: "no Content/ folder here; use --root to name the folder that holds Content/ and Theme/")
        }
        let folder = "Content/clusters/\(slug)"
        // `lstat`, not `fileExists`: a link, even one to nothing, is something that exists.
        var info = stat()
        guard lstat(root.appendingPathComponent(folder).path, &info) != 0 else {
            throw Failure(description: "\(folder) already exists; choose another name or edit its files")
        }
        // Links resolved: the new folder is written inside the root, never through a link out of it.
        let realRoot = SiteWriter.realPath(root)
        guard SiteWriter.realPath(root.appendingPathComponent(folder)).hasPrefix(realRoot + "/") else {
            throw Failure(description: "\(folder) would be written outside \(root.path) through a symbolic link; Klynge never writes through a link")
        }

        let packages = ((try? fileManager.contentsOfDirectory(atPath: content.appendingPathComponent("packages").path)) ?? [])
            .filter { Slug.isValid($0) }.sorted()
        let package: String
        if let requested {
            guard packages.contains(requested) else {
                throw Failure(description: "no package named '\(requested)' in Content/packages\(Suggestion.didYouMean(requested, packages))")
            }
            package = requested
        } else if packages.count == 1 {
            package = packages[0]
        } else if packages.isEmpty {
            throw Failure(description: "Content/packages holds no package for the cluster to book")
        } else {
            throw Failure(description: "there are several packages (\(packages.joined(separator: ", "))); name one with --package")
        }

        let questions = try questionIDs(root: root, package: package)
        let regions = regionIDs(root: root)
        let files = [
            ("\(folder)/cluster.yml", clusterYAML(slug: slug, package: package, packages: packages, regions: regions)),
            ("\(folder)/practices.csv", practicesHeader + "\n"),
            ("\(folder)/survey-responses.csv", questions.joined(separator: ",") + "\n"),
        ]
        do {
            try fileManager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            for (path, text) in files {
                try Data(text.utf8).write(to: root.appendingPathComponent(path), options: .withoutOverwriting)
            }
        } catch {
            throw Failure(description: "\(folder): cannot write the files: \(error.localizedDescription)")
        }
        return files.map(\.0)
    }

    /// The survey's question ids, which are the columns of `survey-responses.csv`.
    static func questionIDs(root: URL, package: String) throws(Failure) -> [String] {
        let path = "Content/packages/\(package)/survey.yml"
        let log = DiagnosticLog()
        guard let file = SourceFile.read(root.appendingPathComponent(path), relativePath: path, log: log),
              let yaml = YAMLParser.parse(file.text, path: path, log: log),
              case .sequence(let questions)? = yaml.node["questions"] else {
            throw Failure(description: (log.all.first?.description ?? "\(path): error: no 'questions' list") + "\nfix the survey first: its question ids are the columns of survey-responses.csv")
        }
        return questions.compactMap { $0["id"]?.string }
    }

    static func regionIDs(root: URL) -> [String] {
        let log = DiagnosticLog()
        guard let file = SourceFile.read(root.appendingPathComponent("Content/regions.yml"), relativePath: "Content/regions.yml", log: log),
              let yaml = YAMLParser.parse(file.text, path: file.path, log: log),
              case .sequence(let regions)? = yaml.node["regions"] else { return [] }
        return regions.compactMap { $0["id"]?.string }
    }

    /// 128 random bits as hex: nobody can guess the letters from the provider numbers.
    static func randomKey() -> String {
        (0..<2).map { _ in
            let hex = String(UInt64.random(in: .min ... .max), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// `odense-nord` → `Klynge Odense Nord`, a name to correct rather than to type.
    static func name(for slug: String) -> String {
        "Klynge " + slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    static func clusterYAML(slug: String, package: String, packages: [String], regions: [String]) -> String {
        """
        # Cluster \(slug). Fill in every `null`, then run `klynge check`: it names each
        # value still missing with its line. docs/TEMPLATES.md describes every key.
        # Text that starts with a digit or holds ": " goes in quotes: "11 22 33 44".
        name: \(name(for: slug))
        region: null            # one of: \(regions.isEmpty ? "the ids in Content/regions.yml" : regions.joined(separator: ", "))
        package: \(package)\(packages.count > 1 ? "        # one of: \(packages.joined(separator: ", "))" : "")
        # Secret: decides which practice is Praksis A, B, … Made at random for this
        # cluster; keep it out of sight and do not change it after the first handout.
        pseudonym_key: "\(randomKey())"
        coordinator:            # the cluster coordinator (klyngekoordinator)
          name: null
          email: null
          phone: null           # optional: delete the line when there is none
        meeting:
          date: null            # YYYY-MM-DD, for example 2027-03-04
          start: null           # HH.MM in quotes, for example "16.00"
          venue: null           # the name of the place
          address: null         # street, postcode and town
        municipality:
          name: null            # for example Odense Kommune
          contact:              # delete the contact when it is not known yet
            name: null
            title: null
            email: null
            phone: null
        pharmacy:               # delete the whole block when no pharmacy takes part
          name: null
          contact:
            name: null
            title: null
            email: null
            phone: null

        """
    }
}
