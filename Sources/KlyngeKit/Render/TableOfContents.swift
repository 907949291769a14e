/// The table of contents as a two-level list: each `h2` with the `h3`s under it.
enum TableOfContents {
    static func entries(_ headings: [Heading]) -> [[String: Any]] {
        var entries: [[String: Any]] = []
        var children: [[String: Any]] = []
        func close() {
            guard !entries.isEmpty else { return }
            entries[entries.count - 1]["children"] = children
            entries[entries.count - 1]["has_children"] = !children.isEmpty
            children = []
        }
        for heading in headings {
            let entry: [String: Any] = ["id": heading.id, "text": heading.text]
            if heading.level <= 2 || entries.isEmpty {
                close()
                entries.append(entry)
            } else {
                children.append(entry)
            }
        }
        close()
        return entries
    }
}
