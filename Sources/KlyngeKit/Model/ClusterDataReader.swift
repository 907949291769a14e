import Foundation

/// Validates a cluster's two data files, reporting every problem at its line and column.
struct ClusterDataReader {
    let log: DiagnosticLog

    // MARK: practices.csv

    static let registerColumns = ["ydernummer", "sikrede", "dosis", "medicinadministration", "periode"]
    static let requiredRegisterColumns = ["ydernummer", "sikrede", "dosis", "medicinadministration"]

    func register(_ file: SourceFile) -> RegisterExtract? {
        let errorsBefore = log.errors.count
        guard let table = CSVTable.parse(file, log: log) else { return nil }
        let columns = headerColumns(table, known: Self.registerColumns, what: "column",
                                    hint: "the columns are \(Self.registerColumns.joined(separator: ", ")) (periode is optional)")
        for name in Self.requiredRegisterColumns where columns[name] == nil {
            log.error(table.location(line: table.header.line), "missing column '\(name)' in the header; the columns are \(Self.registerColumns.joined(separator: ", "))")
        }
        if table.rows.isEmpty {
            // A new cluster's file, waiting for the extract: like a missing file.
            log.warning(table.location(line: table.header.line), "no practices yet: the file has a header but no rows; the figures say that the numbers are missing")
            return nil
        }

        var practices: [RegisterExtract.Practice] = []
        var firstLine: [String: Int] = [:]
        var period: (text: String, line: Int)?
        for row in table.rows {
            let provider = columns["ydernummer"].map { row.fields[$0] }
            let listed = count(row, columns["sikrede"], "sikrede", table: table)
            let dose = count(row, columns["dosis"], "dosis", table: table)
            let administration = count(row, columns["medicinadministration"], "medicinadministration", table: table)

            if let provider {
                if provider.text.isEmpty {
                    log.error(table.location(provider), "missing provider number (ydernummer)")
                } else if let first = firstLine[provider.text] {
                    log.error(table.location(provider), "this provider number is already on line \(first); each practice has one row")
                } else {
                    firstLine[provider.text] = provider.line
                }
            }
            if let listed, listed.value == 0 {
                log.error(table.location(listed.field), "'sikrede' must be at least 1: a practice has listed patients")
            }
            for (name, value) in [("dosis", dose), ("medicinadministration", administration)] {
                if let value, let listed, value.value > listed.value {
                    log.error(table.location(value.field), "'\(name)' (\(value.value)) is more than the practice's listed patients, 'sikrede' (\(listed.value))")
                }
            }
            if let index = columns["periode"] {
                let field = row.fields[index]
                if !field.text.isEmpty {
                    if let period, period.text != field.text {
                        log.error(table.location(field), "the period '\(field.text)' differs from '\(period.text)' on line \(period.line); one extract covers one period")
                    } else if period == nil {
                        period = (field.text, field.line)
                    }
                }
            }
            if let provider, let listed, let dose, let administration {
                practices.append(.init(providerNumber: provider.text, listed: listed.value,
                                       doseDispensed: dose.value, medicineAdministration: administration.value))
            }
        }
        guard log.errors.count == errorsBefore else { return nil }
        return RegisterExtract(practices: practices, period: period?.text)
    }

    /// A count: a whole number of 0 or more, written with digits only.
    private func count(_ row: CSVTable.Row, _ index: Int?, _ name: String, table: CSVTable) -> (value: Int, field: CSVTable.Field)? {
        guard let index else { return nil }
        let field = row.fields[index]
        guard !field.text.isEmpty else {
            log.error(table.location(field), "missing '\(name)': write a whole number of 0 or more")
            return nil
        }
        // ASCII digits only: the bytes say it as the Characters would (a digit with a mark is no ASCII).
        guard field.text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(field.text) else {
            log.error(table.location(field), "'\(name)' must be a whole number of 0 or more, written with digits only, not '\(field.text)'")
            return nil
        }
        return (value, field)
    }

    // MARK: survey-responses.csv

