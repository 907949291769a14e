import Foundation

/// Warnings for dates that have passed: a deadline before the meeting that nobody
/// can meet any more, or a meeting that is over. Not errors: an old cluster's
/// site may still be worth building.
enum DeadlineCheck {
    static func warnings(for clusters: [Cluster], today: Day) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for cluster in clusters {
            let meeting = cluster.meeting.date
            if meeting < today {
                warnings.append(.warning(cluster.meeting.location, "the meeting of \(cluster.slug) was \(DanishFormat.longDate(meeting)); its dates have all passed"))
                continue
            }
            for deadline in Deadlines(meeting: meeting).all where deadline.day < today && deadline.day < meeting {
                warnings.append(.warning(cluster.meeting.location, "the deadline '\(deadline.title)' for \(cluster.slug) was \(DanishFormat.longDate(deadline.day)) and has passed"))
            }
        }
        return warnings
    }

    /// Today in Denmark, where the meetings are.
    static var today: Day { DanishCalendar.day(of: Date()) }
}
