import Foundation
import Mustache

/// A template rendered once for a context shape (see `ContextShape`).
enum ShapeRenderOutcome: Sendable {
    case pieces(ShapeToken.CutTemplate)
    /// The strict check's findings, which depend on the shape alone.
    case problems([Diagnostic])
    /// The output could not be split at its tokens: render this shape directly every time.
    case direct
}

/// A context with its strings replaced by tokens: the same for every template that
/// first renders for a shape (a layout and several partials share one). Built once,
/// only read afterwards.
struct TokenisedContext: Sendable {
    let value: TemplateContext
}

extension ShapeRenderOutcome {
    /// Checks and renders a template for a shape, or returns what an earlier cluster of the same shape got.
    /// - Parameter names: the context's top-level entries the template can look up (nil: all).
    static func render(_ cache: ShapeCache<ShapeRenderOutcome>, contexts: ShapeCache<TokenisedContext>, id: String,
                       shape: ContextShape?, names: Set<String>?, form: ShapeToken.Form,
                       escape: (String) -> String, check: (TemplateContext) -> [Diagnostic],
                       render: ([String: Any]) -> String, context: () -> TemplateContext) -> Result<String, BuildFailure> {
        output(cache, contexts: contexts, id: id, shape: shape, names: names, form: form, check: check, render: render, context: context,
               filled: { ShapeToken.fill($0, values: $1, escape: escape) }, rendered: { $0 })
    }

    /// The same for a whole file from a Theme layout (the end of a page's way): filled
    /// straight into the file's bytes (`ShapeToken.fileData`), no string made of them.
    static func file(_ cache: ShapeCache<ShapeRenderOutcome>, contexts: ShapeCache<TokenisedContext>, id: String,
                     shape: ContextShape?, names: Set<String>?, check: (TemplateContext) -> [Diagnostic],
                     render: ([String: Any]) -> String, context: () -> TemplateContext) -> Result<Data, BuildFailure> {
        output(cache, contexts: contexts, id: id, shape: shape, names: names, form: .html, check: check, render: render, context: context,
               filled: ShapeToken.fileData, rendered: { text in
                   var text = text
                   return text.withUTF8 { Data(buffer: $0) }
               })
    }

    /// A template's output for a context: the shape's cut filled with the context's values
    /// (`filled`), or, where the shape cannot be cut, the template rendered (`rendered`).
    private static func output<Output>(_ cache: ShapeCache<ShapeRenderOutcome>, contexts: ShapeCache<TokenisedContext>, id: String,
                                       shape: ContextShape?, names: Set<String>?, form: ShapeToken.Form,
                                       check: (TemplateContext) -> [Diagnostic], render: ([String: Any]) -> String,
                                       context: () -> TemplateContext, filled: (ShapeToken.CutTemplate, ContextShape) -> Output,
                                       rendered: (String) -> Output) -> Result<Output, BuildFailure> {
        // The context itself is made only when the shape is new or cannot be cut: a shape
        // seen before is filled from its own strings.
        if let shape = shape?.restricted(to: names) {
            switch entry(cache, contexts: contexts, id: id, shape: shape, names: names, form: form, check: check, render: render, context: context) {
            case .pieces(let pieces): return .success(filled(pieces, shape))
            case .problems(let problems): return .failure(BuildFailure(diagnostics: problems))
            case .direct: break
            }
        }
        let context = context()
        let problems = check(context)
        guard problems.isEmpty else { return .failure(BuildFailure(diagnostics: problems)) }
        return .success(rendered(render(TemplateValue.mustache(context))))
    }

    /// The cached outcome of a template for a shape (already restricted to `names`),
    /// rendered with tokens when the shape is new.
    static func entry(_ cache: ShapeCache<ShapeRenderOutcome>, contexts: ShapeCache<TokenisedContext>, id: String,
                      shape: ContextShape, names: Set<String>?, form: ShapeToken.Form,
                      check: (TemplateContext) -> [Diagnostic], render: ([String: Any]) -> String,
                      context: () -> TemplateContext) -> ShapeRenderOutcome {
        cache.entry(id + "\n" + shape.key) {
            let context = context()
            let problems = check(context)
            guard problems.isEmpty else { return .problems(problems) }
            let tokenised = contexts.entry(shape.key) {
                TokenisedContext(value: ShapeToken.tokenised(names.map { names in context.filter { names.contains($0.key) } } ?? context, form))
            }
            let rendered = render(TemplateValue.mustache(tokenised.value))
            return ShapeToken.pieces(of: rendered, form: form, valueCount: shape.valueCount).map { .pieces($0) } ?? .direct
        }
    }

    /// Whether a template's source allows shaped rendering: it must not contain text
    /// that looks like a token, nor choose its own content type (the fill escapes
    /// as the one Klynge sets), nor print a Markdown value raw (`{{{x}}}`, `{{&x}}`),
    /// which the Markdown tokens cannot tell from an escaped one.
    static func allowed(_ source: String, markdown: Bool) -> Bool {
        if ShapeToken.occurs(in: source) || ShapeToken.occurs("CONTENT_TYPE", in: source) { return false }
        guard markdown else { return true }
        let bytes = Array(source.utf8)
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") {
                var next = index + 2
                while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "{") || bytes[next] == UInt8(ascii: "&") { return false }
                index = next
            } else {
                index += 1
            }
        }
        return true
    }
}

