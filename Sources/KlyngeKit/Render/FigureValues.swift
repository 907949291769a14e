/// The cluster's figures as template values: for each, its number, title, caption,
/// the chart as inline SVG and the same numbers as a table. Every number is formatted
/// once and used by both chart and table, so the two cannot disagree.
///
/// Figures reach documents as Theme partials: `{{> figur-dosis}}`,
/// `{{> figur-medicinadministration}}` and `{{> survey-results}}`.
enum FigureValues {
    static func figures(cluster: Cluster, package: ClusterPackage) -> [String: Any] {
        let register = cluster.data.register.map { RegisterFigures($0, pseudonymKey: cluster.data.pseudonymKey) }
        let period = register?.period ?? "periode ikke oplyst"
        let national = package.nationalRatePer1000.value
        var values: [String: Any] = [
            "dosis": register.map {
                measure($0.doseDispensed, number: 1,
                        title: "Patienter på dosisdispenseret medicin pr. 1.000 sikrede",
                        source: "Kilde: Lægemiddelstatistikregisteret via Sundhedsdatastyrelsen, \(period).",
                        national: national)
            } ?? AbsentValue(),
            "medicinadministration": register.map {
                measure($0.medicineAdministration, number: 2,
                        title: "Patienter med medicinadministration fra kommunen pr. 1.000 sikrede",
                        source: "Kilde: registerudtræk via Sundhedsdatastyrelsen, \(period).",
                        national: nil)
            } ?? AbsentValue(),
        ]
        if let responses = cluster.data.responses {
            let results = SurveyResults(responses, survey: package.survey)
            values["survey"] = survey(results, firstNumber: 3, meeting: cluster.meeting.date)
        } else {
            values["survey"] = AbsentValue()
        }
        return values
    }

    // MARK: register

    static func rate(_ value: Double) -> String { DanishFormat.number(value, decimals: 1) }

    /// `8,3` or, when the shares of `<5` practices leave it open, `8,0–8,6`.
    static func rate(_ range: ClosedRange<Double>) -> String {
        let low = rate(range.lowerBound), high = rate(range.upperBound)
        return low == high ? low : "\(low)–\(high)"
    }

    static func count(_ range: ClosedRange<Int>) -> String {
        let low = DanishFormat.number(Double(range.lowerBound)), high = DanishFormat.number(Double(range.upperBound))
        return low == high ? low : "\(low)–\(high)"
    }

    static func measure(_ measure: RegisterFigures.Measure, number: Int, title: String, source: String, national: Double?) -> [String: Any] {
        let id = "figur-\(number)"
        let hasSmall = measure.practices.contains { $0.count == .small }
        let clusterRate = rate(measure.rate)
        let bars = measure.practices.map { practice in
            BarChart.Bar(label: "Praksis \(practice.letter)", value: practice.rate,
                         text: practice.rate.map(rate) ?? "<5")
        }
        var references = [BarChart.Reference(range: measure.rate, label: "Klyngen \(clusterRate)", dash: "6 3", labelOnTop: true)]
        var rows: [[String: Any]] = measure.practices.map { practice in
            [
                "label": "Praksis \(practice.letter)",
                "cells": [practice.count.value.map { DanishFormat.number(Double($0)) } ?? "<5",
                          practice.rate.map(rate) ?? "vises ikke"],
            ]
        }
        rows.append(["label": "Klyngen i alt", "cells": [count(measure.total), clusterRate], "is_total": true])
        if let national {
            references.append(BarChart.Reference(range: national...national, label: "Hele landet \(rate(national))", dash: "2 2", labelOnTop: false))
            rows.append(["label": "Hele landet", "cells": ["–", rate(national)], "is_total": true])
        }
        var notes = ["Praksisserne vises under pseudonym. Stiplet linje: klyngens niveau."]
        if national != nil { notes[0] += " Prikket linje: hele landet." }
        if hasSmall {
            notes.append("<5: 1 til 4 patienter. Så små tal og deres rate vises ikke, og klyngens tal vises derfor som et interval (det grå felt).")
        }
        let chart = BarChart(bars: bars, references: references)
        return figure(id: id, number: number, title: title, source: source, notes: notes,
                      svg: chart.svg(labelledBy: "\(id)-titel"),
                      head: ["Praksis", "Patienter", "Pr. 1.000 sikrede"], rows: rows, chart: .bars(chart))
    }

    // MARK: survey

    static func percent(_ value: Int) -> String { StackedBarChart.percentText(value) }

