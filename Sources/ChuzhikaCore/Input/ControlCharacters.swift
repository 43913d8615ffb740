/// A character in typed or imported text that a terminal would obey rather than show (issue 22,
/// item 6): ESC and the other C0 controls (`\u{1B}]0;…\u{07}` retitles the window, `\u{1B}[2J`
/// clears the screen, a lone CR writes over the start of a line), DEL, the C1 controls
/// (U+0080–U+009F; U+009B is a one-character CSI), and the bidirectional overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) that make text read in another order than it is stored.
///
/// Tab and line breaks (LF, and CR only as part of CRLF) are ordinary text: a note may have lines.
public struct ControlCharacter: Hashable, Codable, Sendable {
    /// The character's code point.
    public let value: UInt32
    /// Its 1-based position in the text, counted in Unicode scalars (as a diagnostic's column is).
    public let position: Int

    public init(value: UInt32, position: Int) {
        self.value = value
        self.position = position
    }

    /// `U+001B`.
    public var code: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `U+001B（ESC）`: the code and, where it has one, the name people search for.
    public var described: String {
        let names: [UInt32: String] = [
            0x00: "NUL", 0x07: "BEL", 0x08: "退格", 0x0D: "回车 CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI",
            0x202E: "从右到左覆盖", 0x202D: "从左到右覆盖",
        ]
        return code + (names[value].map { "（\($0)）" } ?? "")
    }
}

extension TypedText {
    /// What to do about a refused character, said the same way for sheets and for the command line.
    public static let controlCharacterHint =
        "删掉这个看不见的控制字符后重试（常见于从网页、聊天软件或终端复制的文字）；它会在老师的终端里伪造提示或清屏"

    /// Whether `scalar` is refused in what people type or import (see ``ControlCharacter``).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first refused character in `text`, or nil when there is none.
    public static func controlCharacter(in text: String) -> ControlCharacter? {
        guard mayContainControl(text) else { return nil }
        var position = 0
        var pendingCR: Int?  // a CR is allowed only as the first half of CRLF
        for scalar in text.unicodeScalars {
            position += 1
            if let cr = pendingCR, scalar != "\n" { return ControlCharacter(value: 0x0D, position: cr) }
            pendingCR = nil
            if scalar == "\r" {
                pendingCR = position
            } else if isControl(scalar) {
                return ControlCharacter(value: scalar.value, position: position)
            }
        }
        return pendingCR.map { ControlCharacter(value: 0x0D, position: $0) }
    }

    /// `text` with every refused character shown instead of obeyed, for output that may meet
    /// text stored before it was refused: a C0 control or DEL as its Unicode control picture
    /// (ESC → `␛`, U+241B; BEL → `␇`; DEL → `␡`), one column wide, so tables stay aligned and
    /// it cannot be mistaken for something typed; a C1 control or a bidi override, which have
    /// no picture, as `<U+009B>`. Tab and line breaks are kept; with `singleLine` (a table
    /// cell) they too become `␉` and `␊`, so a cell cannot fake a row of its own.
    public static func visible(_ text: String, singleLine: Bool = false) -> String {
        guard mayContainControl(text) else { return text }
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            let v = scalar.value
            let isCRLF = scalar == "\r" && scalars.first == "\n"
            if (v == 0x09 || v == 0x0A || isCRLF) && !singleLine {
                out.append(scalar)
            } else if v < 0x20 {
                out.append(Unicode.Scalar(0x2400 + v)!)  // U+2400–U+241F: the C0 control pictures, all valid
            } else if v == 0x7F {
                out.append("\u{2421}")
            } else if isControl(scalar) {
                out.append(contentsOf: "<\(ControlCharacter(value: v, position: 0).code)>".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A cheap first look at the bytes: C0 and DEL are single bytes, every C1 control starts
    /// with 0xC2 and every bidi control with 0xE2 in UTF-8. Most text has none of them.
    private static func mayContainControl(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }
}
