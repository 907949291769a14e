/// Reads a package folder: `package.yml` with its declarations, the documents'
/// front matter, `programme.yml` and `survey.yml`. Every mistake is reported where
/// it is written, and names used across files (a measure's column, a programme
/// item's lead) are checked against what the package declares.
struct PackageReader {
    let log: DiagnosticLog

    func package(_ files: ContentTree.PackageFiles) -> ClusterPackage? {
        guard let value = files.package, let map = YAMLMap(value, log: log, what: "package.yml") else { return nil }
        let title = map.string("title")
        let subtitle = map.field("subtitle")
        let duration = map.int("duration_minutes", in: Limits.meetingMinutes)
        let reviewer = map.field("reviewer")
        let order = map.list("documents") ?? []
        let links = linkList(map.map("links", required: false))
        let register = map.map("register", required: false).flatMap(register)
        let surveyFile = map.map("survey", required: false).flatMap { survey -> String? in
            defer { survey.rejectUnknownKeys() }
            return survey.string("file").flatMap { dataFileName($0, at: survey.raw("file")!.location) }
        }
        let measures = (map.list("measures", required: false) ?? []).compactMap { measure($0, register: register) }
        let partners = (map.list("partners", required: false) ?? []).compactMap(partner)
        let leads = (map.list("leads", required: false) ?? []).compactMap(lead)
        let deadlines = (map.list("deadlines", required: false) ?? []).compactMap(deadline)
        let follows = map.raw("follows") != nil ? map.string("follows").map { Located($0, map.raw("follows")!.location) } : nil
        map.rejectUnknownKeys()

        unique(measures.map { ($0.id, $0.location) }, what: "measure")
        unique(partners.map { ($0.id, $0.location) } + leads.map { ($0.id, $0.location) }, what: "partner or lead role")
        unique(deadlines.map { ($0.id, $0.location) }, what: "deadline")
        for partner in partners {
            if let standIn = partner.standIn, !leads.contains(where: { $0.id == standIn }) {
                log.error(partner.location, "'stand_in' of '\(partner.id)' must be one of the package's leads\(Suggestion.didYouMeanOrList(standIn, leads.map(\.id), known: "its leads"))")
            }
        }
        if let register, let surveyFile, register.file == surveyFile {
            log.error(map.raw("survey")!.location, "the survey export and the register extract cannot both be '\(surveyFile)'")
        }

        var documents: [Document] = []
        var bySlug = Dictionary(files.documents.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in order {
            guard let (slug, view) = documentEntry(entry) else { continue }
            guard let file = bySlug.removeValue(forKey: slug) else {
                if files.unreadableDocuments.contains(slug) { continue } // already reported
                if documents.contains(where: { $0.slug == slug }) {
                    log.error(entry.location, "document '\(slug)' is listed twice")
                } else {
                    log.error(entry.location, "document '\(slug)' is listed but \(files.folder)/\(slug).md does not exist\(Suggestion.didYouMean(slug, bySlug.keys))")
                }
                continue
            }
            if let document = document(file, view: view) { documents.append(document) }
        }
        for file in bySlug.values.sorted(by: { $0.slug < $1.slug }) {
            log.error(SourceLocation(path: file.path), "document '\(file.slug)' is not listed under 'documents' in \(files.folder)/package.yml")
        }

        let roles = Set(partners.map(\.id) + leads.map(\.id))
        let parsedProgramme = files.programme.flatMap { programme($0, roles: roles, partners: Set(partners.map(\.id))) }
        let parsedSurvey = files.survey.flatMap(survey)
        if parsedSurvey != nil, surveyFile == nil {
            log.error(map.location, "the package has a survey.yml; name its export file with 'survey: { file: … }'")
        }
        if files.survey == nil, let raw = map.raw("survey") {
            log.error(raw.location, "'survey' names an export file, but \(files.folder)/survey.yml does not exist")
        }
        guard let title, let duration, let parsedProgramme else { return nil }
        var package = ClusterPackage(id: files.id, title: title, subtitle: subtitle, durationMinutes: duration, reviewer: reviewer,
                              links: links, register: register, surveyFile: surveyFile, measures: measures,
                              partners: partners, leads: leads, deadlines: deadlines, documents: documents,
                              programme: parsedProgramme, survey: parsedSurvey, location: map.location, followsPackage: follows)
        package.invitation = files.invitation
        return package
    }

    private func unique(_ ids: [(String, SourceLocation)], what: String) {
        var seen: [String: SourceLocation] = [:]
        for (id, location) in ids {
            if let first = seen[id] {
                log.error(location, "two of the package's \(what)s are named '\(id)' (the first at line \(first.line))")
            } else {
                seen[id] = location
            }
        }
    }

    private func identifier(_ map: YAMLMap, _ key: String = "id") -> String? {
        guard let id = map.string(key) else { return nil }
        guard Slug.isValid(id.replacingOccurrences(of: "_", with: "-")) else {
            log.error(map.raw(key)!.location, "'\(key)' must be lower-case letters, digits, hyphens and underscores, not '\(id)'")
            return nil
        }
        return id
    }

    /// A data file's name: a plain `.csv` name in the meeting's folder.
    private func dataFileName(_ name: String, at location: SourceLocation) -> String? {
        guard name.hasSuffix(".csv"), !name.contains("/"), Slug.isValid(String(name.dropLast(4))) else {
            log.error(location, "a data file is named like 'practices.csv': lower-case letters, digits and hyphens, ending in .csv")
            return nil
        }
        return name
    }

    // MARK: data and measures

    private func column(_ value: YAMLValue?, key: String, in map: YAMLMap) -> DataColumn? {
        guard let value else { return nil }
        guard let column = YAMLMap(value, log: log, what: "'\(value.keyPath)'") else { return nil }
        defer { column.rejectUnknownKeys() }
        guard let name = column.string("column"), let label = column.string("label") else { return nil }
        return DataColumn(name: name, label: label, location: column.location)
    }

    private func register(_ map: YAMLMap) -> RegisterDeclaration? {
        defer { map.rejectUnknownKeys() }
        let file = map.string("file").flatMap { dataFileName($0, at: map.raw("file")!.location) }
        let provider = map.raw("provider").flatMap { column($0, key: "provider", in: map) }
        if map.raw("provider") == nil { log.error(map.location, "missing required key '\(map.value.keyPath).provider': the column that holds the provider number") }
        let denominator = map.raw("denominator").flatMap { column($0, key: "denominator", in: map) }
        if map.raw("denominator") == nil { log.error(map.location, "missing required key '\(map.value.keyPath).denominator': the column rates are counted per 1,000 of") }
        let counts = (map.list("counts") ?? []).compactMap { column($0, key: "counts", in: map) }
        let period = map.raw("period").flatMap { column($0, key: "period", in: map) }
        guard let file, let provider, let denominator else { return nil }
        let declaration = RegisterDeclaration(file: file, provider: provider, denominator: denominator, counts: counts, period: period)
        var seen: [String: DataColumn] = [:]
        for column in declaration.columns {
            if let first = seen[column.name] {
                log.error(column.location, "the column '\(column.name)' is declared twice (first at line \(first.location.line))")
            }
            seen[column.name] = column
        }
        return declaration
    }

    /// A measure names its kind by one key: `rate_per_1000: <count>` or `share: { count:, of: }`.
    private func measure(_ value: YAMLValue, register: RegisterDeclaration?) -> Measure? {
        guard let map = YAMLMap(value, log: log, what: "a measure") else { return nil }
        defer { map.rejectUnknownKeys() }
        let id = identifier(map)
        let title = map.string("title")
        let source = map.string("source")
        let unit = map.string("unit")
        let references = (map.list("references", required: false) ?? []).compactMap { item -> Measure.Reference? in
            guard let reference = YAMLMap(item, log: log, what: "a reference value") else { return nil }
            defer { reference.rejectUnknownKeys() }
            guard let label = reference.string("label") else { return nil }
            if reference.raw("value") == nil { log.error(reference.location, "missing required key '\(item.keyPath).value' (write null until it is known)") }
            return Measure.Reference(label: label, value: reference.double("value", in: Limits.ratePer1000), source: reference.field("source"))
        }
        func count(_ raw: YAMLValue?, _ key: String) -> Int? {
            guard let raw, let name = YAMLMap.scalarText(raw, key: raw.keyPath, log: log, allowNull: false) else { return nil }
            guard let register else {
                log.error(raw.location, "the measure counts '\(name)', but the package declares no 'register' with its columns")
                return nil
            }
            guard let index = register.countIndex(name) else {
                log.error(raw.location, "'\(name)' is not one of the register's declared counts\(Suggestion.didYouMeanOrList(name, register.counts.map(\.name), known: "its counts"))")
                return nil
            }
            return index
        }
        var kind: Measure.Kind?
        let rate = map.raw("rate_per_1000")
        let share = map.map("share", required: false)
        switch (rate, share) {
        case (let rate?, nil):
            kind = count(rate, "rate_per_1000").map { .ratePer1000(count: $0) }
        case (nil, let share?):
            defer { share.rejectUnknownKeys() }
            let counted = share.raw("count").flatMap { count($0, "count") }
            let of = share.raw("of").flatMap { count($0, "of") }
            if share.raw("count") == nil || share.raw("of") == nil {
                log.error(share.location, "a share names its 'count' and what it is a share 'of'")
            }
            if let counted, let of {
                if counted == of { log.error(share.location, "a share of a count of itself is always 100 %") }
                kind = .share(count: counted, of: of)
            }
        case (.some, .some):
            log.error(map.location, "a measure is either 'rate_per_1000' or 'share', not both")
        case (nil, nil):
            log.error(map.location, "a measure needs its kind: 'rate_per_1000: <count>' or 'share: { count: <count>, of: <count> }'")
        }
        guard let id, let title, let source, let unit, let kind else { return nil }
        return Measure(id: id, kind: kind, title: title, source: source, unit: unit, references: references, location: map.location)
    }

    // MARK: partners, leads, deadlines

    private func partner(_ value: YAMLValue) -> PartnerRole? {
        guard let map = YAMLMap(value, log: log, what: "a partner role") else { return nil }
        defer { map.rejectUnknownKeys() }
        let id = identifier(map)
        let indefinite = map.string("indefinite")
        let definite = map.string("definite")
        let required = map.bool("required")
        if map.raw("required") == nil { log.error(map.location, "missing required key '\(value.keyPath).required': true or false") }
        let standIn = map.raw("stand_in") != nil ? map.string("stand_in") : nil
        guard let id, let indefinite, let definite, let required else { return nil }
        return PartnerRole(id: id, indefinite: indefinite, definite: definite, required: required, standIn: standIn, location: map.location)
    }

    private func lead(_ value: YAMLValue) -> LeadRole? {
        guard let map = YAMLMap(value, log: log, what: "a lead") else { return nil }
        defer { map.rejectUnknownKeys() }
        guard let id = identifier(map), let label = map.string("label") else { return nil }
        return LeadRole(id: id, label: label, location: map.location)
    }

    /// `before: 8 weeks` or `after: 12 months`; at most two years either way.
    private func deadline(_ value: YAMLValue) -> DeadlineRule? {
        guard let map = YAMLMap(value, log: log, what: "a deadline") else { return nil }
        defer { map.rejectUnknownKeys() }
        let id = identifier(map)
        let title = map.string("title")
        let owner = map.field("owner")
        let description = map.field("description")
        let calendar = map.bool("calendar") ?? false
        let before = map.raw("before"), after = map.raw("after")
        var offset: (Int, DeadlineRule.Unit)?
        switch (before, after) {
        case (let raw?, nil), (nil, let raw?):
            let text = YAMLMap.scalarText(raw, key: raw.keyPath, log: log, allowNull: false) ?? ""
            let parts = text.split(separator: " ")
            let units: [String: DeadlineRule.Unit] = ["day": .days, "days": .days, "week": .weeks, "weeks": .weeks, "month": .months, "months": .months]
            let limits: [DeadlineRule.Unit: Int] = [.days: 730, .weeks: 104, .months: 24]
            if parts.count == 2, let amount = Int(parts[0]), let unit = units[String(parts[1])], amount >= 0, amount <= limits[unit]! {
                offset = (before != nil ? -amount : amount, unit)
            } else {
                log.error(raw.location, "'\(raw.keyPath)' must be a whole number of days, weeks or months up to two years, like '8 weeks' or '12 months', not '\(text)'")
            }
        case (.some, .some):
            log.error(map.location, "a deadline is either 'before' or 'after' the meeting, not both")
        case (nil, nil):
            log.error(map.location, "a deadline needs its offset from the meeting: 'before: 8 weeks' or 'after: 12 months'")
        }
        guard let id, let title, let offset else { return nil }
        return DeadlineRule(id: id, amount: offset.0, unit: offset.1, title: title, owner: owner, description: description,
                            inCalendar: calendar, location: map.location)
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

    // MARK: documents

    /// `- slug` or `- { slug: …, view: … }`.
    private func documentEntry(_ entry: YAMLValue) -> (String, Document.View)? {
        if case .mapping = entry.node {
            guard let map = YAMLMap(entry, log: log, what: "a document") else { return nil }
            defer { map.rejectUnknownKeys() }
            guard let slug = map.string("slug") else { return nil }
            var view = Document.View.page
            if let raw = map.raw("view"), let text = map.string("view") {
                if let known = Document.View(rawValue: text) {
                    view = known
                } else {
                    // Reported here; the document stays listed, so it gets no second error.
                    let names = Document.View.allCases.map(\.rawValue)
                    log.error(raw.location, "unknown view '\(text)'; use one of \(names.joined(separator: ", "))\(Suggestion.didYouMean(text, names))")
                }
            }
            return (slug, view)
        }
        guard let slug = YAMLMap.scalarText(entry, key: "documents", log: log, allowNull: false) else { return nil }
        return (slug, .page)
    }

    private func document(_ file: ContentTree.DocumentFile, view: Document.View) -> Document? {
        guard let value = file.frontMatter, let map = YAMLMap(value, log: log, what: "the front matter") else { return nil }
        let title = map.string("title")
        let description = map.string("description")
        let audience = map.string("audience")
        map.rejectUnknownKeys()
        guard let title, let description, let audience else { return nil }
        return Document(slug: file.slug, title: title, description: description, audience: audience,
                        body: file.body, path: file.path, bodyFirstLine: file.bodyFirstLine, view: view)
    }

    // MARK: programme and survey

    private func programme(_ value: YAMLValue, roles: Set<String>, partners: Set<String>) -> Programme? {
        guard let map = YAMLMap(value, log: log, what: "programme.yml") else { return nil }
        defer { map.rejectUnknownKeys() }
        guard let blocks = map.list("blocks") else { return nil }
        let parsed = blocks.compactMap { item -> Programme.Block? in
            guard let block = YAMLMap(item, log: log, what: "a programme block") else { return nil }
            defer { block.rejectUnknownKeys() }
            let title = block.string("title")
            let minutes = block.int("minutes", required: false, in: Limits.minutes)
            let isPause = block.bool("pause") ?? false
            let items = isPause ? [] : (block.list("items") ?? []).compactMap { programmeItem($0, roles: roles, partners: partners) }
            if isPause, minutes == nil { log.error(block.location, "a pause needs its 'minutes'") }
            guard let title else { return nil }
            return Programme.Block(title: title, statedMinutes: minutes, isPause: isPause, items: items, location: block.location)
        }
        return Programme(blocks: parsed, path: value.path)
    }

    private func programmeItem(_ value: YAMLValue, roles: Set<String>, partners: Set<String>) -> Programme.Item? {
        guard let item = YAMLMap(value, log: log, what: "a programme item") else { return nil }
        defer { item.rejectUnknownKeys() }
        let title = item.string("title")
        let minutes = item.int("minutes", in: Limits.minutes)
        let lead = item.string("lead")
        let notes = (item.list("notes", required: false) ?? []).compactMap { note($0, partners: partners) }
        if let lead, !roles.contains(lead) {
            log.error(item.raw("lead")!.location, "unknown lead '\(lead)'; the package's leads and partner roles are \(roles.sorted().joined(separator: ", "))\(Suggestion.didYouMean(lead, roles))")
        }
        let partner = item.raw("partner") != nil ? item.string("partner") : nil
        if let partner, !partners.contains(partner) {
            log.error(item.raw("partner")!.location, "unknown partner '\(partner)'; the package's partner roles are \(partners.sorted().joined(separator: ", "))\(Suggestion.didYouMean(partner, partners))")
        }
        guard let title, let minutes, let lead, roles.contains(lead), partner.map(partners.contains) ?? true else { return nil }
        return Programme.Item(title: title, minutes: minutes, lead: lead, notes: notes, partner: partner)
    }

    /// `- text` or `- { text: …, with: <role> }`.
    private func note(_ value: YAMLValue, partners: Set<String>) -> Programme.Note? {
        guard case .mapping = value.node else {
            return YAMLMap.scalarText(value, key: value.keyPath, log: log, allowNull: false).map { Programme.Note(text: $0, onlyWith: nil) }
        }
        guard let map = YAMLMap(value, log: log, what: "a note") else { return nil }
        defer { map.rejectUnknownKeys() }
        let text = map.string("text")
        let with = map.raw("with") != nil ? map.string("with") : nil
        if let with, !partners.contains(with) {
            log.error(map.raw("with")!.location, "unknown partner '\(with)'; the package's partner roles are \(partners.sorted().joined(separator: ", "))\(Suggestion.didYouMean(with, partners))")
            return nil
        }
        return text.map { Programme.Note(text: $0, onlyWith: with) }
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
}