    func responses(_ file: SourceFile, survey: Survey) -> SurveyResponses? {
        let errorsBefore = log.errors.count
        guard let table = CSVTable.parse(file, log: log) else { return nil }
        let questions = Dictionary(survey.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = survey.questions.map(\.id)
        let columns = headerColumns(table, known: ids, what: "question id",
                                    hint: "the columns are the question ids of survey.yml")
        for id in ids where columns[id] == nil {
            log.warning(table.location(line: table.header.line), "no column for question '\(id)' of survey.yml; its results are left out")
        }

        // The file's question columns, found once, left to right (a row's messages came in
        // the dictionary's order, which differs from run to run).
        let read = columns.compactMap { id, index in questions[id].map { (id: id, index: index, question: $0) } }
            .sorted { $0.index < $1.index }
        var respondents: [[String: [String]]] = []
        respondents.reserveCapacity(table.rows.count)
        var freeText: [String: Int] = [:]
        for row in table.rows {
            var answers: [String: [String]] = .init(minimumCapacity: read.count)
            for (id, index, question) in read {
                let field = row.fields[index]
                if field.text.isEmpty { continue }
                switch question.kind {
                case .text:
                    freeText[id, default: 0] += 1
                case .likert, .single:
                    let answer = field.text[...].trimmedSpaces
                    if let option = option(answer, question, table.location(field)) { answers[id] = [option] }
                case .multiple:
                    var chosen: [String] = []
                    let text = field.text
                    for (_, answer) in Self.answerParts(text) {
                        guard !answer.isEmpty, !chosen.contains(where: { $0 == answer }) else { continue }
                        // Where the answer starts, worked out only for a message.
                        let at = {
                            let offset = text.unicodeScalars.distance(from: text.startIndex, to: answer.startIndex)
                            return table.location(line: field.line, column: field.column(ofOffset: offset))
                        }
                        if let option = option(answer, question, at()) { chosen.append(option) }
                    }
                    if !chosen.isEmpty { answers[id] = chosen }
                }
            }
            respondents.append(answers)
        }
        guard log.errors.count == errorsBefore else { return nil }
        return SurveyResponses(respondents: respondents, freeTextAnswers: freeText, columns: Set(columns.keys))
    }

    /// A multiple-choice field's parts between `|`, each with its answer: the part without
    /// spaces and tabs at either end. `|` is one byte that no longer UTF-8 sequence holds.
    static func answerParts(_ text: String) -> [(part: Substring, answer: Substring)] {
        let utf8 = text.utf8
        var parts: [(part: Substring, answer: Substring)] = []
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "|")) ?? utf8.endIndex
            let part = text[start..<end]
            parts.append((part, part.trimmedSpaces))
            guard end < utf8.endIndex else { return parts }
            start = utf8.index(after: end)
        }
    }

    /// The option an answer names, or nil (reported). An answer is kept as the option's
    /// own text: equal `String`s, without a new one for every answer.
    private func option(_ answer: Substring, _ question: Survey.Question, _ location: @autoclosure () -> SourceLocation) -> String? {
        if let option = question.options.first(where: { $0 == answer }) { return option }
        let answer = String(answer)
        let options = question.options.map { "'\($0)'" }.joined(separator: ", ")
        log.error(location(), "'\(answer)' is not an option of question '\(question.id)'\(Suggestion.didYouMean(answer, question.options)); the options are \(options)")
        return nil
    }

    // MARK: header

    /// Column name → index for the known names; unknown and repeated names are reported.
    func headerColumns(_ table: CSVTable, known: [String], what: String, hint: String) -> [String: Int] {
        var columns: [String: Int] = [:]
        for (index, field) in table.header.fields.enumerated() {
            let name = field.text.trimmingSpaces
            let match = known.first { $0 == name } ?? known.first { $0.lowercased() == name.lowercased() }
            guard let match else {
                log.error(table.location(field), name.isEmpty ? "empty column name in the header; \(hint)"
                          : "unknown \(what) '\(name)'" + (Suggestion.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? "; \(hint)"))
                continue
            }
            if let first = columns[match] {
                log.error(table.location(field), "column '\(match)' appears twice in the header (first as column \(first + 1))")
                continue
            }
            columns[match] = index
        }
        return columns
    }
}

extension ModelBuilder {
    /// The cluster's data files; a file not there yet is a warning, as a `null` is.
    func clusterData(_ files: ContentTree.ClusterFiles, survey: Survey?, pseudonymKey: String?) -> ClusterData {
        let reader = ClusterDataReader(log: log)
        let register = files.practices.flatMap(reader.register)
        let responses = survey.flatMap { survey in files.surveyResponses.flatMap { reader.responses($0, survey: survey) } }
        if files.practices == nil {
            log.warning(SourceLocation(path: "\(files.folder)/practices.csv"), "no register extract yet; the figures say that the numbers are missing")
        } else if pseudonymKey == nil {
            log.warning(SourceLocation(path: "\(files.folder)/cluster.yml"),
                        "no 'pseudonym_key': anyone who knows the practices' provider numbers can work out who is Praksis A, B, …; add a few secret words, e.g. pseudonym_key: \"blå hest kaffe\"")
        }
        if files.surveyResponses == nil {
            log.warning(SourceLocation(path: "\(files.folder)/survey-responses.csv"), "no survey export yet; the survey results say that the answers are missing")
        }
        return ClusterData(register: register, responses: responses, pseudonymKey: pseudonymKey ?? files.slug)
    }
}
