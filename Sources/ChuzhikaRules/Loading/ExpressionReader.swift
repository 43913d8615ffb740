import ChuzhikaCore
import Yams

/// Parses an expression found in a YAML scalar, placing syntax errors at their column in the file.
struct ExpressionReader {
    let reader: YAMLReader

    func parse(_ text: String, at node: Node) -> Expression? {
        do {
            return try ExpressionParser.parse(text)
        } catch {
            let base = reader.location(node)
            // Quoted scalars start one column before their text.
            let quoted = node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
            let column = base.column + error.offset + (quoted ? 1 : 0)
            reader.fail(
                SourceLocation(file: base.file, line: base.line, column: column),
                "表达式错误：\(error.message)", hint: "表达式：\(text)")
            return nil
        }
    }
}