extension Theme {
    /// Renders a layout or partial after the strict check, once per context shape.
    /// - Parameter shape: the shape of `context` when the caller has it (nil: computed here).
    func renderShaped(id: String, template: MustacheTemplate, outline: TemplateOutline, context: () -> TemplateContext,
                      shape: ContextShape?) -> Result<String, BuildFailure> {
        // Without the caller's shape the context is needed now, for its shape: made once.
        let made = shape == nil ? context() : nil
        return ShapeRenderOutcome.render(shapes, contexts: tokenisedContexts, id: id,
                            shape: shapesAllowed ? shape ?? ContextShape(made!, in: structures) : nil,
                            names: topLevelNames[id], form: .html,
                            escape: HTMLText.escape, check: { outline.problems(context: $0, partials: partials) },
                            render: { template.render($0, library: library) }, context: { made ?? context() })
    }
}

extension Theme {
    /// A layout rendered as a whole file's bytes (see `ShapeRenderOutcome.file`).
    func file(layout name: String, context: @autoclosure () -> TemplateContext, shape: ContextShape) -> Result<Data, BuildFailure> {
        guard let layout = layouts[name] else { return .failure(Self.missing(layout: name)) }
        let id = "layouts/\(name)"
        return ShapeRenderOutcome.file(shapes, contexts: tokenisedContexts, id: id, shape: shapesAllowed ? shape : nil,
                                       names: topLevelNames[id], check: { layout.outline.problems(context: $0, partials: partials) },
                                       render: { layout.template.render($0, library: library) }, context: context)
    }
}

extension PreparedPackage {
    /// The package with shaped rendering of its bodies switched off when `enabled` is false.
    func shaped(_ enabled: Bool) -> PreparedPackage {
        guard !enabled else { return self }
        var copy = PreparedPackage(package: package, documents: documents, blocks: blocks, blockLibrary: blockLibrary,
                                   deckLibrary: deckLibrary, invitation: invitation)
        for index in copy.documents.indices { copy.documents[index].shapeable = false }
        copy.invitation?.shapeable = false
        return copy
    }

    /// A document's HTML for one meeting: the body's HTML made once per context shape and
    /// filled with the meeting's values where that gives cmark's own HTML (see `BodyHTML`),
    /// else the meeting's Markdown through cmark.
    func html(_ document: PreparedDocument, context: TemplateContext, shape: ContextShape?,
              partials: [String: TemplateOutline], markdown renderer: MarkdownRenderer) -> Result<RenderedMarkdown, BuildFailure> {
        let check = { (context: TemplateContext) in document.outline.problems(context: context, partials: partials, placeholders: blocks) }
        let render = { (context: [String: Any]) in document.template.render(context, library: blockLibrary) }
        guard document.shapeable, let shape = shape?.restricted(to: document.topLevelNames) else {
            return markdown(document, context: context, shape: nil, partials: partials).map { renderer.render($0) }
        }
        switch ShapeRenderOutcome.entry(bodies, contexts: tokenisedContexts, id: document.document.path, shape: shape,
                                        names: document.topLevelNames, form: .markdown, check: check, render: render, context: { context }) {
        case .problems(let problems):
            return .failure(BuildFailure(diagnostics: problems))
        case .direct:
            return markdown(document, context: context, shape: nil, partials: partials).map { renderer.render($0) }
        case .pieces(let cut):
            let body = htmlBodies.entry(document.document.path + "\n" + shape.key) {
                BodyHTML(cut, valueCount: shape.valueCount, renderer: renderer).map { .cut($0) } ?? .markdown
            }
            if case .cut(let body) = body, let filled = body.fill(shape) { return .success(filled) }
            return .success(renderer.render(ShapeToken.fill(cut, values: shape, escape: MarkdownText.escape)))
        }
    }

    /// A document's Markdown for one cluster: the body template with the cluster's
    /// values escaped as Markdown text, rendered once per context shape.
    /// - Parameter shape: the shape of `context`, computed once per cluster.
    /// - Parameter library: the partials the body expands (nil: the block placeholders).
    func markdown(_ document: PreparedDocument, context: TemplateContext, shape: ContextShape?,
                  partials: [String: TemplateOutline], library: MustacheLibrary? = nil) -> Result<String, BuildFailure> {
        ShapeRenderOutcome.render(bodies, contexts: tokenisedContexts, id: document.document.path, shape: document.shapeable ? shape : nil,
                            names: document.topLevelNames, form: .markdown,
                            escape: MarkdownText.escape,
                            check: { document.outline.problems(context: $0, partials: partials, placeholders: blocks) },
                            render: { document.template.render($0, library: library ?? blockLibrary) }, context: { context })
    }
}
