import Foundation

/// Turns the parsed tree into typed values, reporting every problem it finds.
struct ModelBuilder {
    let log: DiagnosticLog

    func build(_ tree: ContentTree) -> SiteContent? {
        for file in [tree.site, tree.regions].compactMap({ $0 }) + tree.packages.flatMap({ [$0.package, $0.programme, $0.survey] }).compactMap({ $0 }) {
            warnAboutMissingValues(file)
        }
        let site = tree.site.flatMap(site)
        let regions = tree.regions.flatMap(regions) ?? []
        var packages: [String: ClusterPackage] = [:]
        var brokenPackages = Set<String>()
        for files in tree.packages {
            let errorsBefore = log.errors.count
            if let package = package(files) { packages[package.id] = package }
            if log.errors.count > errorsBefore { brokenPackages.insert(files.id) }
        }
        // Clusters are independent (their CSV files are the larger part of this stage):
        // built on every core, each with its own log, merged in order.
        var clusters: [Cluster] = []
        let built = Parallel.map(tree.clusters) { [packages, brokenPackages] files -> (Cluster?, [Diagnostic]) in
            let builder = ModelBuilder(log: DiagnosticLog())
            if let value = files.cluster { builder.warnAboutMissingValues(value) }
            let cluster = builder.cluster(files, regions: regions, packages: packages, brokenPackages: brokenPackages)
            return (cluster, builder.log.all)
        }
        for (cluster, diagnostics) in built {
            log.append(contentsOf: diagnostics)
            if let cluster { clusters.append(cluster) }
        }
        guard let site, !log.hasErrors else { return nil }
        return SiteContent(site: site, regions: regions, packages: packages, clusters: clusters)
    }

    /// One warning per `null`: the publisher fills these in before publishing.
    private func warnAboutMissingValues(_ value: YAMLValue) {
        for null in value.nullValues(except: ["pharmacy"]) {
            log.warning(null.location, "no value yet for '\(null.keyPath)'; shown as \"(mangler)\" until it is filled in")
        }
    }

    // MARK: site.yml and regions.yml

    private func site(_ value: YAMLValue) -> Site? {
        guard let map = YAMLMap(value, log: log, what: "site.yml") else { return nil }
        let title = map.string("title")
        let baseURL = map.string("base_url")
        if let baseURL, !YAMLMap.isWebAddress(baseURL) {
            log.error(map.raw("base_url")!.location, "'base_url' must be an absolute address starting with https://, without spaces")
        }
        let publisher = map.map("publisher").flatMap { publisher -> Site.Publisher? in
            defer { publisher.rejectUnknownKeys() }
            guard let name = publisher.string("name") else { return nil }
            return Site.Publisher(
                name: name,
                shortName: publisher.field("short_name").text ?? name,
                address: publisher.strings("address") ?? [],
                phone: publisher.field("phone"),
                email: publisher.field("email"),
                url: publisher.webAddress("url"))
        }
        let accessibility = map.webAddress("accessibility_url")
        var allowIndexing = false
        if let robots = map.raw("robots") {
            switch robots.node.string {
            case "index": allowIndexing = true
            case "noindex": allowIndexing = false
            default: log.error(robots.location, "'robots' must be 'index' or 'noindex'")
            }
        }
        map.rejectUnknownKeys()
        guard let title, let baseURL, let publisher else { return nil }
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return Site(title: title, baseURL: base, host: URL(string: base)?.host ?? "klynge.invalid", publisher: publisher,
                    accessibilityURL: accessibility, allowIndexing: allowIndexing)
    }

