/// The questionnaire as template values, for `{{> questionnaire}}`: every question
/// of survey.yml in its order, with its options in theirs. The words around them
/// (how many crosses, where to write) are the theme's; here are only the facts.
extension TemplateValues {
    static func questionnaire(_ survey: Survey) -> [String: Any] {
        [
            "count": survey.questions.count,
            "questions": survey.questions.enumerated().map { index, question -> [String: Any] in
                [
                    "number": index + 1,
                    "id": question.id,
                    "theme": question.theme,
                    "text": question.text,
                    "is_likert": question.kind == .likert,
                    "is_single": question.kind == .single,
                    "is_multiple": question.kind == .multiple,
                    "is_text": question.kind == .text,
                    "options": question.options.enumerated().map { number, option -> [String: Any] in
                        // Ids for the labels: unique on the page, whatever the option says.
                        ["text": option, "id": "\(question.id)-\(number + 1)"]
                    },
                ]
            },
        ]
    }
}
