import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// Prints any error a command meets, in Chinese, with what to do next.
enum ErrorPresenter {
    static func present(_ error: any Error) {
        if case AppError.inputProblems(let diagnostics) = error {
            DiagnosticPrinter.print(diagnostics)
        }
        let localized = error as? LocalizedError
        Console.err("错误：" + (localized?.errorDescription ?? "\(error)"))
        if let hint = localized?.recoverySuggestion { Console.err("提示：" + hint) }
    }

    /// The error as scripts read it: `{"error": {"code", "message", "hint", "location", "problems"}}`.
    struct Payload: Encodable {
        struct Body: Encodable {
            let code: String
            let message: String
            let hint: String?
            let location: SourceLocation?
            let problems: [Diagnostic]
        }

        let error: Body
    }

    static func payload(_ error: any Error) -> Payload {
        let localized = error as? LocalizedError
        var problems: [Diagnostic] = []
        if case AppError.inputProblems(let list) = error { problems = list }
        return Payload(error: .init(
            code: code(of: error), message: localized?.errorDescription ?? "\(error)", hint: localized?.recoverySuggestion,
            location: problems.first?.location, problems: problems))
    }

    static func json(_ error: any Error) -> String {
        (try? JSONRenderer.render(payload(error))) ?? #"{"error":{"code":"unknown"}}"#
    }

    /// A stable name for the kind of error: the enum case (`duplicateRecord`, `usage` …).
    static func code(of error: any Error) -> String {
        if let usage = error as? UsageError { return usage.code }
        let mirror = Mirror(reflecting: error)
        if mirror.displayStyle == .enum, let label = mirror.children.first?.label { return label }
        let text = "\(error)"
        return text.prefix { $0.isLetter || $0.isNumber }.isEmpty ? "error" : String(text.prefix { $0.isLetter || $0.isNumber })
    }
}

/// A usage error (the command line itself is wrong), as it reaches JSON output.
struct UsageError: Error, LocalizedError {
    let code: String
    let message: String
    var errorDescription: String? { message }
    var recoverySuggestion: String? { "用 --help 查看这个命令的用法" }
}

/// Prints diagnostics as `file:line:col: 错误: message`, the source line, a caret, and the hint.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        var files: [String: [Substring]] = [:]
        for d in diagnostics {
            Console.err("\(d.location): \(d.severity.chineseName): \(d.message)")
            if files[d.location.file] == nil {
                let text = (try? String(contentsOfFile: d.location.file, encoding: .utf8)) ?? ""
                // "\r\n" is one Character: split on it too, or a CRLF file (what Excel writes) is one line.
                files[d.location.file] = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            }
            if let lines = files[d.location.file], d.location.line >= 1, d.location.line <= lines.count {
                let line = String(lines[d.location.line - 1])
                Console.err("    " + TypedText.visible(line, singleLine: true))
                let prefix = String(line.unicodeScalars.prefix(max(0, d.location.column - 1)).map(Character.init))
                // The line is printed with its control characters as pictures: measure it so.
                Console.err("    " + String(repeating: " ", count: DisplayWidth.of(TypedText.visible(prefix, singleLine: true))) + "^")
            }
            if let hint = d.hint { Console.err("    提示：" + hint) }
        }
    }
}
