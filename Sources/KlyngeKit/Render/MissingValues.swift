import Mustache

/// A value that is written as `null` in the content: printed "(mangler)",
/// and treated as absent by sections.
struct MissingValue: MustacheCustomRenderable, CustomStringConvertible {
    var renderText: String { "(mangler)" }
    var isNull: Bool { true }
    var description: String { renderText }
}

/// A value that may be left out (a pharmacy that does not take part): renders as
/// nothing, and sections over it are skipped. Present as a key, so strict
/// checking still accepts the name.
struct AbsentValue: MustacheCustomRenderable, CustomStringConvertible {
    var renderText: String { "" }
    var isNull: Bool { true }
    var description: String { "" }
}
