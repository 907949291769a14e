import Mustache

/// The tags of a Mustache template with their positions. swift-mustache keeps its
/// tokens private and renders a missing name as empty text, so Klynge reads the
/// tags itself to check every name against the context before rendering.
struct TemplateOutline: Sendable {
    indirect enum Node: Sendable {
        case variable(name: Name, at: SourceLocation)
        case section(name: Name, inverted: Bool, children: [Node], at: SourceLocation)
        case partial(name: String, at: SourceLocation)
        /// `{{$name}}…{{/name}}` blocks and `{{<parent}}…{{/parent}}` inheritance.
        case block(children: [Node])
        case parent(name: String, children: [Node], at: SourceLocation)
    }

    /// A dotted name split once at parse time; lookups happen for every page.
    struct Name: Sendable {
        var text: String
        var parts: [String]

        init(_ text: String) {
            self.text = text
            parts = text == "." ? [] : text.split(separator: ".").map(String.init)
        }
    }

    var nodes: [Node]

    /// The names of the context's top level that the template can look up: the first
    /// part of every name it uses, through its partials. nil when it can print the
    /// whole context (`{{.}}` outside every section). A name used inside a section is
    /// counted too, since Mustache looks it up in the outer contexts when the
    /// section's own lacks it. A partial that is not in `partials` (and not a
    /// placeholder, which prints no value) could print anything: nil too.
    func topLevelNames(partials: [String: TemplateOutline], isPlaceholder: (String) -> Bool = { _ in false }) -> Set<String>? {
        var names: Set<String> = []
        var visited: Set<String> = []
        var wholeContext = false
        func visit(_ nodes: [Node], inSection: Bool) {
            for node in nodes {
                switch node {
                case .variable(let name, _):
                    note(name, inSection: inSection)
                case .section(let name, _, let children, _):
                    note(name, inSection: inSection)
                    visit(children, inSection: true)
                case .partial(let name, _):
                    include(name, inSection: inSection)
                case .block(let children):
                    visit(children, inSection: inSection)
                case .parent(let name, let children, _):
                    include(name, inSection: inSection)
                    visit(children, inSection: inSection)
                }
            }
        }
        func note(_ name: Name, inSection: Bool) {
            if let first = name.parts.first { names.insert(first) } else if !inSection { wholeContext = true }
        }
        func include(_ partial: String, inSection: Bool) {
            guard !isPlaceholder(partial), visited.insert(partial).inserted else { return }
            guard let outline = partials[partial] else { return wholeContext = true }
            visit(outline.nodes, inSection: inSection)
        }
        visit(nodes, inSection: false)
        return wholeContext ? nil : names
    }

    /// - Parameters:
    ///   - firstLine: the line of the file on which `text` starts.
    static func parse(_ text: String, path: String, firstLine: Int = 1) -> Result<TemplateOutline, Diagnostic> {
        var scanner = TagScanner(text: text, path: path, firstLine: firstLine)
        var stack: [(name: String, kind: Character, at: SourceLocation, children: [Node])] = [("", " ", SourceLocation(path: path), [])]
        do {
            while let tag = try scanner.next() {
                let name = tag.name
                switch tag.sigil {
                case "!", "%":
                    continue
                case "=":
                    throw Diagnostic.error(tag.at, "changing the tag delimiters ({{=…=}}) is not supported")
                case "#", "^", "$", "<":
                    stack.append((name, tag.sigil, tag.at, []))
                case "/":
                    guard stack.count > 1, let open = stack.last, open.name == name else {
                        let expected = stack.count > 1 ? "'{{/\(stack.last!.name)}}' to close the section opened at line \(stack.last!.at.line)" : "no open section"
                        throw Diagnostic.error(tag.at, "'{{/\(name)}}' closes nothing here; expected \(expected)")
                    }
                    stack.removeLast()
                    let node: Node
                    switch open.kind {
                    case "$": node = .block(children: open.children)
                    case "<": node = .parent(name: open.name, children: open.children, at: open.at)
                    default: node = .section(name: Name(open.name), inverted: open.kind == "^", children: open.children, at: open.at)
                    }
                    stack[stack.count - 1].children.append(node)
                case ">":
                    stack[stack.count - 1].children.append(.partial(name: name, at: tag.at))
                default:
                    stack[stack.count - 1].children.append(.variable(name: Name(name), at: tag.at))
                }
            }
        } catch let diagnostic as Diagnostic {
            return .failure(diagnostic)
        } catch {
            return .failure(.error(SourceLocation(path: path, line: firstLine), "\(error)"))
        }
        if stack.count > 1, let open = stack.last {
            return .failure(.error(open.at, "section '\(open.name)' is opened here but never closed with '{{/\(open.name)}}'"))
        }
        return .success(TemplateOutline(nodes: stack[0].children))
    }

    /// Every name the template uses that the context does not have, and every unknown partial.
    func problems(context: TemplateContext, partials: [String: TemplateOutline], placeholders: Set<String> = []) -> [Diagnostic] {
        var checker = NameChecker(partials: partials, placeholders: placeholders)
        checker.check(nodes, stack: [.record(context)], depth: 0)
        return checker.problems
    }
}

