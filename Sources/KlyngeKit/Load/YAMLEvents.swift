import CYaml

/// `YAMLNode`s built straight from libyaml's events, for the plain YAML Klynge's
/// files are written in: no anchors, aliases or tags, keys that are plain text and
/// unique in their mapping, one document. That is the tree `YAMLParser.parse` gets
/// from Yams (composed with the rule-less resolver, then copied), without Yams' nodes,
/// their tag objects and the copy. Anything else, and every error, is left to Yams,
/// so that results and messages stay Yams' own. `YAMLEventsTests` compare the two.
enum YAMLEvents {
    enum Outcome {
        case tree(YAMLNode)
        /// A text without a document: Yams composes nothing.
        case empty
        /// Something only Yams' composer reads as Klynge expects: compose with Yams.
        case unsupported
    }

    static func compose(_ text: String) -> Outcome {
        let composed = text.utf8.withContiguousStorageIfAvailable { bytes -> Outcome in
            // libyaml keeps pointers into its parser: it stays at one address.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return .unsupported }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
            return Reader(parser: parser).document()
        }
        return composed ?? .unsupported
    }

    /// Reads one event at a time, as Yams' `Parser` does, and gives up (nil) at the
    /// first event Yams would read differently.
    private struct Reader {
        let parser: UnsafeMutablePointer<yaml_parser_t>

        /// Yams' `singleRoot`: the stream's start, a document with one node, the stream's end.
        func document() -> Outcome {
            guard let start = next(), start.type == YAML_STREAM_START_EVENT, let first = next() else { return .unsupported }
            if first.type == YAML_STREAM_END_EVENT { return .empty }
            guard first.type == YAML_DOCUMENT_START_EVENT, let top = next(), let root = node(top),
                  let end = next(), end.type == YAML_DOCUMENT_END_EVENT,
                  let last = next(), last.type == YAML_STREAM_END_EVENT else { return .unsupported }
            return .tree(root)
        }

        /// The next event's kind and what Klynge reads of it, the event itself freed.
        struct Event {
            var type: yaml_event_type_t
            var mark: YAMLNode.Mark
            /// A scalar's text and whether it is plain.
            var scalar: (string: String, isPlain: Bool)?
            /// An anchor, a tag or a form only Yams' composer reads as Klynge expects.
            var special: Bool
        }

        private func next() -> Event? {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let mark = YAMLNode.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                // Yams reads the text with Foundation, which drops a leading byte order mark.
                let special = scalar.anchor != nil || scalar.tag != nil
                    || (bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
                return Event(type: event.type, mark: mark,
                             scalar: (String(decoding: bytes, as: UTF8.self), scalar.style == YAML_PLAIN_SCALAR_STYLE), special: special)
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                return Event(type: event.type, mark: mark, scalar: nil, special: start.anchor != nil || start.implicit == 0)
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                return Event(type: event.type, mark: mark, scalar: nil, special: start.anchor != nil || start.implicit == 0)
            case YAML_ALIAS_EVENT:
                return Event(type: event.type, mark: mark, scalar: nil, special: true)
            default:
                return Event(type: event.type, mark: mark, scalar: nil, special: false)
            }
        }

        /// The node an event starts, as `YAMLNode.init` copies Yams' node of it.
        func node(_ event: Event) -> YAMLNode? {
            guard !event.special else { return nil }
            switch event.type {
            case YAML_SCALAR_EVENT:
                return event.scalar.map { Self.scalar($0.string, isPlain: $0.isPlain, isKey: false, mark: event.mark) }
            case YAML_SEQUENCE_START_EVENT:
                var items: [YAMLNode] = []
                while let item = next() {
                    if item.type == YAML_SEQUENCE_END_EVENT { return .sequence(YAMLNode.List(items: items, mark: event.mark)) }
                    guard let node = node(item) else { return nil }
                    items.append(node)
                }
                return nil
            case YAML_MAPPING_START_EVENT:
                var entries: [(key: YAMLNode, value: YAMLNode)] = []
                var keys: Set<String> = []
                while let key = next() {
                    if key.type == YAML_MAPPING_END_EVENT {
                        // Yams' `Node.string` of a mapping looks for a key resolved as `=`;
                        // the rule-less resolver resolves every key as text.
                        return .mapping(YAMLNode.Mapping(entries: entries, mark: event.mark, string: nil))
                    }
                    // Only text keys, each once: a repeated key is an error or, read
                    // with Yams' default resolver, two keys (`yes` and `"yes"`).
                    guard key.type == YAML_SCALAR_EVENT, !key.special, let text = key.scalar,
                          keys.insert(text.string).inserted,
                          let valueEvent = next(), let value = node(valueEvent) else { return nil }
                    entries.append((key: Self.scalar(text.string, isPlain: text.isPlain, isKey: true, mark: key.mark), value: value))
                }
                return nil
            default:
                return nil
            }
        }

        /// A scalar as Yams reads it: a key's tag has been resolved as text (by the
        /// duplicate check), so it is never a boolean; a value's untagged plain text
        /// is, when Yams' words say so; quoted and block text never.
        static func scalar(_ string: String, isPlain: Bool, isKey: Bool, mark: YAMLNode.Mark) -> YAMLNode {
            let bool: Bool? = !isKey && isPlain && string.utf8.count <= 5 ? yamsBool(string) : nil
            let isNull = isPlain && (string.isEmpty || string == "~" || string == "null" || string == "Null" || string == "NULL")
            return .scalar(YAMLNode.Scalar(string: string, isPlain: isPlain, bool: bool, isNullText: isNull, mark: mark))
        }

        /// Yams' `Bool.construct` of a scalar not tagged as text.
        static func yamsBool(_ string: String) -> Bool? {
            switch string.lowercased() {
            case "true", "yes", "on": true
            case "false", "no", "off": false
            default: nil
            }
        }
    }
}
