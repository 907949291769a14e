import Foundation
import Testing
@testable import KlyngeKit

/// Mistakes in a package's declarations and in the meetings that use them: each is an
/// error at the line that wrote it, and nothing is written.
@Suite struct DeclarationErrorTests {
    static let package = "Content/packages/antibiotika/package.yml"
    static let north = "Content/clusters/nordby/2027-09-antibiotika/meeting.yml"

    /// Builds the fixture with one change and returns its errors.
    static func errors(_ path: String, _ old: String, _ new: String) throws -> [Diagnostic] {
        let tree = try OtherPackageTests.tree()
        try tree.replace(in: path, old, with: new)
        let errors = try tree.buildFails()
        #expect(!tree.exists("_site"), "nothing is written")
        return errors
    }

    static func line(_ path: String, containing text: String) throws -> Int {
        let lines = try String(contentsOf: OtherPackageTests.fixture.deletingLastPathComponent().appendingPathComponent(path), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func aMeasureOverAnUndeclaredColumn() throws {
        let errors = try Self.errors(Self.package, "rate_per_1000: recepter", "rate_per_1000: recept")
        #expect(errors.count == 1)
        #expect(errors[0].location.path == Self.package)
        #expect(errors[0].location.line == (try Self.line(Self.package, containing: "rate_per_1000: recepter")))
        #expect(errors[0].message.contains("'recept' is not one of the register's declared counts; did you mean 'recepter'?"))
    }

    @Test func aDocumentUsingAnUnknownMeasureOrPartnerRole() throws {
        let measure = try Self.errors("Content/packages/antibiotika/oversigt.md", "{{> figure-recepter}}", "{{> figure-recepte}}")
        #expect(measure.count == 1)
        #expect(measure[0].location == SourceLocation(path: "Content/packages/antibiotika/oversigt.md", line: 9, column: 1))
        #expect(measure[0].message.contains("no block or partial named 'figure-recepte'; did you mean 'figure-recepter'?"))
        let role = try Self.errors("Content/packages/antibiotika/tal.md", "{{#partner.consultant}}Lægemiddelkonsulenten {{name}} kommer.{{/partner.consultant}}",
                                   "{{#partner.konsulent}}Lægemiddelkonsulenten {{name}} kommer.{{/partner.konsulent}}")
        #expect(role.count == 1)
        #expect(role.first?.location == SourceLocation(path: "Content/packages/antibiotika/tal.md", line: 9, column: 1))
        #expect(role.first?.message.contains("'partner' has no 'konsulent'; did you mean 'consultant'?") == true)
    }

    @Test func aDeadlineWithAnImpossibleOffset() throws {
        for offset in ["before: 6 weaks", "before: -6 weeks", "before: 300 weeks", "before: six weeks"] {
            let errors = try Self.errors(Self.package, "before: 6 weeks", offset)
            #expect(errors.count == 1, "\(offset)")
            #expect(errors.first?.location.path == Self.package)
            #expect(errors.first?.message.contains("must be a whole number of days, weeks or months up to two years") == true, "\(offset)")
        }
    }

    @Test func aMeetingWithoutARequiredPartnerOrWithOneNotInvited() throws {
        let missing = try Self.errors(Self.north, "  hospital: { name: Nordby Sygehus }\n", "")
        #expect(missing.count == 1)
        #expect(missing[0].location.path == Self.north)
        #expect(missing[0].message.contains("needs a partner 'hospital' (hospital)"))
        let unknown = try Self.errors(Self.north, "  hospital: { name: Nordby Sygehus }", "  hospital: { name: Nordby Sygehus }\n  pharmacy: { name: Nordby Apotek }")
        #expect(unknown.count == 1)
        #expect(unknown[0].location.line == 9)
        #expect(unknown[0].message.contains("invites no partner 'pharmacy'"))
    }

    @Test func anOptionalPartnerLeftEmptyIsNoError() throws {
        let tree = try OtherPackageTests.tree()
        try tree.replace(in: Self.north, "  consultant: { name: Regionens konsulent, contact: { name: Kim Konsulent, title: null, email: kim@example.org, phone: null } }",
                         with: "  consultant:\n    name: null\n    contact: { name: null, title: null, email: null, phone: null }")
        let report = try tree.buildSucceeds()
        let warnings = report.warnings.filter { $0.location.path == Self.north && $0.message.contains("consultant") }
        #expect(warnings.count == 1, "one warning for the empty partner, none for its empty contact: \(warnings)")
        #expect(report.warnings.allSatisfy { !$0.message.contains("contact") })
        #expect(!(try tree.read("_site/nordby/2027-09-antibiotika/parter/index.html")).contains("onsulent"))
    }

    @Test func aRequiredValueLeftNullIsOneErrorAndNoWarning() throws {
        let tree = try OtherPackageTests.tree()
        try tree.replace(in: Self.north, "venue: Nordby Lægehus", with: "venue: null")
        guard case .failure(let failure) = tree.build() else { Issue.record("the build must fail"); return }
        let atVenue = failure.diagnostics.filter { $0.location.path == Self.north && $0.location.line == 5 }
        #expect(atVenue.count == 1)
        #expect(atVenue.first?.severity == .error)
    }

    @Test func twoMeasuresWithOneName() throws {
        let errors = try Self.errors(Self.package, "  - id: penicillin-andel", "  - id: recepter")
        #expect(errors.contains { $0.location.path == Self.package && $0.message.contains("two of the package's measures are named 'recepter'") })
    }

    @Test func aMeetingWhosePackageDoesNotExist() throws {
        let errors = try Self.errors(Self.north, "package: antibiotika", "package: antibiotka")
        #expect(errors.count == 1)
        #expect(errors[0].location == SourceLocation(path: Self.north, line: 1, column: 10))
        #expect(errors[0].message.contains("unknown package 'antibiotka'"))
    }

    @Test func aDataFileThePackageDoesNotDeclare() throws {
        let tree = try OtherPackageTests.tree()
        try tree.write("Content/clusters/nordby/2027-09-antibiotika/practices.csv", "yder;listede\n1;2\n")
        let errors = try tree.buildFails()
        #expect(errors.count == 1)
        #expect(errors[0].message.contains("declares no data file 'practices.csv'; its files are udtraek.csv"))
    }
}
