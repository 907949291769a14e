import Foundation
import Synchronization

/// What the decks of one build share, by the text that made it. A slide's Markdown
/// always gives the same slide content and the same HTML, and a slide's content with
/// its figures and link targets always gives the same .pptx parts, whichever meeting
/// it belongs to. Most of a package's slides read the same in every cluster (only the
/// title, the programme, the partners and the figures differ), so each distinct slide
/// is read by cmark and written as XML once per build instead of once per meeting,
/// and each distinct part of the archive is deflated into its record once (`ZIPRecord`).
///
/// `DeckPage` without a memo does the same work directly: the builds with and without
/// (`BuildOptions.shapedRendering`) give the same bytes, which the shaped-rendering
/// tests compare. A memo lives for one build, so `serve` keeps no table that grows,
/// and it stops taking entries at `byteLimit`, so many distinct slides cost no memory.
final class DeckMemo: Sendable {
    /// One slide's HTML before the meeting's blocks are placed in it.
    struct SlideHTML: Sendable {
        var body: String
        var notes: String
        /// Each heading's slug as its text makes it, and the id cmark gave it on the
        /// slide alone (the same unless the slide repeats a heading).
        var headings: [(slug: String, id: String)]
        /// Whether the HTML holds a block placeholder (see `BlockPlaceholder`).
        var hasBlocks: Bool
    }

    /// A slide and its notes page as .pptx parts.
    struct SlideParts: Sendable {
        /// The slide's XML, as written (see `ShapeList.part`).
        var slide: Data
        var layout: OOXML.Layout
        var slideLinks: [OOXML.Relationship]
        var notes: Data
        var noteLinks: [OOXML.Relationship]

        var bytes: Int { slide.count + notes.count }
    }

    /// Everything a slide's parts depend on: its content, the figures it draws, and
    /// where each of its links leads from this meeting's page (a relative link differs).
    struct PartsKey: Hashable, Sendable {
        var content: SlideContent
        var figures: [PPTXWriter.Figure?]
        var links: [String?]
    }

    /// Parts whose records are looked up together, by what they are made from.
    enum RecordGroup: Hashable, Sendable {
        /// A slide at its place in the deck: the slide, its notes page and their relationships.
        case slide(PartsKey, number: Int)
        /// The parts that depend on the deck's author, slides and notes pages alone (`PPTXWriter.packageParts`).
        case package(author: ExactText, slideCount: Int, notesPages: [Int])
        /// The parts every deck holds alike (`PPTXWriter.fixedParts`).
        case fixed
    }

    /// A part of the archive: its name and its exact bytes, all of them hashed
    /// (`Data` hashes only its first bytes, which every XML part shares).
    struct RecordKey: Hashable, Sendable {
        var name: String
        var data: Data

        func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            data.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private struct Tables: Sendable {
        var content: [DeckSource.Slide: SlideContent] = [:]
        var html: [DeckSource.Slide: SlideHTML] = [:]
        var parts: [PartsKey: SlideParts] = [:]
        var records: [RecordKey: ZIPRecord] = [:]
        var recordGroups: [RecordGroup: [ZIPRecord]] = [:]
        var bytes = 0
    }

    /// Enough for the slides every meeting shares, which the first decks bring; the
    /// slides only one meeting has (its title, its figures) fill the rest and then
    /// are made directly, so the memo never holds much of a large site.
    static let byteLimit = 4 << 20

    private let tables = Mutex(Tables())

    init() {}

    func content(_ slide: DeckSource.Slide, make: () -> SlideContent) -> SlideContent {
        remembered(\.content, slide, bytes: { _ in slide.body.utf8.count + slide.notes.utf8.count }, make: make)
    }

    func html(_ slide: DeckSource.Slide, make: () -> SlideHTML) -> SlideHTML {
        remembered(\.html, slide, bytes: { _ in 2 * (slide.body.utf8.count + slide.notes.utf8.count) }, make: make)
    }

    func parts(_ key: PartsKey, make: () -> SlideParts) -> SlideParts {
        remembered(\.parts, key, bytes: \.bytes, make: make)
    }

    /// A part as ZIPFoundation writes it, by its name and bytes.
    func record(_ part: OutputFile) throws -> ZIPRecord {
        try remembered(\.records, RecordKey(name: part.path, data: part.data), bytes: { $0.local.count + $0.central.count }) {
            try ZIPRecord(part)
        }
    }

    /// A group's records, by what its parts are made from, so parts seen before are
    /// not written as XML again. (Its records are counted here and in
    /// `record(_:)`, which keeps the limit on the safe side.)
    func records(_ key: RecordGroup, make: () throws -> [ZIPRecord]) throws -> [ZIPRecord] {
        try remembered(\.recordGroups, key, bytes: { $0.reduce(0) { $0 + $1.local.count + $1.central.count } }, make: make)
    }

    /// Looked up under the lock, made outside it (two workers may both make a slide
    /// first seen at once; both get equal values, and one is kept).
    private func remembered<Key: Hashable & Sendable, Value: Sendable>(_ table: WritableKeyPath<Tables, [Key: Value]>, _ key: Key,
                                                                       bytes: (Value) -> Int, make: () throws -> Value) rethrows -> Value {
        if let found = tables.withLock({ $0[keyPath: table][key] }) { return found }
        let value = try make()
        let size = bytes(value)
        tables.withLock { tables in
            guard tables.bytes + size <= Self.byteLimit else { return }
            tables[keyPath: table][key] = value
            tables.bytes += size
        }
        return value
    }
}
