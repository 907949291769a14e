/// The table of contents as a two-level list: each `h2` with the `h3`s under it.
enum TableOfContents {
    static func entries(_ headings: [Heading]) -> TemplateValue {
        var entries: [(id: String, text: String, children: [TemplateValue])] = []
        for heading in headings {
            let entry: TemplateValue = ["id": .text(heading.id), "text": .text(heading.text)]
            if heading.level <= 2 || entries.isEmpty {
                entries.append((heading.id, heading.text, []))
            } else {
                entries[entries.count - 1].children.append(entry)
            }
        }
        return .list(entries.map { entry in
            ["id": .text(entry.id), "text": .text(entry.text), "children": .list(entry.children), "has_children": .flag(!entry.children.isEmpty)]
        })
    }
}
