/// The questionnaire as template values, for `{{> questionnaire}}`: every question
/// of survey.yml in its order, with its options in theirs. The words around them
/// (how many crosses, where to write) are the theme's; here are only the facts.
extension TemplateValues {
    static func questionnaire(_ survey: Survey?) -> TemplateValue {
        guard let survey else { return .absent }
        return [
            "count": .number(survey.questions.count),
            "questions": .list(survey.questions.enumerated().map { index, question in
                [
                    "number": .number(index + 1),
                    "id": .text(question.id),
                    "theme": .text(question.theme),
                    "text": .text(question.text),
                    "is_likert": .flag(question.kind == .likert),
                    "is_single": .flag(question.kind == .single),
                    "is_multiple": .flag(question.kind == .multiple),
                    "is_text": .flag(question.kind == .text),
                    "options": .list(question.options.enumerated().map { number, option in
                        // Ids for the labels: unique on the page, whatever the option says.
                        ["text": .text(option), "id": .text("\(question.id)-\(number + 1)")]
                    }),
                ]
            }),
        ]
    }
}
