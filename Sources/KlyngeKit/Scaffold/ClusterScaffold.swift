import Foundation

/// `klynge new cluster SLUG` and `klynge new meeting CLUSTER`: folders ready to fill
/// in. Facts Klynge cannot know are written `null`, so `klynge check` names each one
/// with its line until it is filled in; nothing is invented that could be published
/// by mistake. The data files get their header rows from the package's declaration.
public enum ClusterScaffold {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates `Content/clusters/<slug>/cluster.yml` and, when a package is named (or
    /// there is only one), the cluster's first meeting. Returns the paths written.
    public static func create(slug: String, package requested: String?, date: String? = nil, root: URL,
                              now: Date = Date()) throws(Failure) -> [String] {
        guard Slug.isValid(slug) else {
            throw Failure(description: "'\(slug)' is not a valid cluster name: use lower-case letters, digits and single hyphens, e.g. odense-nord")
        }
        if let problem = SiteNames.reservedProblem(slug) { throw Failure(description: problem) }
        try requireContent(root)
        let folder = "Content/clusters/\(slug)"
        try requireNew(folder, root: root)
        let packages = packageIDs(root: root)
        var files = [("\(folder)/cluster.yml", clusterYAML(slug: slug, regions: regionIDs(root: root)))]
        let package: String?
        if let requested {
            package = try known(requested, packages)
        } else {
            package = packages.count == 1 ? packages[0] : nil
        }
        if let package {
            files += try meetingFiles(cluster: slug, package: package, date: date, followsUp: nil, root: root, now: now)
        }
        try write(files, root: root)
        return files.map(\.0)
    }

    /// Creates `Content/clusters/<cluster>/<YYYY-MM>-<package>/` with `meeting.yml` and
    /// the data files' header rows. A meeting of a follow-up package names the cluster's
    /// latest meeting of the package it follows up on.
    public static func createMeeting(cluster: String, package requested: String, date: String, root: URL,
                                     now: Date = Date()) throws(Failure) -> [String] {
        try requireContent(root)
        let clusterFolder = root.appendingPathComponent("Content/clusters/\(cluster)")
        guard FileManager.default.fileExists(atPath: clusterFolder.appendingPathComponent("cluster.yml").path) else {
            let clusters = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Content/clusters").path)) ?? []).filter(Slug.isValid)
            throw Failure(description: "no cluster named '\(cluster)' in Content/clusters\(Suggestion.didYouMean(cluster, clusters)); create it with `klynge new cluster \(cluster)`")
        }
        let package = try known(requested, packageIDs(root: root))
        let files = try meetingFiles(cluster: cluster, package: package, date: date, followsUp: .latest, root: root, now: now)
        try write(files, root: root)
        return files.map(\.0)
    }

    enum FollowUp { case latest }

    static func meetingFiles(cluster: String, package id: String, date: String?, followsUp: FollowUp?, root: URL,
                             now: Date) throws(Failure) -> [(String, String)] {
        let log = DiagnosticLog()
        guard let package = ContentTree.package(id, root: root, log: log) else {
            throw Failure(description: (log.errors.map(\.description).joined(separator: "\n")) + "\nfix the package first: its declaration gives the meeting's data files")
        }
        var day: Day?
        if let date {
            day = Day(parsing: date)
            guard day != nil else { throw Failure(description: "'\(date)' is not a real date written YYYY-MM-DD") }
        }
        let slug = day.map { "\($0.description.prefix(7))-\(id)" } ?? id
        let folder = "Content/clusters/\(cluster)/\(slug)"
        try requireNew(folder, root: root)
        var follows: String?
        if let followed = package.followsPackage?.value, followsUp != nil {
            let folders = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Content/clusters/\(cluster)").path)) ?? [])
            follows = folders.filter { $0.hasSuffix("-\(followed)") || $0 == followed }.sorted().last
        }
        var files = [("\(folder)/meeting.yml", meetingYAML(package: package, date: day, followsUp: follows, booked: now))]
        if let register = package.register {
            files.append(("\(folder)/\(register.file)", register.columns.map(\.name).joined(separator: ",") + "\n"))
        }
        if let file = package.surveyFile, let survey = package.survey {
            files.append(("\(folder)/\(file)", survey.questions.map(\.id).joined(separator: ",") + "\n"))
        }
        return files
    }

    /// The folder must not exist — `lstat`, not `fileExists`: a link, even one to nothing,
    /// is something that exists — and must lie inside the root once links are resolved,
    /// so nothing is ever written through a link out of it.
    static func requireNew(_ folder: String, root: URL) throws(Failure) {
        var info = stat()
        guard lstat(root.appendingPathComponent(folder).path, &info) != 0 else {
            throw Failure(description: "\(folder) already exists; choose another name or edit its files")
        }
        let realRoot = SiteWriter.realPath(root)
        guard SiteWriter.realPath(root.appendingPathComponent(folder)).hasPrefix(realRoot + "/") else {
            throw Failure(description: "\(folder) would be written outside \(root.path) through a symbolic link; Klynge never writes through a link")
        }
    }

    private static func requireContent(_ root: URL) throws(Failure) {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Content").path) else {
            throw Failure(description: "no Content/ folder here; use --root to name the folder that holds Content/ and Theme/")
        }
    }

