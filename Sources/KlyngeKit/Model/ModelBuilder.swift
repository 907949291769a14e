import Foundation

/// Turns the parsed tree into typed values, reporting every problem it finds.
struct ModelBuilder {
    let log: DiagnosticLog

    func build(_ tree: ContentTree) -> SiteContent? {
        let site = tree.site.flatMap(site)
        let regions = tree.regions.flatMap(regions) ?? []
        var packages: [String: ClusterPackage] = [:]
        var brokenPackages = Set<String>()
        for files in tree.packages {
            let errorsBefore = log.errors.count
            let package = PackageReader(log: log).package(files)
            if let package { packages[package.id] = package }
            // A package whose files could not be read was reported when they were loaded.
            if package == nil || log.errors.count > errorsBefore { brokenPackages.insert(files.id) }
        }
        for package in packages.values {
            if let follows = package.followsPackage, packages[follows.value] == nil, !brokenPackages.contains(follows.value) {
                log.error(follows.location, "unknown package '\(follows.value)' to follow up on\(Suggestion.didYouMeanOrList(follows.value, packages.keys, known: "known packages"))")
            }
        }
        // Clusters are independent (their CSV files are the larger part of this stage):
        // built on every core, each with its own log, merged in order.
        var clusters: [Cluster] = []
        let surveys = packages.compactMapValues { $0.survey.map(SurveyAnswer.Matching.init) }
        let built = Parallel.map(tree.clusters) { [packages, brokenPackages] files -> (Cluster?, [Diagnostic]) in
            let builder = ModelBuilder(log: DiagnosticLog())
            let cluster = builder.cluster(files, regions: regions, packages: packages, surveys: surveys, brokenPackages: brokenPackages)
            return (cluster, builder.log.all)
        }
        for (cluster, diagnostics) in built {
            log.append(contentsOf: diagnostics)
            if let cluster { clusters.append(cluster) }
        }
        guard let site, !log.hasErrors else { return nil }
        return SiteContent(site: site, regions: regions, packages: packages, clusters: clusters)
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
                secondAddress: publisher.strings("second_address") ?? [],
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

    // MARK: clusters

    /// - Parameter brokenPackages: packages with errors of their own: their meetings are not
    ///   checked against them, so one mistake in a package is reported once, not per cluster.
    /// - Parameter surveys: each package's survey made ready for matching, by package id.
    private func cluster(_ files: ContentTree.ClusterFiles, regions: [Region], packages: [String: ClusterPackage],
                         surveys: [String: SurveyAnswer.Matching], brokenPackages: Set<String>) -> Cluster? {
        guard let value = files.cluster, let map = YAMLMap(value, log: log, what: "cluster.yml") else { return nil }
        let name = map.string("name")
        let regionID = map.string("region")
        let coordinator = map.map("coordinator").flatMap(contact)
        let pseudonymKey = map.field("pseudonym_key").text
        let fictional = map.bool("fictional") ?? false
        map.rejectUnknownKeys()

        var region: Region?
        if let regionID {
            region = regions.first { $0.id == regionID }
            if region == nil, !regions.isEmpty {
                log.error(map.raw("region")!.location, "unknown region '\(regionID)'\(Suggestion.didYouMeanOrList(regionID, regions.map(\.id), known: "known regions"))")
            }
        }
        if files.meetings.isEmpty {
            log.warning(SourceLocation(path: files.folder), "the cluster has no meetings yet; add one with `klynge new meeting \(files.slug) --package ID --date YYYY-MM-DD`")
        }
        var meetings = files.meetings.compactMap { meeting($0, packages: packages, surveys: surveys, brokenPackages: brokenPackages) }
        meetings.sort { ($0.date, $0.start, $0.slug) < ($1.date, $1.start, $1.slug) }
        checkFollowUps(meetings, folders: Set(files.meetings.map(\.slug)), packages: packages)
        if meetings.contains(where: { $0.register != nil }), pseudonymKey == nil {
            log.warning(map.location, "no 'pseudonym_key': anyone who knows the practices' provider numbers can work out who is Praksis A, B, …; add a few secret words, e.g. pseudonym_key: \"blå hest kaffe\"")
        }
        guard let name, let region, let coordinator else { return nil }
        return Cluster(slug: files.slug, name: name, region: region, coordinator: coordinator,
                       pseudonymKey: pseudonymKey ?? files.slug, isFictional: fictional, path: value.path, meetings: meetings)
    }

    /// A follow-up names a meeting of the same cluster, held before it, of the package it follows up on.
    /// - Parameter folders: every meeting folder of the cluster: one that exists but did not
    ///   load has its own errors, and a follow-up naming it gets no second one.
    private func checkFollowUps(_ meetings: [Meeting], folders: Set<String>, packages: [String: ClusterPackage]) {
        let bySlug = Dictionary(meetings.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        for meeting in meetings {
            guard let package = packages[meeting.packageID] else { continue }
            guard let follows = meeting.followsUp else {
                if package.isFollowUp {
                    log.error(meeting.location, "the package '\(package.id)' is a follow-up: name the meeting it follows up on with 'follows_up:'")
                }
                continue
            }
            guard package.isFollowUp else {
                log.error(follows.location, "'follows_up' is for meetings of a follow-up package; '\(package.id)' is none")
                continue
            }
            guard let earlier = bySlug[follows.value] else {
                if folders.contains(follows.value) { continue }
                log.error(follows.location, "no meeting '\(follows.value)' in this cluster to follow up on\(Suggestion.didYouMeanOrList(follows.value, bySlug.keys.filter { $0 != meeting.slug }, known: "its meetings"))")
                continue
            }
            if let wanted = package.followsPackage?.value, earlier.packageID != wanted {
                log.error(follows.location, "'\(follows.value)' is a meeting about '\(earlier.packageID)'; this package follows up on '\(wanted)'")
            }
            if earlier.date >= meeting.date {
                log.error(follows.location, "'\(follows.value)' is held on \(earlier.date), not before this meeting (\(meeting.date))")
            }
            if let before = earlier.register?.period, let now = meeting.register?.period, before == now, let at = meeting.register?.periodLocation {
                log.error(at, "the period '\(now)' is the same as in '\(follows.value)'; a follow-up's extract covers a later period")
            }
        }
    }

    private func meeting(_ files: ContentTree.MeetingFiles, packages: [String: ClusterPackage], surveys: [String: SurveyAnswer.Matching],
                         brokenPackages: Set<String>) -> Meeting? {
        guard let value = files.meeting, let map = YAMLMap(value, log: log, what: "meeting.yml") else {
            if files.meeting == nil, files.dataFiles.isEmpty {
                // `TreeReader.yaml` has reported a missing meeting.yml already.
            }
            return nil
        }
        let packageID = map.string("package")
        let date = map.string("date") != nil ? map.raw("date").flatMap(day) : nil
        let start = map.string("start") != nil ? map.raw("start").flatMap(clockTime) : nil
        let venue = map.string("venue")
        let address = map.field("address")
        let follows = map.raw("follows_up") != nil ? map.string("follows_up").map { Located($0, map.raw("follows_up")!.location) } : nil
        let partnersMap = map.map("partners", required: false)
        let booked = map.raw("booked").flatMap(timestamp)
        let period = map.raw("period") != nil ? map.string("period").map { Located($0, map.raw("period")!.location) } : nil
        defer { map.rejectUnknownKeys() }

        if let packageID, brokenPackages.contains(packageID) { return nil }
        guard let packageID else { return nil }
        guard let package = packages[packageID] else {
            log.error(map.raw("package")!.location, "unknown package '\(packageID)'\(Suggestion.didYouMeanOrList(packageID, packages.keys, known: "known packages"))")
            return nil
        }
        let partners = self.partners(partnersMap, package: package, at: map.location)
        let (register, responses) = data(files, package: package, survey: surveys[packageID])
        if let period, let extract = register, let written = extract.period, written != period.value {
            log.error(extract.periodLocation ?? period.location,
                      "the period '\(written)' is used by no meeting: this meeting's meeting.yml names the period '\(period.value)' (line \(period.location.line))")
        }
        let agreements = files.agreements.flatMap { readAgreements($0, package: package, meetingDate: date) }
        guard let date, let start, let venue, let partners else { return nil }
        return Meeting(slug: files.slug, packageID: packageID, date: date, start: start, venue: venue, address: address,
                       partners: partners, register: register, responses: responses, agreements: agreements,
                       booked: booked, followsUp: follows, path: value.path, location: map.location,
                       dateLocation: map.raw("date")?.location ?? map.location, startLocation: map.raw("start")?.location ?? map.location)
    }

    /// The partners under `partners:`, by the package's roles: a required role must be
    /// there, an optional one may be left out or left empty, an unknown one is an error.
    private func partners(_ map: YAMLMap?, package: ClusterPackage, at location: SourceLocation) -> [Meeting.Partner]? {
        var found: [String: Meeting.Partner] = [:]
        // Roles written under `partners:`, right or wrong: a wrong one has its own error.
        var written: Set<String> = []
        var ok = true
        if let map, case .mapping(let mapping) = map.value.node {
            for (key, _) in mapping {
                guard let id = key.string else { continue }
                written.insert(id)
                guard let role = package.partner(id) else {
                    let raw = map.raw(id)!
                    log.error(raw.location, "the package '\(package.id)' invites no partner '\(id)'\(Suggestion.didYouMeanOrList(id, package.partners.map(\.id), known: "its roles"))")
                    ok = false
                    continue
                }
                guard let raw = map.raw(id) else { continue }
                if raw.isNull, !role.required { continue }
                guard let partner = YAMLMap(raw, log: log, what: "'partners.\(id)'") else { ok = false; continue }
                defer { partner.rejectUnknownKeys() }
                // An optional role whose name is still `null` (as `klynge new` writes it) is
                // left out: the meeting is shown without it until a name is filled in.
                if !role.required, let name = partner.raw("name"), name.isNull {
                    _ = partner.raw("contact")
                    log.warning(name.location, "no \(role.indefinite) named yet for 'partners.\(id)'; the pages leave it out until its name is filled in (or delete the block)")
                    continue
                }
                let name = partner.string("name")
                let contact = partner.map("contact", required: false).flatMap(contact)
                guard let name else { ok = false; continue }
                found[id] = Meeting.Partner(role: role, name: name, contact: contact)
            }
        }
        for role in package.partners where role.required && !written.contains(role.id) {
            log.error(map?.location ?? location, "the package '\(package.id)' needs a partner '\(role.id)' (\(role.indefinite)); add it under 'partners:' with its 'name'")
            ok = false
        }
        return ok ? package.partners.compactMap { found[$0.id] } : nil
    }

    private func contact(_ map: YAMLMap) -> Cluster.Contact? {
        defer { map.rejectUnknownKeys() }
        return Cluster.Contact(name: map.requiredField("name"), title: map.field("title"),
                               email: map.field("email"), phone: map.field("phone"))
    }

    /// The meeting's data files as its package declares them; a file not there yet is a
    /// warning, as a `null` is, and a file the package does not know is an error.
    private func data(_ files: ContentTree.MeetingFiles, package: ClusterPackage, survey: SurveyAnswer.Matching?) -> (RegisterExtract?, SurveyResponses?) {
        let reader = ClusterDataReader(log: log)
        let known = [package.register?.file, package.surveyFile].compactMap { $0 }
        for name in files.dataFiles.keys.sorted() where !known.contains(name) {
            log.error(SourceLocation(path: "\(files.folder)/\(name)"),
                      "the package '\(package.id)' declares no data file '\(name)'\(known.isEmpty ? "" : "; its files are \(known.joined(separator: ", "))")\(Suggestion.didYouMean(name, known))")
        }
        var register: RegisterExtract?
        if let declaration = package.register {
            if let file = files.dataFiles[declaration.file] {
                register = reader.register(file, declaration: declaration)
            } else {
                log.warning(SourceLocation(path: "\(files.folder)/\(declaration.file)"), "no register extract yet; the figures say that the numbers are missing")
            }
        }
        var responses: SurveyResponses?
        if let name = package.surveyFile, let survey {
            if let file = files.dataFiles[name] {
                responses = reader.responses(file, matching: survey)
            } else {
                log.warning(SourceLocation(path: "\(files.folder)/\(name)"), "no survey export yet; the survey results say that the answers are missing")
            }
        }
        return (register, responses)
    }

    /// `agreements.yml`: what the meeting agreed, written by the coordinator afterwards.
    private func readAgreements(_ value: YAMLValue, package: ClusterPackage, meetingDate: Day?) -> [Meeting.Agreement]? {
        if value.isNull { return [] }
        guard let map = YAMLMap(value, log: log, what: "agreements.yml") else { return nil }
        defer { map.rejectUnknownKeys() }
        guard let items = map.list("agreements") else { return nil }
        return items.compactMap { item -> Meeting.Agreement? in
            guard let agreement = YAMLMap(item, log: log, what: "an agreement") else { return nil }
            defer { agreement.rejectUnknownKeys() }
            let what = agreement.string("what")
            let who = agreement.string("who")
            let due = agreement.raw("due").flatMap { $0.isNull ? nil : day($0) }
            if let due, let meetingDate, due < meetingDate, let at = agreement.raw("due")?.location {
                log.error(at, "the agreement is due on \(due), before its meeting (\(meetingDate))")
            }
            let with = (agreement.list("with", required: false) ?? []).compactMap { entry -> PartnerRole? in
                guard let id = YAMLMap.scalarText(entry, key: entry.keyPath, log: log, allowNull: false) else { return nil }
                guard let role = package.partner(id) else {
                    log.error(entry.location, "the package '\(package.id)' invites no partner '\(id)'\(Suggestion.didYouMeanOrList(id, package.partners.map(\.id), known: "its roles"))")
                    return nil
                }
                return role
            }
            var status: Meeting.Agreement.Status?
            if let raw = agreement.raw("status"), !raw.isNull, let text = agreement.string("status") {
                status = Meeting.Agreement.Status.allCases.first { "\($0)" == text }
                if status == nil {
                    let names = Meeting.Agreement.Status.allCases.map { "\($0)" }
                    log.error(raw.location, "unknown status '\(text)'; use one of \(names.joined(separator: ", "))\(Suggestion.didYouMean(text, names))")
                }
            }
            let note = agreement.field("note")
            guard let what, let who else { return nil }
            return Meeting.Agreement(what: what, who: who, due: due, with: with, status: status, note: note, location: agreement.location)
        }
    }

    func day(_ value: YAMLValue) -> Day? {
        let text = value.node.string ?? ""
        if let day = Day(parsing: text) {
            guard Limits.years.contains(day.year) else {
                log.error(value.location, "'\(value.keyPath)' must be a date in the years \(Limits.years.bounds.lowerBound) to \(Limits.years.bounds.upperBound) (\(Limits.years.meaning)), not '\(text)'")
                return nil
            }
            return day
        }
        log.error(value.location, "'\(value.keyPath)' must be a real date written YYYY-MM-DD, not '\(text)'")
        return nil
    }

    /// `2026-11-20T10:00:00Z`: a moment in UTC, as `klynge new meeting` writes it.
    private func timestamp(_ value: YAMLValue) -> Timestamp? {
        let text = value.node.string ?? ""
        let bytes = Array(text.utf8)
        if bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "Z"),
           let hour = Int(text.dropFirst(11).prefix(2)), let minute = Int(text.dropFirst(14).prefix(2)), let second = Int(text.dropFirst(17).prefix(2)),
           (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second),
           let day = Day(parsing: text.prefix(10)) {
            return Timestamp(day: day, time: ClockTime(hour: hour, minute: minute))
        }
        if !value.isNull {
            log.error(value.location, "'\(value.keyPath)' must be a moment in UTC written YYYY-MM-DDTHH:MM:SSZ, not '\(text)'")
        }
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
