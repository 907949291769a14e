/// A meeting's figures as template values: for each, its number, title, source,
/// the chart as inline SVG and the same numbers as a table. Every number is formatted
/// once and used by both chart and table, so the two cannot disagree.
///
/// Figures reach documents as blocks: `{{> figure-<measure>}}` for a measure,
/// `{{> change-<measure>}}` for a follow-up's then and now, and `{{> survey-results}}`.
/// Their numbers follow the order in which a document places them (`FigureNumbers`).
enum FigureValues {
    static let measurePrefix = "figure-"
    static let changePrefix = "change-"

    /// A figure's template value and the chart it draws, made together from one set
    /// of numbers: the HTML shows `value` (SVG and table), the deck's .pptx draws
    /// `chart` as native shapes. No chart when the numbers have not come.
    struct Drawn: Sendable {
        var chart: FigureChart?
        var value: TemplateValue
    }

    /// The figures a figure block places (`figure-<measure>`, `change-<measure>`,
    /// `survey-results`), numbered from `first`, as `BlockCache` numbers them; nil
    /// for a block that is not a figure block.
    static func drawn(block name: String, facts: MeetingFacts, first: Int) -> [Drawn]? {
        if name.hasPrefix(measurePrefix) { return [drawnMeasure(String(name.dropFirst(measurePrefix.count)), facts: facts, number: first)] }
        if name.hasPrefix(changePrefix) { return [drawnChange(String(name.dropFirst(changePrefix.count)), facts: facts, number: first)] }
        if name == SurveyBlock.name {
            return facts.survey.map { surveyFigures($0, firstNumber: first, meeting: facts.meeting.date) } ?? []
        }
        return nil
    }

    /// The block names a package's documents may place.
    static func blockNames(_ package: ClusterPackage) -> [String] {
        package.measures.flatMap { [measurePrefix + $0.id] + (package.isFollowUp ? [changePrefix + $0.id] : []) }
    }

    // MARK: register

    static func rate(_ value: Double) -> String { DanishFormat.number(value, decimals: 1) }

    static func value(_ value: Double, _ measure: Measure) -> String {
        switch measure.kind {
        case .ratePer1000: rate(value)
        case .share: StackedBarChart.percentText(Int(value.rounded(.toNearestOrAwayFromZero)))
        }
    }

    /// `8,3` or, when the shares of `<5` practices leave it open, `8,0–8,6`.
    static func value(_ range: ClosedRange<Double>, _ measure: Measure) -> String {
        let low = value(range.lowerBound, measure), high = value(range.upperBound, measure)
        return low == high ? low : "\(low)–\(high)"
    }

    static func count(_ range: ClosedRange<Int>) -> String {
        let low = DanishFormat.number(Double(range.lowerBound)), high = DanishFormat.number(Double(range.upperBound))
        return low == high ? low : "\(low)–\(high)"
    }

    static func count(_ count: Disclosure.Count) -> String {
        count.value.map { DanishFormat.number(Double($0)) } ?? "<5"
    }

    /// A measure's figure, or a record saying its numbers have not come yet.
    static func drawnMeasure(_ id: String, facts: MeetingFacts, number: Int) -> Drawn {
        guard let measure = facts.package.measure(id) else { return Drawn(chart: nil, value: .absent) }
        guard let figures = facts.register?.figures(for: id) else {
            return Drawn(chart: nil, value: missing(number: number, title: measure.title))
        }
        return drawnMeasure(figures, countLabel: facts.package.register?.counts[measure.kind.count].label ?? "",
                            number: number, period: facts.register?.period)
    }

    /// - Parameter countLabel: the heading of the table's count column.
    static func measure(_ figures: RegisterFigures.MeasureFigures, countLabel: String, number: Int, period: String?) -> TemplateValue {
        drawnMeasure(figures, countLabel: countLabel, number: number, period: period).value
    }