    static func survey(_ results: SurveyResults, firstNumber: Int, meeting: Day) -> [String: Any] {
        let source = "Kilde: klyngens spørgeskema før mødet \(DanishFormat.shortDate(meeting))."
        var figures: [[String: Any]] = []
        var index = 0
        let questions = results.questions
        while index < questions.count {
            let number = firstNumber + figures.count
            let question = questions[index]
            switch question.question.kind {
            case .likert:
                // Likert questions in a row with the same theme and options share one figure.
                var group = [question]
                for next in questions[(index + 1)...] {
                    guard next.question.kind == .likert, next.question.options == question.question.options,
                          next.question.theme == question.question.theme else { break }
                    group.append(next)
                }
                figures.append(stacked(group, number: number, source: source, respondents: results.respondents))
                index += group.count
            case .single:
                figures.append(stacked([question], number: number, source: source, respondents: results.respondents))
                index += 1
            case .multiple, .text:
                figures.append(multiple(question, number: number, source: source, respondents: results.respondents))
                index += 1
            }
        }
        return [
            "respondents": results.respondents,
            "charts": figures,
            "free_text": results.freeText.map { ["question": $0.question.text, "answers": $0.answers] as [String: Any] },
            "has_free_text": !results.freeText.isEmpty,
            "smallest_group": SurveyResults.smallestGroup,
        ]
    }

    static func answers(_ count: Int) -> String { count == 1 ? "1 svar" : "\(count) svar" }

    static func answered(_ count: Int, of respondents: Int) -> String {
        "\(count) af \(respondents) har svaret på spørgsmålet."
    }

    static func tooFew(_ question: SurveyResults.Question) -> String {
        "For få svar (\(question.answered)); vises ikke"
    }

    static func stacked(_ group: [SurveyResults.Question], number: Int, source: String, respondents: Int) -> [String: Any] {
        let id = "figur-\(number)"
        let options = group[0].question.options
        let numbered = group.count > 1
        let chart = StackedBarChart(options: options, rows: group.enumerated().map { offset, question in
            StackedBarChart.Row(label: numbered ? "\(offset + 1). \(question.question.text) (\(answers(question.answered)))" : nil,
                                percents: question.shares?.map(\.percent), note: tooFew(question))
        })
        var rows: [[String: Any]] = options.enumerated().map { optionIndex, option in
            ["label": option, "cells": group.map { question in question.shares.map { percent($0[optionIndex].percent) } ?? "–" }]
        }
        rows.append(["label": "Antal svar", "cells": group.map { "\($0.answered)" }, "is_total": true])
        let title = numbered ? "Svar på \(group.count) udsagn" : group[0].question.text
        return figure(id: id, number: number, title: title,
                      source: numbered ? source : "\(source) \(answered(group[0].answered, of: respondents))", notes: [],
                      svg: chart.svg(labelledBy: "\(id)-titel"),
                      head: ["Svar"] + (numbered ? group.indices.map { "Udsagn \($0 + 1)" } : ["Andel"]), rows: rows, chart: .stacked(chart))
    }

    static func multiple(_ question: SurveyResults.Question, number: Int, source: String, respondents: Int) -> [String: Any] {
        let id = "figur-\(number)"
        let bars: [BarChart.Bar]
        if let shares = question.shares {
            bars = shares.map { BarChart.Bar(label: $0.option, value: Double($0.percent), text: percent($0.percent)) }
        } else {
            bars = [BarChart.Bar(label: "", value: nil, text: tooFew(question))]
        }
        let chart = BarChart(bars: bars, maximum: 100, labelsAbove: true)
        var rows: [[String: Any]] = question.question.options.enumerated().map { index, option in
            ["label": option, "cells": [question.shares.map { percent($0[index].percent) } ?? "–"]]
        }
        rows.append(["label": "Antal svar", "cells": ["\(question.answered)"], "is_total": true])
        let notes = ["Man kunne vælge flere svar, så andelene giver tilsammen mere end 100 %."]
        return figure(id: id, number: number, title: question.question.text,
                      source: "\(source) \(answered(question.answered, of: respondents))", notes: notes,
                      svg: chart.svg(labelledBy: "\(id)-titel"), head: ["Svar", "Andel"], rows: rows, chart: .bars(chart))
    }

    // MARK: shared

    static func figure(id: String, number: Int, title: String, source: String, notes: [String], svg: String,
                       head: [String], rows: [[String: Any]], chart: FigureChart) -> [String: Any] {
        // The deck's .pptx draws the same chart from its typed values (see FigureChartCollector).
        FigureChartCollector.current?.add(number, chart)
        return [
            "id": id,
            "number": number,
            "title": title,
            "source": source,
            "notes": notes,
            "svg": svg,
            "table": ["head": head, "rows": rows.map { row in row.merging(["is_total": false]) { kept, _ in kept } }] as [String: Any],
        ]
    }
}
