import Foundation

/// Files a test declares in a few lines, in the spirit of Toucan's file-tree test
/// helper, instead of copying the real `Content/` and editing it by string replacement:
///
///     try tree.add {
///         Folder("Content/clusters/testby") {
///             File("cluster.yml", "name: Testby\n…")
///             File("practices.csv", "ydernummer,sikrede\n…")
///         }
///     }
///
/// A file's lines are the test's own, so it can name the line it expects an error on.
protocol FileTreeItem {
    /// Writes the item below a folder.
    func write(in folder: URL) throws
}

struct File: FileTreeItem {
    var name: String
    var text: String

    init(_ name: String, _ text: String) {
        self.name = name
        self.text = text
    }

    func write(in folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

struct Folder: FileTreeItem {
    var name: String
    var items: [any FileTreeItem]

    init(_ name: String, @FileTreeBuilder _ items: () -> [any FileTreeItem]) {
        self.name = name
        self.items = items()
    }

    func write(in folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for item in items { try item.write(in: url) }
    }
}

@resultBuilder
enum FileTreeBuilder {
    static func buildExpression(_ item: any FileTreeItem) -> [any FileTreeItem] { [item] }
    static func buildBlock(_ items: [any FileTreeItem]...) -> [any FileTreeItem] { items.flatMap { $0 } }
    static func buildArray(_ items: [[any FileTreeItem]]) -> [any FileTreeItem] { items.flatMap { $0 } }
    static func buildOptional(_ items: [any FileTreeItem]?) -> [any FileTreeItem] { items ?? [] }
    static func buildEither(first items: [any FileTreeItem]) -> [any FileTreeItem] { items }
    static func buildEither(second items: [any FileTreeItem]) -> [any FileTreeItem] { items }
}

extension TestTree {
    /// Writes the declared files and folders into the tree, over any already there.
    func add(@FileTreeBuilder _ items: () -> [any FileTreeItem]) throws {
        for item in items() { try item.write(in: root) }
    }

    /// A cluster's `cluster.yml` (lines as written).
    static func clusterYAML(name: String = "Klynge Testby", region: String = "syddanmark") -> String {
        [
            "name: \(name)",
            "region: \(region)",
            "pseudonym_key: \"test\"",
            "coordinator:",
            "  name: Test Testesen",
            "  email: test@example.org",
            "  phone: \"11 11 11 11\"",
        ].joined(separator: "\n") + "\n"
    }

    /// A meeting of the real package, its `meeting.yml` (lines as written).
    static func meetingYAML(_ meeting: [String] = [
        "date: 2027-05-06", "start: \"16.00\"", "venue: Testby Lægehus", "address: Testvej 1, 9999 Testby",
    ]) -> String {
        (["package: dosisdispensering", "booked: 2026-10-01T09:00:00Z"] + meeting + [
            "partners:",
            "  municipality:",
            "    name: Testby Kommune",
            "    contact:",
            "      name: Tove Test",
            "      title: Konsulent",
            "      email: tove@example.org",
            "      phone: \"22 22 22 22\"",
        ]).joined(separator: "\n") + "\n"
    }
}
