import Mustache

/// A value that is written as `null` in the content: the editor's problem, not the
/// reader's. It prints as nothing and sections over it are skipped, so a document
/// wraps the line that shows it in `{{#value}}…{{/value}}`; the build warns about it,
/// and `--strict` stops.
struct MissingValue: MustacheCustomRenderable, CustomStringConvertible {
    var renderText: String { "" }
    var isNull: Bool { true }
    var description: String { renderText }
}

/// A value that may be left out (a partner that does not take part): renders as
/// nothing, and sections over it are skipped. Present as a key, so strict
/// checking still accepts the name.
struct AbsentValue: MustacheCustomRenderable, CustomStringConvertible {
    var renderText: String { "" }
    var isNull: Bool { true }
    var description: String { "" }
}
