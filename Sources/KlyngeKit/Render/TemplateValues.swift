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
        case .video: return "Video"
        case .all: return "Alle"
        }
    }

    static func schedule(_ schedule: Schedule, hasPharmacy: Bool) -> [String: Any] {
        [
            "start": DanishFormat.clock(schedule.start),
            "end": DanishFormat.clock(schedule.end),
            "blocks": schedule.blocks.map { block -> [String: Any] in
                [
                    "title": block.title,
                    "time": DanishFormat.span(block.start, block.end),
                    "minutes": block.minutes,
                    "is_pause": block.isPause,
                    "items": block.items.map { item -> [String: Any] in
                        let partner = item.lead == .municipality || (item.lead == .pharmacy && hasPharmacy)
                        return [
                            "title": item.title,
                            "time": DanishFormat.span(item.start, item.end),
                            "minutes": item.minutes,
                            "lead": leadLabel(item.lead, hasPharmacy: hasPharmacy),
                            "is_partner_slot": partner,
                            "notes": item.notes,
                            "has_notes": !item.notes.isEmpty,
                        ]
                    },
                ]
            },
        ]
    }
}