    private func regions(_ value: YAMLValue) -> [Region]? {
        guard let map = YAMLMap(value, log: log, what: "regions.yml") else { return nil }
        defer { map.rejectUnknownKeys() }
        var seen: [String: SourceLocation] = [:]
        return map.list("regions")?.compactMap { item in
            guard let region = YAMLMap(item, log: log, what: "a region") else { return nil }
            defer { region.rejectUnknownKeys() }
            let id = region.string("id")
            let name = region.string("name")
            let unit = region.map("unit").flatMap { unit -> Region.QualityUnit? in
                defer { unit.rejectUnknownKeys() }
                guard let name = unit.string("name") else { return nil }
                return Region.QualityUnit(name: name, url: unit.webAddress("url"), phone: unit.field("phone"),
                                          email: unit.field("email"), offers: unit.strings("offers") ?? [])
            }
            guard let id, let name, let unit else { return nil }
            if let first = seen[id] {
                log.error(region.location, "region id '\(id)' is used twice (first at line \(first.line))")
                return nil
            }
            seen[id] = region.location
            return Region(id: id, name: name, unit: unit)
        }
    }

    // MARK: packages

    private func package(_ files: ContentTree.PackageFiles) -> ClusterPackage? {
        guard let value = files.package, let map = YAMLMap(value, log: log, what: "package.yml") else { return nil }
        let title = map.string("title")
        let subtitle = map.field("subtitle")
        let duration = map.int("duration_minutes")
        let reviewer = map.field("reviewer")
        let order = map.list("documents") ?? []
        let links = linkList(map.map("links", required: false))
        let national = map.double("national_rate_per_1000")
        map.rejectUnknownKeys()

        var documents: [Document] = []
        var bySlug = Dictionary(files.documents.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in order {
            guard let slug = YAMLMap.scalarText(entry, key: "documents", log: log, allowNull: false) else { continue }
            guard let file = bySlug.removeValue(forKey: slug) else {
                if files.unreadableDocuments.contains(slug) { continue } // already reported
                log.error(entry.location, "document '\(slug)' is listed but \(files.folder)/\(slug).md does not exist\(Suggestion.didYouMean(slug, bySlug.keys))")
                continue
            }
            if let document = document(file) { documents.append(document) }
        }
        for file in bySlug.values.sorted(by: { $0.slug < $1.slug }) {
            log.error(SourceLocation(path: file.path), "document '\(file.slug)' is not listed under 'documents' in \(files.folder)/package.yml")
        }

        let parsedProgramme = files.programme.flatMap { self.programme($0) }
        let parsedSurvey = files.survey.flatMap { self.survey($0) }
        guard let title, let duration, let parsedProgramme, let parsedSurvey else { return nil }
        return ClusterPackage(id: files.id, title: title, subtitle: subtitle, durationMinutes: duration, reviewer: reviewer,
                              links: links, nationalRatePer1000: national, documents: documents,
                              programme: parsedProgramme, survey: parsedSurvey)
    }

    private func linkList(_ map: YAMLMap?) -> [ClusterPackage.Link] {
        guard let map, case .mapping(let mapping) = map.value.node else { return [] }
        return mapping.compactMap { key, _ in
            guard let id = key.string, let link = map.map(id) else { return nil }
            defer { link.rejectUnknownKeys() }
            guard let title = link.string("title") else { return nil }
            return ClusterPackage.Link(id: id, title: title, url: link.webAddress("url", required: true), description: link.field("description"))
        }
    }

    private func document(_ file: ContentTree.DocumentFile) -> Document? {
        guard let value = file.frontMatter, let map = YAMLMap(value, log: log, what: "the front matter") else { return nil }
        let title = map.string("title")
        let description = map.string("description")
        let audience = map.string("audience")
        let programmeView = map.raw("programme") != nil ? map.string("programme") : nil
        if let programmeView, programmeView != "partners" {
            log.error(map.raw("programme")!.location, "unknown programme view '\(programmeView)'; the only one is 'partners'")
        }
        let view = map.raw("view") != nil ? map.string("view") : nil
        if let view, view != "deck" {
            log.error(map.raw("view")!.location, "unknown view '\(view)'; the only one is 'deck'")
        }
        map.rejectUnknownKeys()
        guard let title, let description, let audience else { return nil }
        return Document(slug: file.slug, title: title, description: description, audience: audience,
                        body: file.body, path: file.path, bodyFirstLine: file.bodyFirstLine,
                        programmeForPartners: programmeView == "partners", isDeck: view == "deck")
    }

    private func programme(_ value: YAMLValue) -> Programme? {
        guard let map = YAMLMap(value, log: log, what: "programme.yml") else { return nil }
        defer { map.rejectUnknownKeys() }
        guard let blocks = map.list("blocks") else { return nil }
        let parsed = blocks.compactMap { item -> Programme.Block? in
            guard let block = YAMLMap(item, log: log, what: "a programme block") else { return nil }
            defer { block.rejectUnknownKeys() }
            let title = block.string("title")
            let minutes = block.int("minutes", required: false)
            let isPause = block.bool("pause") ?? false
            let items = isPause ? [] : (block.list("items") ?? []).compactMap(programmeItem)
            if isPause, minutes == nil { log.error(block.location, "a pause needs its 'minutes'") }
            guard let title else { return nil }
            return Programme.Block(title: title, statedMinutes: minutes, isPause: isPause, items: items, location: block.location)
        }
        return Programme(blocks: parsed, path: value.path)
    }

    private func programmeItem(_ value: YAMLValue) -> Programme.Item? {
        guard let item = YAMLMap(value, log: log, what: "a programme item") else { return nil }
        defer { item.rejectUnknownKeys() }
        let title = item.string("title")
        let minutes = item.int("minutes")
        let leadText = item.string("lead")
        let notes = item.strings("notes") ?? []
        var lead: Programme.Lead?
        if let leadText {
            lead = Programme.Lead(rawValue: leadText)
            if lead == nil {
                log.error(item.raw("lead")!.location, "unknown lead '\(leadText)'; use one of \(Programme.Lead.allCases.map(\.rawValue).joined(separator: ", "))\(Suggestion.didYouMean(leadText, Programme.Lead.allCases.map(\.rawValue)))")
            }
        }
        var partner: Programme.Lead?
        if let partnerText = item.raw("partner") != nil ? item.string("partner") : nil {
            partner = Programme.Lead(rawValue: partnerText)
            if partner != .municipality && partner != .pharmacy {
                log.error(item.raw("partner")!.location, "unknown partner '\(partnerText)'; use municipality or pharmacy")
            }
        }
        guard let title, let minutes, let lead else { return nil }
        return Programme.Item(title: title, minutes: minutes, lead: lead, notes: notes, partner: partner)
    }

    private func survey(_ value: YAMLValue) -> Survey? {
        guard let map = YAMLMap(value, log: log, what: "survey.yml") else { return nil }
        defer { map.rejectUnknownKeys() }
        var seen = Set<String>()
        let questions = (map.list("questions") ?? []).compactMap { item -> Survey.Question? in
            guard let question = YAMLMap(item, log: log, what: "a survey question") else { return nil }
            defer { question.rejectUnknownKeys() }
            let id = question.string("id")
            let theme = question.string("theme")
            let text = question.string("text")
            let kindText = question.string("type")
            let options = question.strings("options") ?? []
            let kind = kindText.flatMap(Survey.Kind.init(rawValue:))
            if let kindText, kind == nil {
                log.error(question.raw("type")!.location, "unknown question type '\(kindText)'; use likert, single, multiple or text\(Suggestion.didYouMean(kindText, Survey.Kind.allCases.map(\.rawValue)))")
            }
            if let kind, kind != .text, options.count < 2 {
                log.error(question.location, "a \(kind.rawValue) question needs at least two 'options'")
            }
            if let id {
                if !Slug.isValid(id) { log.error(question.raw("id")!.location, "question id '\(id)' must be lower-case letters, digits and hyphens") }
                if !seen.insert(id).inserted { log.error(question.raw("id")!.location, "question id '\(id)' is used twice") }
            }
            guard let id, let theme, let text, let kind else { return nil }
            return Survey.Question(id: id, theme: theme, text: text, kind: kind, options: options)
        }
        return Survey(questions: questions)
    }

    // MARK: clusters

    /// - Parameter brokenPackages: packages with errors of their own: their clusters are not
    ///   checked against them, so one mistake in a package is reported once, not per cluster.
    private func cluster(_ files: ContentTree.ClusterFiles, regions: [Region], packages: [String: ClusterPackage],
                         brokenPackages: Set<String>) -> Cluster? {
        guard let value = files.cluster, let map = YAMLMap(value, log: log, what: "cluster.yml") else { return nil }
        defer { map.rejectUnknownKeys() }
        let name = map.string("name")
        let regionID = map.string("region")
        let packageID = map.string("package")
        let coordinator = map.map("coordinator").flatMap(contact)
        let meeting = map.map("meeting").flatMap(meeting)
        let municipality = map.map("municipality").flatMap(organisation)
        let pharmacy = map.map("pharmacy", required: false).flatMap(organisation)
        let pseudonymKey = map.field("pseudonym_key").text

        var region: Region?
        if let regionID {
            region = regions.first { $0.id == regionID }
            if region == nil, !regions.isEmpty {
                log.error(map.raw("region")!.location, "unknown region '\(regionID)'\(Suggestion.didYouMeanOrList(regionID, regions.map(\.id), known: "known regions"))")
            }
        }
        if let packageID, brokenPackages.contains(packageID) { return nil }
        if let packageID, packages[packageID] == nil, !packages.isEmpty {
            log.error(map.raw("package")!.location, "unknown package '\(packageID)'\(Suggestion.didYouMeanOrList(packageID, packages.keys, known: "known packages"))")
        }
        let data = clusterData(files, survey: packageID.flatMap { packages[$0]?.survey }, pseudonymKey: pseudonymKey)
        guard let name, let region, let packageID, let coordinator, let meeting, let municipality else { return nil }
        return Cluster(slug: files.slug, name: name, region: region, packageID: packageID, coordinator: coordinator,
                       meeting: meeting, municipality: municipality, pharmacy: pharmacy, path: value.path, data: data)
    }

    private func contact(_ map: YAMLMap) -> Cluster.Contact? {
        defer { map.rejectUnknownKeys() }
        return Cluster.Contact(name: map.requiredField("name"), title: map.field("title"),
                               email: map.field("email"), phone: map.field("phone"))
    }

    private func organisation(_ map: YAMLMap) -> Cluster.Organisation? {
        defer { map.rejectUnknownKeys() }
        let name = map.string("name")
        let contact = map.map("contact", required: false).flatMap(contact)
        return name.map { Cluster.Organisation(name: $0, contact: contact) }
    }

    private func meeting(_ map: YAMLMap) -> Cluster.Meeting? {
        defer { map.rejectUnknownKeys() }
        let date = map.string("date") != nil ? map.raw("date").flatMap(day) : nil
        let start = map.string("start") != nil ? map.raw("start").flatMap(clockTime) : nil
        let venue = map.string("venue")
        let address = map.field("address")
        guard let date, let start, let venue else { return nil }
        return Cluster.Meeting(date: date, start: start, venue: venue, address: address, location: map.location,
                               dateLocation: map.raw("date")?.location, startLocation: map.raw("start")?.location)
    }

    private func day(_ value: YAMLValue) -> Day? {
        let text = value.node.string ?? ""
        let parts = text.split(separator: "-").map { Int($0) }
        if parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2],
           let date = DanishCalendar.date(Day(year: year, month: month, day: day)),
           DanishCalendar.day(of: date) == Day(year: year, month: month, day: day) {
            return Day(year: year, month: month, day: day)
        }
        log.error(value.location, "'\(value.keyPath)' must be a real date written YYYY-MM-DD, not '\(text)'")
        return nil
    }

    private func clockTime(_ value: YAMLValue) -> ClockTime? {
        let text = value.node.string ?? ""
        let parts = text.split(whereSeparator: { $0 == "." || $0 == ":" }).map { Int($0) }
        if parts.count == 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour), (0..<60).contains(minute) {
            return ClockTime(hour: hour, minute: minute)
        }
        log.error(value.location, "'\(value.keyPath)' must be a time of day written HH.MM (for example \"16.00\"), not '\(text)'")
        return nil
    }
}