    private static func known(_ requested: String, _ packages: [String]) throws(Failure) -> String {
        guard packages.contains(requested) else {
            throw Failure(description: "no package named '\(requested)' in Content/packages\(Suggestion.didYouMean(requested, packages))")
        }
        return requested
    }

    static func write(_ files: [(String, String)], root: URL) throws(Failure) {
        do {
            for (path, text) in files {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            throw Failure(description: "cannot write the files: \(error.localizedDescription)")
        }
    }

    static func packageIDs(root: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Content/packages").path)) ?? [])
            .filter { Slug.isValid($0) }.sorted()
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

    static func clusterYAML(slug: String, regions: [String]) -> String {
        """
        # Cluster \(slug). Fill in every `null`, then run `klynge check`: it names each
        # value still missing with its line. docs/TEMPLATES.md describes every key.
        # Text that starts with a digit or holds ": " goes in quotes: "11 22 33 44".
        # Each meeting has a folder of its own here: `klynge new meeting \(slug) --package ID --date YYYY-MM-DD`.
        name: \(name(for: slug))
        region: null            # one of: \(regions.isEmpty ? "the ids in Content/regions.yml" : regions.joined(separator: ", "))
        # Secret: decides which practice is Praksis A, B, … Made at random for this
        # cluster; keep it out of sight and do not change it after the first handout.
        pseudonym_key: "\(randomKey())"
        coordinator:            # the cluster coordinator (klyngekoordinator)
          name: null
          email: null
          phone: null           # optional: delete the line when there is none

        """
    }

    static func meetingYAML(package: ClusterPackage, date: Day?, followsUp: String?, booked: Date) -> String {
        var lines = [
            "# A meeting on \(package.title). The folder's name is the meeting's web address:",
            "# keep it once pages or handouts with its QR code are out.",
            "package: \(package.id)",
            "booked: \(Timestamp(booked))   # when the meeting was booked: the calendar's DTSTAMP",
            "date: \(date.map(\.description) ?? "null")        # YYYY-MM-DD",
            "start: null           # HH.MM in quotes, for example \"16.00\"",
            "venue: null           # the name of the place",
            "address: null         # street, postcode and town",
        ]
        if package.isFollowUp {
            lines.append("follows_up: \(followsUp ?? "null")   # the folder of the meeting this one follows up on")
        }
        if !package.partners.isEmpty {
            lines.append("partners:")
            for role in package.partners {
                lines.append("  \(role.id):\(role.required ? "" : "           # optional: delete the block when no \(role.indefinite) takes part")")
                lines += [
                    "    name: null",
                    "    contact:            # delete the contact when it is not known yet",
                    "      name: null",
                    "      title: null",
                    "      email: null",
                    "      phone: null",
                ]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Timestamp {
    /// The moment as UTC, to the minute.
    init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        self.init(day: Day(year: parts.year!, month: parts.month!, day: parts.day!), time: ClockTime(hour: parts.hour!, minute: parts.minute!))
    }
}

extension Timestamp: CustomStringConvertible {
    /// `2026-11-20T10:00:00Z`.
    public var description: String {
        "\(day)T\(time.hour < 10 ? "0" : "")\(time.hour):\(time.minute < 10 ? "0" : "")\(time.minute):00Z"
    }
}
