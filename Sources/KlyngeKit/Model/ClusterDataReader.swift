import Foundation

/// Validates a cluster's two data files, reporting every problem at its line and column.
struct ClusterDataReader {
    let log: DiagnosticLog

    // MARK: the register extract

    /// Reads a register extract against the package's declaration of its columns.
    func register(_ file: SourceFile, declaration: RegisterDeclaration) -> RegisterExtract? {
        let errorsBefore = log.errors.count
        guard let table = CSVTable.parse(file, log: log) else { return nil }
        let known = declaration.columns.map(\.name)
        let optional = declaration.period.map { " (\($0.name) is optional)" } ?? ""
        let columns = headerColumns(table, known: known, what: "column", hint: "the columns are \(known.joined(separator: ", "))\(optional)")
        for column in declaration.columns where column != declaration.period && columns[column.name] == nil {
            log.error(table.location(line: table.header.line), "missing column '\(column.name)' in the header; the columns are \(known.joined(separator: ", "))")
        }
        if table.rows.isEmpty {
            // A new meeting's file, waiting for the extract: like a missing file.
            log.warning(table.location(line: table.header.line), "no practices yet: the file has a header but no rows; the figures say that the numbers are missing")
            return nil
        }

        let denominator = declaration.denominator.name
        var practices: [RegisterExtract.Practice] = []
        var firstLine: [String: Int] = [:]
        var period: (text: String, line: Int, location: SourceLocation)?
        for row in table.rows {
            let provider = columns[declaration.provider.name].map { row.fields[$0] }
            let listed = count(row, columns[denominator], denominator, table: table, in: Limits.listedPatients)
            let counts = declaration.counts.map { count(row, columns[$0.name], $0.name, table: table) }

            if let provider {
                if provider.text.isEmpty {
                    log.error(table.location(provider), "missing provider number ('\(declaration.provider.name)')")
                } else if let first = firstLine[provider.text] {
                    log.error(table.location(provider), "this provider number is already on line \(first); each practice has one row")
                } else {
                    firstLine[provider.text] = provider.line
                }
            }
            if let listed, listed.value == 0 {
                log.error(table.location(listed.field), "'\(denominator)' must be at least 1: a practice has listed patients")
            }
            for (column, value) in zip(declaration.counts, counts) {
                if let value, let listed, value.value > listed.value {
                    log.error(table.location(value.field), "'\(column.name)' (\(value.value)) is more than the practice's '\(denominator)' (\(listed.value))")
                }
            }
            if let name = declaration.period?.name, let index = columns[name] {
                let field = row.fields[index]
                if !field.text.isEmpty {
                    if let period, period.text != field.text {
                        log.error(table.location(field), "the period '\(field.text)' differs from '\(period.text)' on line \(period.line); one extract covers one period")
                    } else if period == nil {
                        period = (field.text, field.line, table.location(field))
                    }
                }
            }
            let values = counts.compactMap { $0?.value }
            if let provider, let listed, values.count == counts.count {
                practices.append(.init(providerNumber: provider.text, listed: listed.value, counts: values))
            }
        }
        guard log.errors.count == errorsBefore else { return nil }
        return RegisterExtract(practices: practices, period: period?.text, periodLocation: period?.location)
    }

    /// A count: a whole number of 0 or more, written with digits only.
    /// A count in its range (`Limits`), so that sums and rates over a cluster cannot overflow.
    private func count(_ row: CSVTable.Row, _ index: Int?, _ name: String, table: CSVTable,
                       in range: Limits.Range<Int> = Limits.patientCount) -> (value: Int, field: CSVTable.Field)? {
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
        guard range.contains(value) else {
            log.error(table.location(field), "'\(name)' must be a whole number from \(range.bounds.lowerBound) to \(range.bounds.upperBound) (\(range.meaning)), not \(field.text)")
            return nil
        }
        return (value, field)
    }

    // MARK: survey-responses.csv

    func responses(_ file: SourceFile, survey: Survey) -> SurveyResponses? {
        responses(file, matching: SurveyAnswer.Matching(survey))
    }

