import ChuzhikaCore
import Foundation
import Yams

/// Reads YAML nodes for one file and collects diagnostics at their line and column.
///
/// Hand-written over `Yams.compose` rather than `Codable`, because every problem must be
/// reported with the node's own position, and all problems at once.
final class YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// Parses the text; a syntax error becomes a diagnostic and the result is nil.
    func compose(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            fail(SourceLocation(file: file, line: 1), "无法读取 YAML：\(error)")
            return nil
        }
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func fail(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(location, message, hint: hint))
    }

    func fail(_ node: Node?, _ message: String, hint: String? = nil) {
        fail(location(node), message, hint: hint)
    }

    func warn(_ node: Node?, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(location(node), message, hint: hint, severity: .warning))
    }

    func warn(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(location, message, hint: hint, severity: .warning))
    }

    // MARK: - Typed access

    /// The mapping's pairs by key, reporting keys outside `allowed` and duplicate keys.
    func fields(_ node: Node, allowed: [String], what: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            fail(node, "\(what)应当是键值对（key: value）")
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if result[name] != nil {
                fail(key, "字段 \(name) 重复出现")
            } else if !allowed.contains(name) {
                fail(key, "未知字段 \(name)", hint: "可用字段：\(allowed.joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    func require(_ fields: [String: Node], _ key: String, in owner: Node, what: String) -> Node? {
        if let node = fields[key] { return node }
        fail(owner, "\(what)缺少字段 \(key)")
        return nil
    }

    func string(_ node: Node?, what: String) -> String? {
        guard let node else { return nil }
        guard let s = node.scalar?.string, !s.trimmingSpaces.isEmpty else {
            fail(node, "\(what)应当是一段文字")
            return nil
        }
        return s.trimmingSpaces
    }

    func number(_ node: Node?, what: String) -> Double? {
        guard let node else { return nil }
        guard let s = node.scalar?.string, let n = Double(s.trimmingSpaces), n.isFinite else {
            fail(node, "\(what)应当是数字，写的是“\(node.scalar?.string ?? "…")”")
            return nil
        }
        return n
    }

    func bool(_ node: Node?, what: String) -> Bool? {
        guard let node else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on", "是": return true
        case "false", "no", "off", "否": return false
        default:
            fail(node, "\(what)应当是 true 或 false")
            return nil
        }
    }

    /// A list of strings; a single scalar counts as a list of one.
    func strings(_ node: Node?, what: String) -> [(String, Node)]? {
        guard let node else { return nil }
        if node.scalar != nil { return string(node, what: what).map { [($0, node)] } }
        guard let sequence = node.sequence else {
            fail(node, "\(what)应当是列表，如 [a, b]")
            return nil
        }
        return sequence.compactMap { item in string(item, what: what).map { ($0, item) } }
    }

    // MARK: - Syntax errors

    private func report(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text)：" } ?? ""
            fail(
                SourceLocation(file: file, line: mark.line, column: mark.column),
                "YAML 语法错误：\(detail)\(problem)", hint: "检查缩进、冒号和引号")
        default:
            fail(SourceLocation(file: file, line: 1), "YAML 语法错误：\(error)")
        }
    }
}
