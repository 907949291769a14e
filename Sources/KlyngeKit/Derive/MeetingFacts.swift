import Foundation

/// Everything derived for one meeting, computed once: render, the calendar, the
/// private key file, the link check and the deadline warnings all read this value.
public struct MeetingFacts: Sendable {
    public var cluster: Cluster
    public var meeting: Meeting
    public var package: ClusterPackage
    public var schedule: Schedule
    public var deadlines: Deadlines
    public var register: RegisterFigures?
    public var survey: SurveyResults?
    public var partners: PartnerWording
    /// For a follow-up: the meeting it follows up on, its figures and the changes since.
    public var followUp: FollowUpFacts?
    /// `<cluster>/<meeting>`: the meeting's folder in the site.
    public var path: String
    /// The meeting's day lies before the build's today.
    public var isPast: Bool

    /// The address of one of the meeting's documents (what its QR code opens).
    public func url(of document: String, base: String) -> String { "\(base)/\(path)/\(document)/" }
}

/// The partners who take part, and the Danish a page needs to name them together.
public struct PartnerWording: Sendable, Hashable {
    public var attending: [Meeting.Partner]
    /// `hospitalet og lægemiddelkonsulenten`.
    public var definite: String
    /// `Nordby Sygehus og Regionens konsulent`.
    public var names: String
    /// `Nordby Sygehus eller Regionens konsulent`.
    public var namesOr: String

    init(_ partners: [Meeting.Partner]) {
        attending = partners
        definite = DanishFormat.list(partners.map(\.role.definite))
        names = DanishFormat.list(partners.map(\.name))
        namesOr = DanishFormat.list(partners.map(\.name), conjunction: "eller")
    }

    /// Package text with `{partners}` replaced by the attending partners (`hospitalet og lægemiddelkonsulenten`).
    public func fill(_ text: String) -> String {
        // Most texts hold no placeholder, and Foundation's search (by canonical equivalence)
        // cannot find it where its bytes are absent: no character decomposes into these
        // ASCII characters. So the bytes are looked for first, and Foundation decides the rest.
        guard text.containsBytes(of: PartnerPlaceholder.text) else { return text }
        // Between ASCII bytes (or the text's ends) nothing combines with the braces, so
        // Foundation would replace exactly the occurrences of the bytes.
        if text.occurrencesStandBetweenASCII(of: PartnerPlaceholder.text) { return text.replacingAll(PartnerPlaceholder.text, with: definite) }
        return text.contains(PartnerPlaceholder.text) ? text.replacingOccurrences(of: PartnerPlaceholder.text, with: definite) : text
    }
}

/// What a follow-up meeting shows of the meeting it follows up on.
public struct FollowUpFacts: Sendable {
    public var earlier: Meeting
    public var earlierPackage: ClusterPackage?
    public var then: RegisterFigures?
    /// One per measure both extracts have, in the follow-up package's order.
    public var changes: [MeasureChange]
}

/// A cluster with its meetings' facts, in date order.
public struct ClusterFacts: Sendable {
    public var cluster: Cluster
    public var meetings: [MeetingFacts]

    /// The meetings still to come (today included), soonest first, then the past ones, latest first.
    public var upcoming: [MeetingFacts] { meetings.filter { !$0.isPast } }
    public var past: [MeetingFacts] { meetings.filter(\.isPast).reversed() }
}

/// The derive stage: pure functions of the model, run once per build.
public enum Derive {
    public static func facts(_ content: SiteContent, today: Day) -> [ClusterFacts] {
        Parallel.map(content.clusters) { cluster in facts(cluster, packages: content.packages, today: today) }
    }

    static func facts(_ cluster: Cluster, packages: [String: ClusterPackage], today: Day) -> ClusterFacts {
        // One set of letters for all the cluster's extracts: a practice is Praksis C at
        // every meeting, so a follow-up compares like with like.
        let providers = Set(cluster.meetings.flatMap { $0.register?.practices.map(\.providerNumber) ?? [] })
        let letters = Pseudonyms.letters(for: providers.sorted(), key: cluster.pseudonymKey)
        var figures: [String: RegisterFigures] = [:]
        for meeting in cluster.meetings {
            guard let package = packages[meeting.packageID], let register = meeting.register else { continue }
            figures[meeting.slug] = RegisterFigures(register, measures: package.measures, letters: letters)
        }
        let meetings = cluster.meetings.compactMap { meeting -> MeetingFacts? in
            guard let package = packages[meeting.packageID] else { return nil }
            var followUp: FollowUpFacts?
            if let slug = meeting.followsUp?.value, let earlier = cluster.meetings.first(where: { $0.slug == slug }) {
                let then = figures[earlier.slug]
                let now = figures[meeting.slug]
                let changes: [MeasureChange] = package.measures.compactMap { measure in
                    guard let before = then?.figures(for: measure.id), let after = now?.figures(for: measure.id) else { return nil }
                    return MeasureChange(then: before, now: after)
                }
                followUp = FollowUpFacts(earlier: earlier, earlierPackage: packages[earlier.packageID], then: then, changes: changes)
            }
            return MeetingFacts(
                cluster: cluster, meeting: meeting, package: package,
                schedule: Schedule(package: package, partners: meeting.partners, start: meeting.start),
                deadlines: Deadlines(meeting: meeting.date, rules: package.deadlines, partners: PartnerWording(meeting.partners)),
                register: figures[meeting.slug],
                survey: package.survey.flatMap { survey in meeting.responses.map { SurveyResults($0, survey: survey) } },
                partners: PartnerWording(meeting.partners),
                followUp: followUp,
                path: "\(cluster.slug)/\(meeting.slug)",
                isPast: meeting.date < today)
        }
        return ClusterFacts(cluster: cluster, meetings: meetings)
    }
}