    /// - Parameter matching: the package's survey, made ready for matching once, not per export.
    func responses(_ file: SourceFile, matching: SurveyAnswer.Matching) -> SurveyResponses? {
        let errorsBefore = log.errors.count
        guard let table = CSVTable.parse(file, log: log) else { return nil }
        let columns = questionColumns(table, matching: matching)
        for id in matching.ids where columns[id] == nil {
            log.warning(table.location(line: table.header.line), "no column for question '\(id)' of survey.yml; its results are left out")
        }

        // The file's question columns, found once, left to right (a row's messages came in
        // the dictionary's order, which differs from run to run).
        let read = columns.compactMap { id, index in
            matching.questions[id].map { (id: id, index: index, question: $0, options: matching.options[id]!) }
        }
            .sorted { $0.index < $1.index }
        var respondents: [[String: [String]]] = []
        respondents.reserveCapacity(table.rows.count)
        var freeText: [String: Int] = [:]
        for row in table.rows {
            var answers: [String: [String]] = .init(minimumCapacity: read.count)
            for (id, index, question, options) in read {
                let field = row.fields[index]
                if field.text.isEmpty { continue }
                switch question.kind {
                case .text:
                    freeText[id, default: 0] += 1
                case .likert, .single:
                    let answer = field.text[...].trimmedSpaces
                    if let option = option(answer, question, options, table.location(field)) { answers[id] = [option] }
                case .multiple:
                    var chosen: [String] = []
                    var written: [Substring] = []
                    let text = field.text
                    for (_, answer) in Self.answerParts(text) {
                        // An answer written twice counts (and is reported) once.
                        guard !answer.isEmpty, !written.contains(where: { $0 == answer }) else { continue }
                        written.append(answer)
                        // Where the answer starts, worked out only for a message.
                        let at = {
                            let offset = text.unicodeScalars.distance(from: text.startIndex, to: answer.startIndex)
                            return table.location(line: field.line, column: field.column(ofOffset: offset))
                        }
                        // Two spellings of one option (`Ingen`, `ingen.`) are one choice.
                        if let option = option(answer, question, options, at()), !chosen.contains(option) { chosen.append(option) }
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
    /// own text: equal `String`s, without a new one for every answer. The export is
    /// typed by people and tools, so case, surrounding spaces and a full stop at the
    /// end do not count (see `SurveyAnswer.key`).
    private func option(_ answer: Substring, _ question: Survey.Question, _ options: SurveyAnswer.Options,
                        _ location: @autoclosure () -> SourceLocation) -> String? {
        if let option = options.match(answer) { return option }
        let answer = String(answer)
        let listed = question.options.map { "'\($0)'" }.joined(separator: ", ")
        log.error(location(), "'\(answer)' is not an option of question '\(question.id)'\(Suggestion.didYouMean(answer, question.options)); the options are \(listed)")
        return nil
    }

    /// Question id → column index. The questionnaire tool's export names its columns by
    /// the question's full text; Klynge's own files by the question's id. Either is
    /// taken, matched as answers are (case, surrounding spaces and a final full stop
    /// aside); unknown and repeated columns are reported.
    func questionColumns(_ table: CSVTable, matching: SurveyAnswer.Matching) -> [String: Int] {
        let survey = matching.survey
        let ids = matching.ids
        let byText = matching.idsByText
        var columns: [String: Int] = [:]
        for (index, field) in table.header.fields.enumerated() {
            let name = field.text.trimmingSpaces
            let key = SurveyAnswer.key(name[...])
            let lowercased = name.lowercased()
            let match = ids.first { $0 == name } ?? zip(ids, matching.lowercasedIDs).first { $0.1 == lowercased }?.0 ?? byText[key]
            guard let match else {
                let hint = "the columns are the question ids of survey.yml or the questions' own text"
                let closest = Suggestion.closest(to: name, in: ids)
                    ?? Suggestion.closest(to: key, in: survey.questions.map { SurveyAnswer.key($0.text[...]) }).flatMap { byText[$0] }
                        .flatMap { id in survey.questions.first { $0.id == id }?.text }
                log.error(table.location(field), name.isEmpty ? "empty column name in the header; \(hint)"
                          : "unknown question '\(name)'" + (closest.map { "; did you mean '\($0)'?" } ?? "; \(hint)"))
                continue
            }
            if let first = columns[match] {
                log.error(table.location(field), "question '\(match)' has two columns in the header (first as column \(first + 1))")
                continue
            }
            columns[match] = index
        }
        return columns
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

/// How an answer in the export is matched to an option of survey.yml.
enum SurveyAnswer {
    /// The text as it is compared: without surrounding white space, without one full
    /// stop at the end (a tool may add one, an option may carry one), in lower case.
    static func key(_ text: Substring) -> String {
        var text = text.trimmingWhitespace
        if text.last == "." { text = text.dropLast().trimmingWhitespace }
        return text.lowercased()
    }

    /// What matching an export's columns and answers needs of survey.yml: the same
    /// for every meeting of a package, so made once per package.
    struct Matching: Sendable {
        let survey: Survey
        let ids: [String]
        /// `ids`, each in lower case, for columns named in another case.
        let lowercasedIDs: [String]
        /// Question id by the key of its text (the first question, when two share one).
        let idsByText: [String: String]
        /// Question by id (the first, when two share one).
        let questions: [String: Survey.Question]
        /// Each question's options by their matching key.
        let options: [String: Options]

        init(_ survey: Survey) {
            self.survey = survey
            ids = survey.questions.map(\.id)
            lowercasedIDs = ids.map { $0.lowercased() }
            var byText: [String: String] = [:]
            for question in survey.questions where byText[SurveyAnswer.key(question.text[...])] == nil {
                byText[SurveyAnswer.key(question.text[...])] = question.id
            }
            idsByText = byText
            questions = Dictionary(survey.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            options = Dictionary(survey.questions.map { ($0.id, SurveyAnswer.Options($0.options)) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// A question's options, looked up by their key.
    struct Options: Sendable {
        private let exact: [String]
        private let byKey: [String: String]

        init(_ options: [String]) {
            exact = options
            var byKey: [String: String] = [:]
            // Two options with one key: the first is taken, as in survey.yml's order.
            for option in options where byKey[SurveyAnswer.key(option[...])] == nil { byKey[SurveyAnswer.key(option[...])] = option }
            self.byKey = byKey
        }

        /// The option an answer names, or nil. Written exactly as in survey.yml is the
        /// common case and makes no new string.
        func match(_ answer: Substring) -> String? {
            if let option = exact.first(where: { $0 == answer }) { return option }
            return byKey[SurveyAnswer.key(answer)]
        }
    }
}
