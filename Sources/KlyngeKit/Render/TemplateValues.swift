/// Turns model values into the dictionaries templates read. Plain dictionaries
/// are swift-mustache's fast path; nothing here is read by reflection.
enum TemplateValues {
    static func field(_ value: FieldValue) -> Any {
        switch value {
        case .given(let text): return text
        case .missing: return MissingValue()
        case .absent: return AbsentValue()
        }
    }

    static func contact(_ contact: Cluster.Contact?) -> Any {
        guard let contact else { return AbsentValue() }
        return [
            "name": field(contact.name),
            "title": field(contact.title),
            "email": field(contact.email),
            "phone": field(contact.phone),
        ] as [String: Any]
    }

    static func organisation(_ organisation: Cluster.Organisation?) -> Any {
        guard let organisation else { return AbsentValue() }
        return ["name": organisation.name, "contact": contact(organisation.contact)] as [String: Any]
    }

    /// - Parameter root: the way from the page to the site root, for Klynge's own
    ///   accessibility statement when `accessibility_url` names none.
    static func site(_ site: Site, root: String = "") -> [String: Any] {
        [
            "title": site.title,
            "base_url": site.baseURL,
            "accessibility_url": site.accessibilityURL.text ?? "\(root)\(AccessibilityStatement.path)",
            "robots": site.allowIndexing ? "index, follow" : "noindex, nofollow",
            "publisher": [
                "name": site.publisher.name,
                "short_name": site.publisher.shortName,
                "address": site.publisher.address,
                "second_address": site.publisher.secondAddress.isEmpty ? AbsentValue() as Any : site.publisher.secondAddress.joined(separator: ", "),
                "phone": field(site.publisher.phone),
                "email": field(site.publisher.email),
                "url": field(site.publisher.url),
            ] as [String: Any],
        ]
    }

    static func region(_ region: Region) -> [String: Any] {
        [
            "id": region.id,
            "name": region.name,
            "unit": [
                "name": region.unit.name,
                "url": field(region.unit.url),
                "phone": field(region.unit.phone),
                "email": field(region.unit.email),
                "offers": region.unit.offers,
            ] as [String: Any],
        ]
    }

    static func package(_ package: ClusterPackage) -> [String: Any] {
        [
            "id": package.id,
            "title": package.title,
            "subtitle": field(package.subtitle),
            "duration": DanishFormat.duration(minutes: package.durationMinutes.value),
            "duration_minutes": package.durationMinutes.value,
            "reviewer": field(package.reviewer),
        ]
    }

    static func links(_ links: [ClusterPackage.Link]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: links.map { link in
            (link.id, ["title": link.title, "url": field(link.url), "description": field(link.description)] as [String: Any])
        })
    }

    static func leadLabel(_ lead: Programme.Lead?, hasPharmacy: Bool) -> String {
        switch lead {
        case .coordinator, nil: return "Klyngekoordinator"
        case .municipality: return "Kommunen"
        case .pharmacy: return hasPharmacy ? "Apoteket" : "Klyngekoordinator"
        case .video: return "Mødelederen (video)"
        case .all: return "Alle"
        }
    }

    /// Whether the municipality or the pharmacy has its own part in an item (a pharmacy only when one takes part).
    static func isPartnerSlot(_ item: Schedule.Entry, hasPharmacy: Bool) -> Bool {
        [item.lead, item.partner].contains { $0 == .municipality || ($0 == .pharmacy && hasPharmacy) }
    }

    /// `Video og apoteket` for an item the pharmacy has a part in.
    static func leadText(_ item: Schedule.Entry, hasPharmacy: Bool) -> String {
        let lead = leadLabel(item.lead, hasPharmacy: hasPharmacy)
        guard let partner = item.partner, partner != item.lead, partner != .pharmacy || hasPharmacy else { return lead }
        return "\(lead) og \(leadLabel(partner, hasPharmacy: hasPharmacy).lowercased())"
    }

    /// - Parameter forPartners: the page is addressed to the municipality and the pharmacy,
    ///   so their slots carry the label "Jeres indslag" (`is_your_slot`).
    static func schedule(_ schedule: Schedule, hasPharmacy: Bool, forPartners: Bool = false) -> [String: Any] {
        [
            "start": DanishFormat.clock(schedule.start),
            "end": DanishFormat.clock(schedule.end),
            "for_partners": forPartners,
            "blocks": schedule.blocks.map { block -> [String: Any] in
                [
                    "title": block.title,
                    "time": DanishFormat.span(block.start, block.end),
                    "minutes": block.minutes,
                    "is_pause": block.isPause,
                    "items": block.items.map { item -> [String: Any] in
                        let partner = isPartnerSlot(item, hasPharmacy: hasPharmacy)
                        return [
                            "title": item.title,
                            "time": DanishFormat.span(item.start, item.end),
                            "minutes": item.minutes,
                            "lead": leadText(item, hasPharmacy: hasPharmacy),
                            "is_partner_slot": partner,
                            "is_your_slot": partner && forPartners,
                            "notes": item.notes,
                            "has_notes": !item.notes.isEmpty,
                        ]
                    },
                ]
            },
        ]
    }

    /// Deadlines as Danish dates (`torsdag den 7. januar 2027`), and as ISO dates
    /// under `deadlines.iso` for `<time datetime>`.
    static func deadlines(_ deadlines: Deadlines) -> [String: Any] {
        [
            "order": DanishFormat.longDate(deadlines.order),
            "material": DanishFormat.longDate(deadlines.material),
            "pre_meeting_from": DanishFormat.longDate(deadlines.material),
            "pre_meeting_until": DanishFormat.longDate(deadlines.preMeetingUntil),
            "follow_up": DanishFormat.longDate(deadlines.followUp),
            "follow_up_month": DanishFormat.monthYear(deadlines.followUp),
            "iso": [
                "order": deadlines.order.description,
                "material": deadlines.material.description,
                "pre_meeting_from": deadlines.material.description,
                "pre_meeting_until": deadlines.preMeetingUntil.description,
                "meeting": deadlines.meeting.description,
                "follow_up": deadlines.followUp.description,
                "follow_up_month": String(deadlines.followUp.description.prefix(7)),
            ] as [String: Any],
        ]
    }
}
