import Foundation
import PropertyBased
import Synchronization
import Testing
@testable import KlyngeKit

/// Templates are rendered once per context shape and filled with each cluster's
/// values; that must give exactly the bytes of rendering every page directly.
@Suite(.serialized) struct ShapedRenderingTests {
    static func sites(_ tree: TestTree) throws -> (shaped: [String: Data], direct: [String: Data]) {
        var options = BuildOptions(root: tree.root, now: tree.now)
        guard case .success(let shaped) = SiteBuilder.render(options) else { throw TestTreeError("the tree must build") }
        options.shapedRendering = false
        guard case .success(let direct) = SiteBuilder.render(options) else { throw TestTreeError("the tree must build directly") }
        return (Dictionary(uniqueKeysWithValues: shaped.files.map { ($0.path, $0.data) }),
                Dictionary(uniqueKeysWithValues: direct.files.map { ($0.path, $0.data) }))
    }

    /// Several clusters of the same shapes with different, partly hostile values.
    @Test func sharedShapesGiveTheBytesOfDirectRendering() throws {
        let tree = try TestTree()
        let nord = try tree.read("Content/clusters/fiktivby-nord/cluster.yml")
        let vest = try tree.read("Content/clusters/eksempelstrup-vest/cluster.yml")
        let names = ["Anne & Bo", "<b>fed</b> *kursiv*", "Ærø Øst – \"citat\"", "{{site.title}}", "kLyNgE1x kLyNgE2&amp;x", "Klynge 7"]
        let regions = ["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland", "syddanmark"]
        for (number, name) in names.enumerated() {
            let quoted = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            var text = (number % 2 == 0 ? nord : vest)
                .replacingOccurrences(of: "name: Klynge Fiktivby Nord", with: "name: \(quoted)")
                .replacingOccurrences(of: "name: Klynge Eksempelstrup Vest", with: "name: \(quoted)")
            text = text.replacingOccurrences(of: "region: syddanmark", with: "region: \(regions[number])")
                .replacingOccurrences(of: "region: nordjylland", with: "region: \(regions[number])")
            if number == 3 { text = text.replacingOccurrences(of: "  phone: \"11 22 33 44\"", with: "  phone: null") }
            try tree.copyCluster(number % 2 == 0 ? "fiktivby-nord" : "eksempelstrup-vest", to: "klynge-\(number)")
            try tree.write("Content/clusters/klynge-\(number)/cluster.yml", text)
        }
        let (shaped, direct) = try Self.sites(tree)
        #expect(shaped.count == direct.count && shaped.count > 40)
        for (path, data) in direct {
            #expect(shaped[path] == data, "\(path) differs between shaped and direct rendering")
        }
        let page = String(decoding: shaped["klynge-4/2027-03-dosisdispensering/praksisark/index.html"] ?? Data(), as: UTF8.self)
        #expect(page.visibleText.contains("kLyNgE1x kLyNgE2&amp;x"), "a value that looks like a token is printed as it is")
    }

    /// Random text in the fields that reach every template, in two clusters of one shape.
    @Test func randomValuesGiveTheBytesOfDirectRendering() async throws {
        let tree = try TestTree()
        let original = try tree.read("Content/clusters/fiktivby-nord/cluster.yml")
        let originalMeeting = try tree.read("Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml")
        try tree.copyCluster("fiktivby-nord", to: "kopi")
        let value = Gen<Character?>.element(of: FuzzTests.alphabet.filter { $0 != "\n" && $0 != "\t" }).map { $0 ?? "x" }
            .array(of: 1...24).map { String($0) }
        func write(_ first: String, _ second: String) {
            for (slug, text) in [("fiktivby-nord", first), ("kopi", second)] {
                let quoted = "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                try? tree.write("Content/clusters/\(slug)/cluster.yml", original
                    .replacingOccurrences(of: "name: Klynge Fiktivby Nord", with: "name: \(quoted)")
                    .replacingOccurrences(of: "  name: Anne Hansen", with: "  name: \(quoted)"))
                try? tree.write("Content/clusters/\(slug)/2027-03-dosisdispensering/meeting.yml", originalMeeting
                    .replacingOccurrences(of: "venue: Fiktivby Sundhedshus, mødesal 2", with: "venue: \(quoted)"))
            }
        }
        write("a*b*", "<i>&amp;</i>")
        let fixed = try Self.sites(tree)
        #expect(fixed.shaped == fixed.direct)
        let accepted = Mutex(0)
        await propertyCheck(count: 12, input: value, value) { first, second in
            write(first, second)
            guard let (shaped, direct) = try? Self.sites(tree) else { return } // a value YAML or the model refuses
            accepted.withLock { $0 += 1 }
            #expect(shaped == direct, "values \(first.debugDescription) and \(second.debugDescription)")
        }
        // Most random values are plain text the model accepts: a run that compared
        // none, or only a few, has tested nothing.
        #expect(accepted.withLock { $0 } >= 6, "only \(accepted.withLock { $0 }) of 12 random pairs were accepted and compared")
    }
}
