import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules
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
}

/// Prints diagnostics as `file:line:col: 错误: message`, the source line, a caret, and the hint.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        var files: [String: [Substring]] = [:]
        for d in diagnostics {
            Console.err("\(d.location): \(d.severity.chineseName): \(d.message)")
            if files[d.location.file] == nil {
                let text = (try? String(contentsOfFile: d.location.file, encoding: .utf8)) ?? ""
                files[d.location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            if let lines = files[d.location.file], d.location.line >= 1, d.location.line <= lines.count {
                let line = String(lines[d.location.line - 1])
                Console.err("    " + line)
                let prefix = String(line.unicodeScalars.prefix(max(0, d.location.column - 1)).map(Character.init))
                Console.err("    " + String(repeating: " ", count: DisplayWidth.of(prefix)) + "^")
            }
            if let hint = d.hint { Console.err("    提示：" + hint) }
        }
    }
}
