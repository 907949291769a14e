/// The template values of the model and of the derived facts: each function takes a
/// typed value and gives what templates see of it. docs/TEMPLATES.md lists them.
enum TemplateValues {
    static func contact(_ contact: Cluster.Contact?) -> TemplateValue {
        guard let contact else { return .absent }
        return [
            "name": .field(contact.name),
            "title": .field(contact.title),
            "email": .field(contact.email),
            "phone": .field(contact.phone),
        ]
    }

    /// - Parameter root: the way from the page to the site root, for Klynge's own
    ///   accessibility statement when `accessibility_url` names none.
    static func site(_ site: Site, root: String = "") -> TemplateValue {
        [
            "title": .text(site.title),
            "base_url": .text(site.baseURL),
            "accessibility_url": .text(site.accessibilityURL.text ?? "\(root)\(AccessibilityStatement.path)"),
            "robots": .text(site.allowIndexing ? "index, follow" : "noindex, nofollow"),
            "publisher": [
                "name": .text(site.publisher.name),
                "short_name": .text(site.publisher.shortName),
                "address": .texts(site.publisher.address),
                "second_address": site.publisher.secondAddress.isEmpty ? .absent : .text(site.publisher.secondAddress.joined(separator: ", ")),
                "phone": .field(site.publisher.phone),
                "email": .field(site.publisher.email),
                "url": .field(site.publisher.url),
            ],
        ]
    }

    static func region(_ region: Region) -> TemplateValue {
        [
            "id": .text(region.id),
            "name": .text(region.name),
            "unit": [
                "name": .text(region.unit.name),
                "url": .field(region.unit.url),
                "phone": .field(region.unit.phone),
                "email": .field(region.unit.email),
                "offers": .texts(region.unit.offers),
            ],
        ]
    }

    static func cluster(_ cluster: Cluster) -> TemplateValue {
        ["name": .text(cluster.name), "slug": .text(cluster.slug), "fictional": .flag(cluster.isFictional)]
    }

    static func package(_ package: ClusterPackage) -> TemplateValue {
        [
            "id": .text(package.id),
            "title": .text(package.title),
            "subtitle": .field(package.subtitle),
            "duration": .text(DanishFormat.duration(minutes: package.durationMinutes.value)),
            "duration_minutes": .number(package.durationMinutes.value),
            "reviewer": .field(package.reviewer),
            "is_follow_up": .flag(package.isFollowUp),
        ]
    }

    static func links(_ links: [ClusterPackage.Link]) -> TemplateValue {
        .record(Dictionary(uniqueKeysWithValues: links.map { link in
            (link.id, ["title": .text(link.title), "url": .field(link.url), "description": .field(link.description)] as TemplateValue)
        }))
    }

    static func meeting(_ facts: MeetingFacts) -> TemplateValue {
        let meeting = facts.meeting
        return [
            "slug": .text(meeting.slug),
            "date": .text(DanishFormat.longDate(meeting.date)),
            "date_short": .text(DanishFormat.shortDate(meeting.date)),
            "iso_date": .text(meeting.date.description),
            "start": .text("kl. \(DanishFormat.clock(facts.schedule.start))"),
            "end": .text("kl. \(DanishFormat.clock(facts.schedule.end))"),
            "time_span": .text("kl. \(DanishFormat.span(facts.schedule.start, facts.schedule.end))"),
            "venue": .text(meeting.venue),
            "address": .field(meeting.address),
            "is_past": .flag(facts.isPast),
        ]
    }

    static func partner(_ partner: Meeting.Partner) -> TemplateValue {
        [
            "role": .text(partner.role.id),
            "name": .text(partner.name),
            "indefinite": .text(partner.role.indefinite),
            "definite": .text(partner.role.definite),
            "label": .text(partner.role.label),
            "contact": contact(partner.contact),
        ]
    }

