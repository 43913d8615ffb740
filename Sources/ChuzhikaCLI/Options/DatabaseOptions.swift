import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `--db PATH`, else `CZK_DB`, else `czk.sqlite` in the current folder.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The card database (default: $CZK_DB, else czk.sqlite in the current folder).")
    var db: String?

    var path: String { path(in: ProcessInfo.processInfo.environment) }

    /// `--db`, else `CZK_DB` of `environment`, else `czk.sqlite`.
    func path(in environment: [String: String]) -> String {
        db ?? environment["CZK_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "czk.sqlite"
    }

    /// The clock: `CZK_TODAY=2025-10-10` fixes today's date (for rehearsals and tests).
    var clock: Clock {
        if let text = ProcessInfo.processInfo.environment["CZK_TODAY"], let day = LocalDate(text) {
            return .fixed(day)
        }
        return .system
    }

    func openApp() throws -> CardApp {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.noDatabase(path) }
        return try CardApp.open(path: path, clock: clock)
    }
}

enum CLIError: Error, LocalizedError {
    case noDatabase(String)
    case notFound(String, what: String)
    case notUTF8(String)

    var errorDescription: String? {
        switch self {
        case .noDatabase(let path): "数据库 \(path) 不存在"
        case .notFound(let name, let what): "找不到\(what) \(name)"
        case .notUTF8(let file): "\(file) 不是 UTF-8 编码"
        }
    }

    var recoverySuggestion: String? {
        switch self {
        case .noDatabase: "先运行 czk demo 建立演示学校，或用 --db 指定已有的数据库"
        case .notFound(_, let what) where what == "文件": "检查文件路径"
        case .notFound(_, let what): "在仓库根目录运行，或用 --\(what == "规则文件夹" ? "rules" : "seeds") 指定路径"
        case .notUTF8: "在 Excel 中另存为“CSV UTF-8（逗号分隔）”"
        }
    }
}
