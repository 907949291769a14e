import Foundation
import Testing
@testable import KlyngeKit

/// Context shapes number their structures in a table that belongs to one build
/// (`Theme.structures`), so a long `serve` session keeps no table that grows.
@Suite struct ShapeStructuresTests {
    func context(names: [String], flag: Bool) -> TemplateContext {
        ["people": .list(names.map { ["name": .text($0)] }), "shown": .flag(flag)]
    }

    @Test func shapesCompareByStructureWithinOneBuild() {
        let structures = ShapeStructures()
        let first = ContextShape(context(names: ["Anne", "Bo"], flag: true), in: structures)
        let sameStructure = ContextShape(context(names: ["Carl", "Dorte"], flag: true), in: structures)
        let longer = ContextShape(context(names: ["Anne", "Bo", "Carl"], flag: true), in: structures)
        let unflagged = ContextShape(context(names: ["Anne", "Bo"], flag: false), in: structures)
        #expect(first.key == sameStructure.key)
        #expect(first.key != longer.key)
        #expect(first.key != unflagged.key)
        #expect(first.merging(["extra": .text("x")]).key == sameStructure.merging(["extra": .text("y")]).key)
        #expect(first.merging(["extra": .text("x")]).key != first.merging(["extra": .flag(true)]).key)
        #expect(first.value(1) == "Bo" && sameStructure.value(0) == "Carl")
    }

    /// Each build numbers from nothing: however many builds ran before, with whatever
    /// structures, a build's table holds only its own, and is gone with the build.
    @Test func aLongSeriesOfBuildsDoesNotGrowATable() {
        var firstKey: String?
        var released: [() -> ShapeStructures?] = []
        for build in 0..<200 {
            let structures = ShapeStructures()
            // Every build a structure no build before had: a list one longer.
            let shape = ContextShape(context(names: (0...build).map { "navn \($0)" }, flag: build % 2 == 0), in: structures)
            _ = shape.merging(["page": ["title": .text("Side \(build)")]])
            #expect(structures.count == 3, "the people and flag entries and the page, nothing from earlier builds")
            let key = ContextShape(context(names: ["Anne"], flag: true), in: ShapeStructures()).key
            if let firstKey { #expect(key == firstKey) } else { firstKey = key }
            released.append { [weak structures] in structures }
        }
        #expect(released.allSatisfy { $0() == nil }, "no table outlives its build")
    }

    /// The table is the theme's, and `SiteBuilder.render` loads the theme for every build.
    @Test func everyLoadedThemeHasItsOwnTable() throws {
        let tree = try TestTree()
        weak var earlier: ShapeStructures?
        do {
            let first = try #require(Theme.load(root: tree.root, log: DiagnosticLog()))
            let second = try #require(Theme.load(root: tree.root, log: DiagnosticLog()))
            #expect(first.structures !== second.structures)
            earlier = first.structures
            #expect(earlier != nil)
        }
        #expect(earlier == nil, "a theme's table goes with the theme")
    }
}
