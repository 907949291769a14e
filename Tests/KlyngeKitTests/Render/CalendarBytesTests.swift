import Testing
@testable import KlyngeKit

/// Calendar text is escaped and folded on UTF-8 bytes; both must give what the
/// plain scalar-by-scalar versions here give.
@Suite struct CalendarBytesTests {
    static let pieces = ["a", "Æ", "ø", "å", " ", "\\", ";", ",", "\r\n", "\r", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "e\u{301}",
                         "\n\u{301}", "\r\u{301}", "–", "👍🏽", "\u{200D}", "\u{2FF}", "\u{300}", "Klyngemøde: ", "kl. 16.00"]

    func random(_ generator: inout some RandomNumberGenerator, count: ClosedRange<Int>) -> String {
        (0..<Int.random(in: count, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func bytesEscapeAsScalars() {
        Differential.check(count: 5_000, input: { random(&$0, count: 0...14) },
                           plain: ICalendarText.escapeScalars, fast: ICalendarText.escape)
    }

    @Test func bytesFoldAsScalars() {
        Differential.check(count: 5_000, input: { random(&$0, count: 0...80) },
                           plain: ICalendarText.foldScalars, fast: ICalendarText.fold)
    }
}

extension ICalendarText {
    /// `escape` scalar by scalar: CR LF and CR become LF first.
    static func escapeScalars(_ text: String) -> String {
        var escaped = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n" where afterCR: continue
            case "\n", "\r": escaped += "\\n"
            case "\t": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `fold` scalar by scalar.
    static func foldScalars(_ line: String) -> String {
        var folded = ""
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                folded += current + "\r\n"
                current = " "
                octets = 1
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        return folded + current + "\r\n"
    }
}
