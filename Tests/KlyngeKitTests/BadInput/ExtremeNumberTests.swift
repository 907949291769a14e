import Foundation
import Testing
@testable import KlyngeKit

/// Extreme numbers in every numeric field of the input: the run ends in a site or in
/// located errors, never in an overflow; a number outside its range (`Limits`) is an
/// error at its own line. The values are drawn from a seed: `KLYNGE_SEED=…`, the seed
/// of every random test, repeats a run, and a failure prints the seed that found it.
@Suite(.serialized) struct ExtremeNumberTests {
    /// A numeric field: the file, the text that holds the number (`#` marks it), the line
    /// it is on, and whether a value is inside the field's range.
    struct Field: Sendable, CustomStringConvertible {
        var path: String
        var original: String
        var template: String
        var line: Int
        var inRange: @Sendable (String) -> Bool
        var description: String { "\(path):\(line)" }
    }

    static func whole(_ range: Limits.Range<Int>) -> @Sendable (String) -> Bool {
        { text in Int(text).map(range.contains) ?? false }
    }

    static let package = "Content/packages/dosisdispensering"
    static let followUpPackage = "Content/packages/opfoelgning-dosisdispensering"
    static let meeting = "Content/clusters/\(TestTree.fiktivbyMeeting)"
    static let followUp = "Content/clusters/\(TestTree.fiktivbyFollowUp)"

    static let fields: [Field] = [
        Field(path: "\(package)/package.yml", original: "duration_minutes: 150", template: "duration_minutes: #", line: 3,
              inRange: whole(Limits.meetingMinutes)),
        // The first measure's reference value (its line `value: null` is the only one in the file).
        Field(path: "\(package)/package.yml", original: "        value: null\n", template: "        value: #\n", line: 35,
              inRange: { Double($0.replacingOccurrences(of: ",", with: ".")).map(Limits.ratePer1000.contains) ?? false }),
        Field(path: "\(package)/programme.yml", original: "    minutes: 15\n    items:", template: "    minutes: #\n    items:", line: 4,
              inRange: whole(Limits.minutes)),
        Field(path: "\(package)/programme.yml", original: "        minutes: 15\n        lead: coordinator", template: "        minutes: #\n        lead: coordinator", line: 7,
              inRange: whole(Limits.minutes)),
        Field(path: "\(followUpPackage)/package.yml", original: "duration_minutes: 60", template: "duration_minutes: #", line: 5,
              inRange: whole(Limits.meetingMinutes)),
        Field(path: "\(followUpPackage)/programme.yml", original: "    minutes: 5\n    items:", template: "    minutes: #\n    items:", line: 4,
              inRange: whole(Limits.minutes)),
        Field(path: "\(followUpPackage)/programme.yml", original: "        minutes: 5\n", template: "        minutes: #\n", line: 7,
              inRange: whole(Limits.minutes)),
        Field(path: "\(meeting)/meeting.yml", original: "date: 2027-03-30", template: "date: #-03-30", line: 4,
              inRange: whole(Limits.years)),
        Field(path: "\(followUp)/meeting.yml", original: "date: 2028-04-18", template: "date: #-04-18", line: 5,
              inRange: whole(Limits.years)),
        // Both practices at once: their sum is where an unchecked number overflowed.
        Field(path: "\(meeting)/practices.csv", original: "990101;1843;21;37;2026\r\n990102;2410;3;18;2026",
              template: "990101;#;21;37;2026\r\n990102;#;3;18;2026", line: 2, inRange: whole(Limits.listedPatients)),
        Field(path: "\(meeting)/practices.csv", original: "990101;1843;21;37;2026\r\n990102;2410;3;18;2026",
              template: "990101;9223372036854775807;#;37;2026\r\n990102;2410;#;18;2026", line: 2, inRange: { _ in false }),
        Field(path: "\(meeting)/practices.csv", original: "990101;1843;21;37;2026",
              template: "990101;200000;21;#;2026", line: 2, inRange: whole(Limits.patientCount)),
        Field(path: "\(followUp)/practices.csv", original: "990101;1860;28;35;2027\n990102;2395;6;17;2027",
              template: "990101;#;28;35;2027\n990102;#;6;17;2027", line: 2, inRange: whole(Limits.listedPatients)),
        Field(path: "\(followUp)/practices.csv", original: "990101;1860;28;35;2027",
              template: "990101;200000;#;35;2027", line: 2, inRange: whole(Limits.patientCount)),
    ]

