import Foundation
import Testing
@testable import KlyngeKit

/// `/<cluster>/spoergeskema/`: the questionnaire of survey.yml as a page to read,
/// print and adapt, with the date by which the answers must be in.
@Suite struct QuestionnaireTests {
    static let page = "_site/fiktivby-nord/spoergeskema/index.html"

    static func questions(in html: String) throws -> [(text: String, options: [String], writeIn: Bool)] {
        let list = try #require(html.firstMatch(of: #/<ol class="questionnaire">(.*?)</ol>/#.dotMatchesNewlines()))
        return String(list.1).matches(of: #/<li class="question [^"]*" id="[^"]*">(.*?)\n</li>/#.dotMatchesNewlines()).map { item in
            let body = String(item.1)
            let text = body.firstMatch(of: #/<p class="question-text"><span class="question-number">\d+\.</span> (.*?)</p>/#).map { String($0.1).visibleText } ?? ""
            let options = body.matches(of: #/<li><span class="tick-box" aria-hidden="true"></span>(.*?)</li>/#).map { String($0.1).visibleText }
            return (text, options, body.contains(#"<div class="write-in""#))
        }
    }

    @Test func everyQuestionAndOptionOfTheSurveyIsOnThePageInOrder() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let survey = try SurveyExportTests.survey(tree)
        let found = try Self.questions(in: try tree.read(Self.page))
        #expect(found.count == survey.questions.count)
        #expect(survey.questions.count >= 10)
        for (question, shown) in zip(survey.questions, found) {
            #expect(shown.text == question.text)
            #expect(shown.options == question.options, "\(question.id)")
            #expect(shown.writeIn == (question.kind == .text), "\(question.id): a free-text question has room to write, a choice has boxes")
        }
    }

    @Test func aQuestionAddedToTheSurveyAppearsWithItsOptions() throws {
        let tree = try TestTree()
        try tree.write("Content/packages/dosisdispensering/survey.yml", try tree.read("Content/packages/dosisdispensering/survey.yml") + """

          - id: ny
            theme: erfaring
            text: "Et nyt spørgsmål med <b>fed</b> & *stjerner*?"
            type: single
            options: [ "Ja <i>", "Nej & måske" ]

        """)
        try tree.buildSucceeds()
        let html = try tree.read(Self.page)
        let last = try #require(try Self.questions(in: html).last)
        #expect(last.text == "Et nyt spørgsmål med <b>fed</b> & *stjerner*?")
        #expect(last.options == ["Ja <i>", "Nej & måske"])
        #expect(!html.contains("<b>fed</b>") && !html.contains("<i>"), "survey text is text, not HTML")
    }

    @Test func thePageSaysWhenTheAnswersMustBeIn() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        // The meeting is on 30 March 2027: three weeks before is 9 March, a week before the material (16 March).
        let html = try tree.read(Self.page)
        #expect(html.contains(#"<strong>Svarfrist:</strong> svarene skal være inde senest <time datetime="2027-03-09">tirsdag den 9. marts 2027</time>."#))
        #expect(try tree.read("_site/eksempelstrup-vest/spoergeskema/index.html").contains(#"<time datetime="2027-10-14">"#))
        let log = DiagnosticLog()
        let content = try #require(ModelBuilder(log: log).build(ContentTree.read(root: tree.root, only: nil, log: log)))
        let rules = try #require(content.packages["dosisdispensering"]).deadlines
        #expect(Deadlines(meeting: Day(year: 2027, month: 3, day: 30), rules: rules, partners: PartnerWording([])).all.map(\.id)
                == ["order", "survey", "material", "pre_meeting_until", "follow_up"])
    }
}
