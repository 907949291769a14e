/// `/<cluster>/`: the cluster's page. The next meeting first, then the later ones,
/// then the past ones, latest first, each with its agreements.
enum ClusterPage {
    static func context(_ cluster: ClusterFacts, site: Site, theme: Theme) -> TemplateContext {
        func meeting(_ facts: MeetingFacts) -> TemplateValue {
            [
                "title": .text(facts.package.title),
                "url": .text("\(facts.meeting.slug)/"),
                "meeting": TemplateValues.meeting(facts),
                "is_follow_up": .flag(facts.package.isFollowUp),
                "agreements": TemplateValues.agreements(facts.meeting.agreements),
                "partners": .text(facts.partners.definite),
                "has_partners": .flag(!facts.partners.attending.isEmpty),
            ]
        }
        let upcoming = cluster.upcoming
        return [
            "site": TemplateValues.site(site, root: "../"),
            "root": "../",
            "assets": theme.assetURLs(root: "../"),
            "page": ["title": .text(cluster.cluster.name), "url": .text("\(site.baseURL)/\(cluster.cluster.slug)/")],
            "cluster": TemplateValues.cluster(cluster.cluster),
            "region": TemplateValues.region(cluster.cluster.region),
            "coordinator": TemplateValues.contact(cluster.cluster.coordinator),
            "calendar_url": .text(MeetingCalendar.fileName),
            "next": upcoming.first.map(meeting) ?? .absent,
            "later": .list(upcoming.dropFirst().map(meeting)),
            "has_later": .flag(upcoming.count > 1),
            "past": .list(cluster.past.map(meeting)),
            "has_past": .flag(!cluster.past.isEmpty),
            "has_meetings": .flag(!cluster.meetings.isEmpty),
        ]
    }

    static func render(_ cluster: ClusterFacts, site: Site, theme: Theme) -> Result<String, BuildFailure> {
        theme.render(layout: "cluster", context: context(cluster, site: site, theme: theme))
    }
}