/// Finds `{{…}}` tags in UTF-8 bytes, counting lines and columns (in characters)
/// as it goes: one pass, no Foundation string search.
private struct TagScanner {
    struct Tag {
        var sigil: Character
        var name: String
        var at: SourceLocation
    }

    let bytes: [UInt8]
    let path: String
    var index = 0
    var line: Int
    var column = 1

    init(text: String, path: String, firstLine: Int) {
        bytes = Array(text.utf8)
        self.path = path
        line = firstLine
    }

    private static let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")

    private mutating func advance(to end: Int) {
        while index < end {
            let byte = bytes[index]
            if byte == Self.newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
    }

    private func find(_ byte: UInt8, repeated count: Int, from start: Int) -> Int? {
        var position = start
        while position + count <= bytes.count {
            if bytes[position] == byte, (1..<count).allSatisfy({ bytes[position + $0] == byte }) { return position }
            position += 1
        }
        return nil
    }

    mutating func next() throws -> Tag? {
        guard let openAt = find(Self.open, repeated: 2, from: index) else { return nil }
        advance(to: openAt)
        let at = SourceLocation(path: path, line: line, column: column)
        let isTriple = openAt + 2 < bytes.count && bytes[openAt + 2] == Self.open
        let contentStart = openAt + (isTriple ? 3 : 2)
        guard let closeAt = find(Self.close, repeated: isTriple ? 3 : 2, from: contentStart) else {
            throw Diagnostic.error(at, "'{{' is never closed with '\(isTriple ? "}}}" : "}}")'")
        }
        var content = String(decoding: bytes[contentStart..<closeAt], as: UTF8.self).trimmingSpaces
        advance(to: closeAt + (isTriple ? 3 : 2))
        if isTriple { return Tag(sigil: "&", name: content, at: at) }
        guard let first = content.first else { throw Diagnostic.error(at, "empty tag '{{}}'") }
        if "#^/>!&=%$<".contains(first) {
            content.removeFirst()
            return Tag(sigil: first, name: content.trimmingSpaces, at: at)
        }
        return Tag(sigil: " ", name: content, at: at)
    }
}

private struct NameChecker {
    let partials: [String: TemplateOutline]
    let placeholders: Set<String>
    var problems: [Diagnostic] = []

    mutating func check(_ nodes: [TemplateOutline.Node], stack: [TemplateValue], depth: Int) {
        guard depth < 24 else { return }
        for node in nodes {
            switch node {
            case let .variable(name, at):
                _ = resolve(name, in: stack, at: at)
            case let .section(name, inverted, children, at):
                guard let value = resolve(name, in: stack, at: at) else { continue }
                if inverted {
                    check(children, stack: stack, depth: depth + 1)
                } else if case .list(let list) = value {
                    for element in list { check(children, stack: stack + [element], depth: depth + 1) }
                } else if case .flag = value {
                    check(children, stack: stack, depth: depth + 1)
                } else if value.isNothing {
                    continue // absent: the body never renders
                } else {
                    check(children, stack: stack + [value], depth: depth + 1)
                }
            case let .partial(name, at):
                if placeholders.contains(name) { continue }
                guard let partial = partials[name] else {
                    problems.append(.error(at, "no block or partial named '\(name)'\(Suggestion.didYouMeanOrList(name, Set(partials.keys).union(placeholders), known: "known"))"))
                    continue
                }
                check(partial.nodes, stack: stack, depth: depth + 1)
            case let .block(children):
                check(children, stack: stack, depth: depth + 1)
            case let .parent(name, children, at):
                guard let partial = partials[name] else {
                    problems.append(.error(at, "no layout or partial named '\(name)'\(Suggestion.didYouMean(name, partials.keys))"))
                    continue
                }
                check(children, stack: stack, depth: depth + 1)
                check(partial.nodes, stack: stack, depth: depth + 1)
            }
        }
    }

    /// Looks a dotted name up the way Mustache does: the first part anywhere on the
    /// stack, from the innermost, the rest inside what was found.
    private mutating func resolve(_ name: TemplateOutline.Name, in stack: [TemplateValue], at: SourceLocation) -> TemplateValue? {
        guard let first = name.parts.first else { return stack.last }
        guard var value = stack.reversed().lazy.compactMap({ $0[first] }).first else {
            let keys = stack.reversed().flatMap { Self.names(of: $0) }
            problems.append(.error(at, "no value named '\(name.text)' here\(Suggestion.didYouMean(first, keys))"))
            return nil
        }
        for (index, part) in name.parts.enumerated().dropFirst() {
            guard let next = value[part] else {
                let prefix = name.parts[..<index].joined(separator: ".")
                problems.append(.error(at, "no value named '\(name.text)': '\(prefix)' has no '\(part)'\(Suggestion.didYouMean(part, Self.names(of: value)))"))
                return nil
            }
            value = next
        }
        return value
    }

    private static func names(of value: TemplateValue) -> [String] {
        if case .record(let record) = value { return Array(record.keys) }
        return []
    }
}