    static func drawnMeasure(_ figures: RegisterFigures.MeasureFigures, countLabel: String, number: Int, period: String?) -> Drawn {
        let measure = figures.measure
        let hasSmall = figures.practices.contains { $0.count == .small }
        let clusterValue = value(figures.value, measure)
        let bars = figures.practices.map { practice in
            BarChart.Bar(label: "Praksis \(practice.letter)", value: practice.value,
                         text: practice.value.map { value($0, measure) } ?? (practice.count == .small ? "<5" : "–"))
        }
        var references = [BarChart.Reference(range: figures.value, label: "Klyngen \(clusterValue)", dash: "6 3", labelOnTop: true)]
        var rows: [TemplateValue] = figures.practices.map { practice in
            row("Praksis \(practice.letter)", [count(practice.count), practice.value.map { value($0, measure) } ?? "vises ikke"])
        }
        rows.append(row("Klyngen i alt", [count(figures.total), clusterValue], total: true))
        var referenceValues: [TemplateValue] = []
        for reference in measure.references {
            guard let given = reference.value.value else { continue }
            references.append(BarChart.Reference(range: given...given, label: "\(reference.label) \(value(given, measure))", dash: "2 2", labelOnTop: false))
            rows.append(row(reference.label, ["–", value(given, measure)], total: true))
            referenceValues.append(["label": .text(reference.label), "label_lower": .text(lowerFirst(reference.label)),
                                    "source": .field(reference.source)])
        }
        let chart = BarChart(bars: bars, references: references, maximum: measureMaximum(measure))
        return Drawn(chart: .bars(chart), value: figure(number: number, title: measure.title, source: sourceLine(measure, period: period),
                      svg: chart.svg(labelledBy: titleID(number)),
                      head: ["Praksis", countLabel, measure.unit], rows: rows,
                      flags: ["has_small": .flag(hasSmall), "is_measure": true, "is_share": .flag(isShare(measure)), "references": .list(referenceValues),
                              "has_references": .flag(!referenceValues.isEmpty)]))
    }

    /// `Kilde: …, januar–juni 2026.`: the measure's source and the extract's period.
    static func sourceLine(_ measure: Measure, period: String?) -> String {
        "\(measure.source), \(period.map(DanishFormat.period) ?? "periode ikke oplyst")."
    }

    static func isShare(_ measure: Measure) -> Bool {
        if case .share = measure.kind { return true }
        return false
    }

    private static func measureMaximum(_ measure: Measure) -> Double? {
        if case .share = measure.kind { return 100 }
        return nil
    }

