import CYaml

/// Counts the nodes a YAML text expands to, every use of an alias counted with all
/// it stands for, before Yams composes it. Yams shares an aliased node, but every walk
/// of the tree afterwards (and Yams' own hashing of mapping keys) visits it once per
/// use: nine levels of nine aliases, about a kilobyte, are 387 million nodes, minutes
/// of work. Counting libyaml's events takes one pass over the text and stops at the
/// limit, at the alias that crossed it.
enum YAMLAliasBudget {
    /// The line and column (1-based) of the alias at which the text grew past `limit` nodes, or nil.
    static func overrun(in text: String, limit: Int = Limits.yamlNodes) -> (line: Int, column: Int)? {
        // Without an asterisk there is no alias: nothing can grow, and most files have none.
        guard text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> (line: Int, column: Int)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]
            // Per open collection: the nodes in it so far (itself included) and its anchor.
            var open: [(size: Int, anchor: String?)] = []
            var total = 0
            func anchor(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            func add(_ size: Int) {
                total += size
                if !open.isEmpty { open[open.count - 1].size += size }
            }
            while true {
                var event = yaml_event_t()
                // A syntax error stops the count; Yams reports it with its location.
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    add(1)
                    if let name = anchor(event.data.scalar.anchor) { sizes[name] = 1 }
                case YAML_ALIAS_EVENT:
                    add(anchor(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1)
                case YAML_SEQUENCE_START_EVENT:
                    total += 1
                    open.append((1, anchor(event.data.sequence_start.anchor)))
                case YAML_MAPPING_START_EVENT:
                    total += 1
                    open.append((1, anchor(event.data.mapping_start.anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let closed = open.popLast() {
                        if let name = closed.anchor { sizes[name] = closed.size }
                        if !open.isEmpty { open[open.count - 1].size += closed.size }
                    }
                default:
                    break
                }
                if total > limit {
                    return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
                }
            }
        }
    }
}
