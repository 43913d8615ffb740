import ChuzhikaCore
import Yams

/// A rule file's YAML tree in a compact form stored with the applied rule set, so that every
/// later command rebuilds the tree instead of parsing YAML: no parser, no duplicate-key check,
/// no tag guessing by regular expression (each scalar keeps the tag resolved when the rules
/// were applied).
///
/// The form, read by byte: `s` tag mark string | `m` tag mark count (key value)… | `q` tag mark
/// count node…, where a string is `length:bytes`, a count `count:` and a mark `line:column:`
/// (kept so that `czk rules list` still names each point's line).
public enum RuleTree {
    /// The sources with each file's tree attached; a file that does not parse is left as text.
    public static func compiled(_ sources: [RuleSource]) -> [RuleSource] {
        sources.map { source in
            guard let node = try? Yams.compose(yaml: source.text) else { return source }
            var out: [UInt8] = []
            encode(node, into: &out)
            return RuleSource(path: source.path, text: source.text, tree: String(decoding: out, as: UTF8.self))
        }
    }

    static func encode(_ node: Node, into out: inout [UInt8]) {
        func string(_ text: String) {
            out += Array(String(text.utf8.count).utf8) + [UInt8(ascii: ":")] + Array(text.utf8)
        }
        func count(_ n: Int) { out += Array(String(n).utf8) + [UInt8(ascii: ":")] }
        func mark() {
            count(node.mark?.line ?? 0)
            count(node.mark?.column ?? 0)
        }
        switch node {
        case .scalar(let scalar):
            out.append(UInt8(ascii: "s"))
            string(node.tag.description)  // resolves the implicit tag once, here
            mark()
            string(scalar.string)
        case .mapping(let mapping):
            out.append(UInt8(ascii: "m"))
            string(node.tag.description)
            mark()
            count(mapping.count)
            for (key, value) in mapping {
                encode(key, into: &out)
                encode(value, into: &out)
            }
        case .sequence(let sequence):
            out.append(UInt8(ascii: "q"))
            string(node.tag.description)
            mark()
            count(sequence.count)
            for item in sequence { encode(item, into: &out) }
        case .alias:
            // Rule files use no anchors; should one appear, the stored tree is unusable and the
            // text is parsed instead.
            out += Array("!".utf8)
        }
    }

    /// The tree, or nil when the form is damaged (the caller then parses the text).
    public static func decode(_ tree: String) -> Node? {
        var reader = Reader(bytes: Array(tree.utf8))
        guard let node = reader.node(), reader.index == reader.bytes.count else { return nil }
        return node
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var tags: [String: Tag] = [:]

        mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                index += 1
                digits += 1
            }
            guard digits > 0, index < bytes.count else { return nil }
            index += 1  // the colon
            return value
        }

        mutating func string() -> String? {
            guard let length = number(), index + length <= bytes.count else { return nil }
            defer { index += length }
            return String(decoding: bytes[index..<index + length], as: UTF8.self)
        }

        mutating func tag() -> Tag? {
            guard let name = string() else { return nil }
            if let known = tags[name] { return known }
            // Tags were resolved when the YAML was parsed: a stored tag needs no resolver, and
            // Yams's default one compiles seven regular expressions on first use (~1 ms a run).
            let made = Tag(Tag.Name(rawValue: name), .basic)
            tags[name] = made
            return made
        }

        /// Yams makes marks only while parsing (no public initialiser); a mark is two Ints,
        /// so one is laid out from them — and when that ever stops being true, none is made.
        mutating func mark() -> Mark?? {
            guard let line = number(), let column = number() else { return nil }
            guard line > 0, MemoryLayout<Mark>.size == MemoryLayout<MarkLayout>.size else { return .some(nil) }
            return .some(unsafeBitCast(MarkLayout(line: line, column: column), to: Mark.self))
        }

        mutating func node() -> Node? {
            guard index < bytes.count else { return nil }
            let kind = bytes[index]
            index += 1
            switch kind {
            case UInt8(ascii: "s"):
                guard let tag = tag(), let mark = mark(), let text = string() else { return nil }
                return .scalar(.init(text, tag, .any, mark))
            case UInt8(ascii: "m"):
                guard let tag = tag(), let mark = mark(), let count = number() else { return nil }
                var pairs: [(Node, Node)] = []
                pairs.reserveCapacity(count)
                for _ in 0..<count {
                    guard let key = node(), let value = node() else { return nil }
                    pairs.append((key, value))
                }
                return .mapping(.init(pairs, tag, .any, mark))
            case UInt8(ascii: "q"):
                guard let tag = tag(), let mark = mark(), let count = number() else { return nil }
                var items: [Node] = []
                items.reserveCapacity(count)
                for _ in 0..<count {
                    guard let item = node() else { return nil }
                    items.append(item)
                }
                return .sequence(.init(items, tag, .any, mark))
            default:
                return nil
            }
        }
    }
}

/// The layout of `Yams.Mark` (line, column).
private struct MarkLayout {
    let line: Int
    let column: Int
}