    /// `partners.list` (`hospitalet og lægemiddelkonsulenten`), `partners.names`, `partners.attending`
    /// (each with its words and contact) and `partners.any`; `partner.<role>` is one
    /// role's partner, absent when it does not take part, so `{{#partner.hospital}}`
    /// writes a sentence only for a meeting the hospital attends.
    static func partners(_ wording: PartnerWording, package: ClusterPackage) -> (partners: TemplateValue, partner: TemplateValue) {
        let list = wording.definite
        let partners: TemplateValue = [
            "list": .text(list),
            "list_capitalised": .text(list.prefix(1).uppercased() + list.dropFirst()),
            "names": .text(wording.names),
            "names_or": .text(wording.namesOr),
            "attending": .list(wording.attending.map(partner)),
            "any": .flag(!wording.attending.isEmpty),
            "several": .flag(wording.attending.count > 1),
        ]
        let byRole: [String: TemplateValue] = Dictionary(uniqueKeysWithValues: package.partners.map { role in
            (role.id, wording.attending.first { $0.role.id == role.id }.map(partner) ?? .absent)
        })
        return (partners, .record(byRole))
    }

    /// - Parameter forPartners: the page is addressed to the partners, so their slots
    ///   carry the label "Jeres indslag" (`is_your_slot`).
    static func schedule(_ schedule: Schedule, forPartners: Bool = false) -> TemplateValue {
        [
            "start": .text(DanishFormat.clock(schedule.start)),
            "end": .text(DanishFormat.clock(schedule.end)),
            "for_partners": .flag(forPartners),
            "blocks": .list(schedule.blocks.map { block in
                [
                    "title": .text(block.title),
                    "time": .text(DanishFormat.span(block.start, block.end)),
                    "minutes": .number(block.minutes),
                    "is_pause": .flag(block.isPause),
                    "items": .list(block.items.map { item in
                        let slot = !item.partnerSlots.isEmpty
                        return [
                            "title": .text(item.title),
                            "time": .text(DanishFormat.span(item.start, item.end)),
                            "minutes": .number(item.minutes),
                            "lead": .text(item.lead),
                            "is_partner_slot": .flag(slot),
                            "is_your_slot": .flag(slot && forPartners),
                            "notes": .texts(item.notes),
                            "has_notes": .flag(!item.notes.isEmpty),
                        ]
                    }),
                ]
            }),
        ]
    }

    /// Each deadline by its id (`deadlines.order.date`) and all in time order
    /// (`deadlines.all`), as Danish dates and ISO dates for `<time datetime>`.
    static func deadlines(_ deadlines: Deadlines) -> TemplateValue {
        func value(_ deadline: Deadlines.Deadline) -> TemplateValue {
            [
                "id": .text(deadline.id),
                "title": .text(deadline.title),
                "date": .text(DanishFormat.longDate(deadline.day)),
                "month": .text(DanishFormat.monthYear(deadline.day)),
                "iso": .text(deadline.day.description),
                "iso_month": .text(String(deadline.day.description.prefix(7))),
                "offset": .text(DanishFormat.offset(deadline.rule.amount, deadline.rule.unit)),
                "is_before": .flag(deadline.rule.amount < 0),
                "owner": .field(deadline.rule.owner),
                "description": .field(deadline.rule.description),
            ]
        }
        // Each deadline's value once: the lists and the entries by id share it.
        let values = deadlines.all.map { (deadline: $0, value: value($0)) }
        var entries = Dictionary(uniqueKeysWithValues: values.map { ($0.deadline.id, $0.value) })
        entries["all"] = .list(values.map(\.value))
        entries["before"] = .list(values.filter { $0.deadline.rule.amount < 0 }.map(\.value))
        entries["after"] = .list(values.filter { $0.deadline.rule.amount >= 0 }.map(\.value))
        return .record(entries)
    }

    static func agreements(_ agreements: [Meeting.Agreement]?) -> TemplateValue {
        guard let agreements else { return .absent }
        return [
            "any": .flag(!agreements.isEmpty),
            "items": .list(agreements.map { agreement in
                [
                    "what": .text(agreement.what),
                    "who": .text(agreement.who),
                    "due": agreement.due.map { .text(DanishFormat.shortDate($0)) } ?? .absent,
                    "due_iso": agreement.due.map { .text($0.description) } ?? .absent,
                    "with": .text(DanishFormat.list(agreement.with.map(\.definite))),
                    "has_with": .flag(!agreement.with.isEmpty),
                    "status": .text(agreement.status.map { "\($0)" } ?? ""),
                    "is_open": .flag(agreement.status == nil || agreement.status == .open),
                    "is_done": .flag(agreement.status == .done),
                    "is_dropped": .flag(agreement.status == .dropped),
                    "note": .field(agreement.note),
                ]
            }),
        ]
    }
}
