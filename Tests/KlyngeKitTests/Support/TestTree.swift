import Foundation
@testable import KlyngeKit

/// A temporary site root, filled with a copy of the repository's real `Content/`
/// and `Theme/` (or nothing), where a test may write, change and delete files
/// before building it. Removed when the test ends.
final class TestTree {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let root: URL
    /// The moment the build checks deadlines against: fixed, so that no test depends on today.
    var now = DanishCalendar.date(Day(year: 2026, month: 11, day: 1))!

    init(copyingRealContent: Bool = true) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("klynge-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copyingRealContent {
            for folder in ["Content", "Theme"] {
                try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(folder),
                                                 to: root.appendingPathComponent(folder))
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var output: URL { root.appendingPathComponent("_site") }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// Replaces the first occurrence of `old` in a file; fails loudly when absent,
    /// so a test never silently changes nothing.
    func replace(in path: String, _ old: String, with new: String) throws {
        let text = try read(path)
        guard let range = text.range(of: old) else {
            throw TestTreeError("'\(old)' not found in \(path)")
        }
        try write(path, text.replacingCharacters(in: range, with: new))
    }

    /// The example clusters' meeting folders (below `Content/clusters/`, `_site/`, `_private/`).
    static let fiktivbyMeeting = "fiktivby-nord/2027-03-dosisdispensering"
    static let eksempelstrupMeeting = "eksempelstrup-vest/2027-11-dosisdispensering"
    /// Fiktivby Nord's second meeting: the follow-up of `fiktivbyMeeting`.
    static let fiktivbyFollowUp = "fiktivby-nord/2028-04-opfoelgning-dosisdispensering"

    /// Adds clusters `kopi-1` … `kopi-N`: the example cluster's whole folder (its
    /// `cluster.yml` and its meeting folder with the data files) under other names.
    func addCopiesOfTheExampleCluster(_ count: Int) throws {
        for number in 1...count {
            try copyCluster("fiktivby-nord", to: "kopi-\(number)")
            let cluster = try read("Content/clusters/kopi-\(number)/cluster.yml")
            try write("Content/clusters/kopi-\(number)/cluster.yml",
                      cluster.replacingOccurrences(of: "name: Klynge Fiktivby Nord", with: "name: Kopi \(number)"))
        }
    }

    /// Copies a cluster's whole folder (cluster.yml and its meeting folders) to another slug.
    func copyCluster(_ slug: String, to copy: String) throws {
        try FileManager.default.copyItem(at: url("Content/clusters/\(slug)"), to: url("Content/clusters/\(copy)"))
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    @discardableResult
    func build(clusters: Set<String>? = nil) -> Result<BuildReport, BuildFailure> {
        SiteBuilder.build(BuildOptions(root: root, clusters: clusters, now: now))
    }

    @discardableResult
    func buildSucceeds() throws -> BuildReport {
        switch build() {
        case .success(let report): return report
        case .failure(let failure): throw TestTreeError("build failed:\n\(failure)")
        }
    }

    func buildFails() throws -> [Diagnostic] {
        switch build() {
        case .success: throw TestTreeError("the build succeeded but should have failed")
        case .failure(let failure): return failure.diagnostics.filter { $0.severity == .error }
        }
    }

    /// Every file below a folder, path → bytes.
    func snapshot(_ folder: String = "_site") throws -> [String: Data] {
        let base = url(folder)
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let file as URL in enumerator where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files[String(file.path.dropFirst(base.path.count + 1))] = try Data(contentsOf: file)
        }
        return files
    }
}

struct TestTreeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// The text of an HTML page with tags removed and entities for & < > " ' decoded,
    /// so tests read what a person reads.
    var visibleText: String {
        var text = replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }
}