    private static func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }

    /// A follow-up's figure for one measure: each practice then and now, and the change
    /// where both are shown (see `MeasureChange`).
    static func drawnChange(_ id: String, facts: MeetingFacts, number: Int) -> Drawn {
        guard let measure = facts.package.measure(id) else { return Drawn(chart: nil, value: .absent) }
        guard let change = facts.followUp?.changes.first(where: { $0.measure.id == id }) else {
            return Drawn(chart: nil, value: missing(number: number, title: measure.title))
        }
        return drawnChange(change, countLabel: facts.package.register?.counts[measure.kind.count].label ?? "", number: number,
                           then: DanishFormat.period(facts.followUp?.then?.period ?? "før"),
                           now: DanishFormat.period(facts.register?.period ?? "nu"))
    }

    static func change(_ change: MeasureChange, countLabel: String, number: Int, then: String, now: String) -> TemplateValue {
        drawnChange(change, countLabel: countLabel, number: number, then: then, now: now).value
    }

    static func drawnChange(_ change: MeasureChange, countLabel: String, number: Int, then: String, now: String) -> Drawn {
        let measure = change.measure
        var bars: [BarChart.Bar] = []
        var rows: [TemplateValue] = []
        func shown(_ cell: RegisterFigures.MeasureFigures.Practice?) -> String {
            guard let cell else { return "–" }
            return cell.value.map { value($0, measure) } ?? (cell.count == .small ? "<5" : "–")
        }
        func signed(_ number: Double) -> String {
            let text = value(abs(number), measure)
            return number > 0 ? "+\(text)" : number < 0 ? "−\(text)" : text
        }
        for practice in change.practices {
            bars.append(BarChart.Bar(label: "Praksis \(practice.letter), \(then)", value: practice.then?.value, text: shown(practice.then)))
            bars.append(BarChart.Bar(label: "Praksis \(practice.letter), \(now)", value: practice.now?.value, text: shown(practice.now)))
            rows.append(row("Praksis \(practice.letter)", [practice.then.map { count($0.count) } ?? "–", shown(practice.then),
                                                           practice.now.map { count($0.count) } ?? "–", shown(practice.now),
                                                           practice.change.map(signed) ?? "vises ikke"]))
        }
        let range = change.change
        let clusterChange = signed(range.lowerBound) == signed(range.upperBound) ? signed(range.lowerBound) : "\(signed(range.lowerBound)) til \(signed(range.upperBound))"
        rows.append(row("Klyngen i alt", [count(change.then.total), value(change.then.value, measure),
                                          count(change.now.total), value(change.now.value, measure), clusterChange], total: true))
        let hasSmall = change.practices.contains { $0.then?.count == .small || $0.now?.count == .small }
        let chart = BarChart(bars: bars, maximum: measureMaximum(measure))
        return Drawn(chart: .bars(chart), value: figure(number: number, title: measure.title, source: "\(measure.source).",
                      svg: chart.svg(labelledBy: titleID(number)),
                      head: ["Praksis", "\(countLabel), \(then)", "\(measure.unit), \(then)", "\(countLabel), \(now)", "\(measure.unit), \(now)", "Ændring"],
                      rows: rows,
                      flags: ["has_small": .flag(hasSmall), "is_change": true, "then": .text(then), "now": .text(now),
                              "references": [], "has_references": false]))
    }

    // MARK: survey

    static func percent(_ value: Int) -> String { StackedBarChart.percentText(value) }

    /// How many figures the survey block shows: what `survey` numbers.
    static func surveyFigureCount(_ results: SurveyResults?) -> Int {
        results.map { surveyGroups($0).count } ?? 0
    }

    /// The questions of each of the survey's figures: one question, or Likert statements in a row.
    static func surveyGroups(_ results: SurveyResults) -> [[SurveyResults.Question]] {
        var groups: [[SurveyResults.Question]] = []
        var index = 0
        let questions = results.questions
        while index < questions.count {
            let group = likertGroup(questions, from: index)
            groups.append(group)
            index += group.count
        }
        return groups
    }

    /// A survey figure's title: its question, or how many statements it shows.
    static func surveyTitle(_ group: [SurveyResults.Question]) -> String {
        group.count > 1 ? "Svar på \(group.count) udsagn" : group[0].question.text
    }

    /// Likert questions in a row with the same theme and options share one figure.
    private static func likertGroup(_ questions: [SurveyResults.Question], from index: Int) -> [SurveyResults.Question] {
        let question = questions[index]
        guard question.question.kind == .likert else { return [question] }
        var group = [question]
        for next in questions[(index + 1)...] {
            guard next.question.kind == .likert, next.question.options == question.question.options,
                  next.question.theme == question.question.theme else { break }
            group.append(next)
        }
        return group
    }

    static func survey(_ results: SurveyResults?, firstNumber: Int, meeting: Day) -> TemplateValue {
        guard let results else { return .absent }
        return survey(results, charts: surveyFigures(results, firstNumber: firstNumber, meeting: meeting).map(\.value))
    }

    /// The survey block's values with the given figures (a deck shows them on slides of their own).
    /// The counts are text: printed, a count reads the same as a number, but a number is
    /// part of a context's shape (`ContextShape`), so meetings with different counts of
    /// answers (nearly all) could never share the block's render and each rendered it
    /// with Mustache; as text they are values that fill it.
    static func survey(_ results: SurveyResults, charts: [TemplateValue]) -> TemplateValue {
        [
            "respondents": .text(String(results.respondents)),
            "charts": .list(charts),
            "free_text": .list(results.freeText.map { ["question": .text($0.question.text), "answers": .text(String($0.answers))] }),
            "has_free_text": .flag(!results.freeText.isEmpty),
            "smallest_group": .number(SurveyResults.smallestGroup),
        ]
    }

    /// The survey's figures, one per question or group of Likert statements.
    static func surveyFigures(_ results: SurveyResults, firstNumber: Int, meeting: Day) -> [Drawn] {
        let source = "Kilde: klyngens spørgeskema før mødet \(DanishFormat.shortDate(meeting))."
        return surveyGroups(results).enumerated().map { offset, group in
            switch group[0].question.kind {
            case .likert, .single:
                stacked(group, number: firstNumber + offset, source: source, respondents: results.respondents)
            case .multiple, .text:
                multiple(group[0], number: firstNumber + offset, source: source, respondents: results.respondents)
            }
        }
    }

    static func answers(_ count: Int) -> String { count == 1 ? "1 svar" : "\(count) svar" }

    static func answered(_ count: Int, of respondents: Int) -> String {
        "\(count) af \(respondents) har svaret på spørgsmålet."
    }

    static func tooFew(_ question: SurveyResults.Question) -> String {
        "For få svar (\(question.answered)); vises ikke"
    }

    static func stacked(_ group: [SurveyResults.Question], number: Int, source: String, respondents: Int) -> Drawn {
        let options = group[0].question.options
        let numbered = group.count > 1
        let chart = StackedBarChart(options: options, rows: group.enumerated().map { offset, question in
            StackedBarChart.Row(label: numbered ? "\(offset + 1). \(question.question.text) (\(answers(question.answered)))" : nil,
                                percents: question.shares?.map(\.percent), note: tooFew(question))
        })
        var rows: [TemplateValue] = options.enumerated().map { optionIndex, option in
            row(option, group.map { question in question.shares.map { percent($0[optionIndex].percent) } ?? "–" })
        }
        rows.append(row("Antal svar", group.map { "\($0.answered)" }, total: true))
        let title = surveyTitle(group)
        // Each share is rounded on its own, so one fraction reads the same everywhere;
        // the theme says so in the caption of a figure whose bars then miss 100 by a point or two.
        let roundedOff = group.contains { question in question.shares.map { $0.map(\.percent).reduce(0, +) != 100 } ?? false }
        return Drawn(chart: .stacked(chart), value: figure(number: number, title: title,
                      source: numbered ? source : "\(source) \(answered(group[0].answered, of: respondents))",
                      svg: chart.svg(labelledBy: titleID(number)),
                      head: ["Svar"] + (numbered ? group.indices.map { "Udsagn \($0 + 1)" } : ["Andel"]), rows: rows,
                      flags: ["rounded_off": .flag(roundedOff)],
                      legend: numbered ? group.enumerated().map { "Udsagn \($0.offset + 1): \($0.element.question.text)" } : []))
    }

    static func multiple(_ question: SurveyResults.Question, number: Int, source: String, respondents: Int) -> Drawn {
        let bars: [BarChart.Bar]
        if let shares = question.shares {
            bars = shares.map { BarChart.Bar(label: $0.option, value: Double($0.percent), text: percent($0.percent)) }
        } else {
            bars = [BarChart.Bar(label: "", value: nil, text: tooFew(question))]
        }
        let chart = BarChart(bars: bars, maximum: 100, labelsAbove: true)
        var rows: [TemplateValue] = question.question.options.enumerated().map { index, option in
            row(option, [question.shares.map { percent($0[index].percent) } ?? "–"])
        }
        rows.append(row("Antal svar", ["\(question.answered)"], total: true))
        return Drawn(chart: .bars(chart), value: figure(number: number, title: question.question.text,
                      source: "\(source) \(answered(question.answered, of: respondents))",
                      svg: chart.svg(labelledBy: titleID(number)), head: ["Svar", "Andel"], rows: rows,
                      flags: ["is_multiple": true]))
    }

    // MARK: shared

    /// The id of figure `number`'s title on a page, which names its chart.
    static func titleID(_ number: Int) -> String { "figur-\(number)-titel" }

    /// The figures numbered from `first` instead. A figure's number is in two places
    /// only, its `number` and the title id its chart is labelled by, so figures a
    /// meeting's pages and its deck number differently are made once (`MeetingFigures`);
    /// `FigureRenumberingTests` compare these with figures made at the new numbers.
    static func renumbered(_ figures: [Drawn], first: Int) -> [Drawn] {
        figures.enumerated().map { offset, figure in
            Drawn(chart: figure.chart, value: renumbered(figure.value, to: first + offset))
        }
    }

    static func renumbered(_ value: TemplateValue, to number: Int) -> TemplateValue {
        guard case .record(var entries) = value, case .number(let old)? = entries["number"], old != number else { return value }
        entries["number"] = .number(number)
        if case .text(let svg)? = entries["svg"], !svg.isEmpty {
            entries["svg"] = .text(SVG.relabelled(svg, by: titleID(number)))
        }
        return .record(entries)
    }

    /// A figure whose numbers have not come yet: the same keys as a figure, so the
    /// strict check accepts the partial either way.
    static func missing(number: Int, title: String) -> TemplateValue {
        var record = figure(number: number, title: title, source: "", svg: "", head: [], rows: [])
        if case .record(var entries) = record {
            entries["has_data"] = false
            record = .record(entries)
        }
        return record
    }

    static func row(_ label: String, _ cells: [String], total: Bool = false) -> TemplateValue {
        ["label": .text(label), "cells": .texts(cells), "is_total": .flag(total)]
    }

    /// The figure as the `figure` partial reads it; the flags it tests are always there.
    static func figure(number: Int, title: String, source: String, svg: String,
                       head: [String], rows: [TemplateValue], flags: [String: TemplateValue] = [:], legend: [String] = []) -> TemplateValue {
        var record: [String: TemplateValue] = [
            "has_data": true,
            "number": .number(number),
            "title": .text(title),
            "source": .text(source),
            "svg": .text(svg),
            // `legend`: what the columns' short heads stand for, in the table's caption.
            "table": ["head": .texts(head), "rows": .list(rows), "legend": .texts(legend), "has_legend": .flag(!legend.isEmpty)],
            "rounded_off": false,
            "has_small": false, "is_multiple": false, "is_change": false, "is_measure": false, "is_share": false, "has_references": false, "references": [],
            "then": .absent, "now": .absent,
        ]
        record.merge(flags) { _, new in new }
        return .record(record)
    }
}

/// A figure's chart as typed values, for output that draws it itself rather than
/// from the SVG: the deck's .pptx draws bars as native shapes from these.
enum FigureChart: Sendable, Hashable {
    case bars(BarChart)
    case stacked(StackedBarChart)
}
