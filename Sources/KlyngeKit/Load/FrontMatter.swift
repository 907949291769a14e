/// Splits a Markdown document into its YAML front matter and its body,
/// remembering on which line the body starts so positions stay true.
struct FrontMatter {
    var yaml: String
    /// Line of the first front matter line (after the opening `---`).
    var yamlFirstLine: Int
    var body: String
    var bodyFirstLine: Int

    static func split(_ file: SourceFile, log: DiagnosticLog) -> FrontMatter? {
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingTrailingCR == "---" }) == true else {
            log.error(SourceLocation(path: file.path), "a document must start with YAML front matter between two '---' lines (title, description, audience)")
            return nil
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingCR == "---" }) else {
            log.error(SourceLocation(path: file.path), "the front matter opened on line 1 is never closed with '---'")
            return nil
        }
        return FrontMatter(
            yaml: lines[1..<close].joined(separator: "\n"),
            yamlFirstLine: 2,
            body: lines[(close + 1)...].joined(separator: "\n"),
            bodyFirstLine: close + 2
        )
    }
}

extension Substring {
    var trimmingTrailingCR: Substring { last == "\r" ? dropLast() : self }
}