    static let extremes = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999999",
        "-1", "0", "200001", "1441", "0001", "10000", "nan", ".inf", "-.inf", "1e309", "1000.0001", "0x7fffffffffffffff",
    ]

    static var seeds: [UInt64] {
        if ProcessInfo.processInfo.environment["KLYNGE_SEED"] != nil { return [SeededGenerator.runSeed] }
        return [1, 17, 2026]
    }

    @Test func fixedExtremesEndInASiteOrInLocatedErrors() throws {
        try check(values: { _ in Self.extremes }, context: "fixed extremes")
    }

    @Test(arguments: seeds) func randomNumbersEndInASiteOrInLocatedErrors(seed: UInt64) throws {
        var random = SeededGenerator(test: "extreme numbers", seed: seed)
        try check(values: { _ in
            // Numbers of every size and sign, from one digit to the edge of Int64.
            (0..<4).map { _ in
                let bits = Int(random.next() % 64)
                let magnitude = random.next() >> UInt64(63 - bits)
                return random.next() % 2 == 0 ? "\(magnitude)" : "-\(magnitude)"
            }
        }, context: "seed \(seed) (rerun with KLYNGE_SEED=\(seed))")
    }

    private func check(values: (Field) throws -> [String], context: String) throws {
        let tree = try TestTree()
        for field in Self.fields {
            let original = try tree.read(field.path)
            try #require(original.contains(field.original), "the fixture changed: \(field) no longer holds '\(field.original)'")
            for value in try values(field) {
                try tree.write(field.path, original.replacingOccurrences(of: field.original, with: field.template.replacingOccurrences(of: "#", with: value)))
                let context = "\(context): \(field) = '\(value)'"
                switch SiteBuilder.render(BuildOptions(root: tree.root, now: tree.now)) {
                case .success:
                    #expect(field.inRange(value), "a number outside its range was accepted; \(context)")
                case .failure(let failure):
                    let errors = failure.diagnostics.filter { $0.severity == .error }
                    #expect(!errors.isEmpty, "\(context)")
                    #expect(errors.allSatisfy { !$0.location.path.isEmpty && $0.location.line >= 1 }, "unlocated: \(errors); \(context)")
                    if !field.inRange(value) {
                        #expect(errors.contains { $0.location.path == field.path && $0.location.line == field.line },
                                "no error at \(field): \(errors); \(context)")
                    }
                }
            }
            try tree.write(field.path, original)
        }
    }

    /// The calendar file stays valid at both ends of the years a meeting may be in,
    /// the follow-up a year later included.
    @Test(arguments: [Limits.years.bounds.lowerBound, Limits.years.bounds.upperBound])
    func meetingsAtTheEndsOfTheYearsGiveValidCalendars(year: Int) throws {
        let tree = try TestTree()
        // The follow-up meeting (2028) and the agreements (due in 2027) could not follow a
        // meeting at the upper end; the package's follow_up reminder, a year after, stays.
        try tree.remove("Content/clusters/\(TestTree.fiktivbyFollowUp)")
        try tree.remove("\(Self.meeting)/agreements.yml")
        try tree.replace(in: "\(Self.meeting)/meeting.yml", "date: 2027-03-30", with: "date: \(year)-12-31")
        try tree.buildSucceeds()
        let calendar = try tree.read("_site/fiktivby-nord/klyngemoede.ics")
        let starts = calendar.split(separator: "\r\n").filter { $0.hasPrefix("DTSTART;TZID") }
        #expect(!starts.isEmpty)
        for line in starts {
            let value = line.split(separator: ":").last.map(String.init) ?? ""
            #expect(value.prefix(8).allSatisfy(\.isNumber) && value.count >= 8, "\(line)")
            let written = Int(value.prefix(4)) ?? 0
            #expect(written == year || written == year + 1, "\(line)")
        }
    }
}
