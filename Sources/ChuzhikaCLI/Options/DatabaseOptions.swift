import ArgumentParser
import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import Foundation

/// `--db PATH` (a SQLite file or a `postgres://` URL), else `CZK_DB`, else `czk.sqlite` in the current folder.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("数据库文件或 postgres:// 地址；默认 $CZK_DB。", valueName: "文件"))
    var db: String?

    var path: String { path(in: CLIEnvironment.current) }

    /// `--db`, else `CZK_DB` of `environment`, else `czk.sqlite`.
    func path(in environment: [String: String]) -> String {
        db ?? environment["CZK_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "czk.sqlite"
    }

    /// The clock: `CZK_TODAY=2025-10-10` fixes today's date (for rehearsals and tests).
    var clock: Clock {
        get throws {
            guard let text = CLIEnvironment.current["CZK_TODAY"], !text.isEmpty else { return .system }
            switch DateInput.parse(text) {
            case .success(let day): return .fixed(day)
            case .failure(let error): throw CLIError.badToday(text, error)
            }
        }
    }

    func openApp() throws -> CardApp {
        guard let app = try CardApp.openExisting(path: path, clock: try clock) else {
            throw CLIError.noDatabase(StoreLocation(path).description)
        }
        if CardApp.isReadableByOthers(path: path) {
            Console.err("警告：数据库 \(path) 其他用户也能读取，里面有学生的个人信息。请运行 chmod 600 \(path)")
        }
        return app
    }
}

enum CLIError: Error, LocalizedError {
    case noDatabase(String)
    case notFound(String, what: String)
    case notUTF8(String)
    case badToday(String, DateInputError)
    case otherDatabase(session: String, current: String)
    /// A delivery to a notification channel failed: what the channel answered.
    case notDelivered(String)

    var errorDescription: String? {
        switch self {
        case .noDatabase(let path): "数据库 \(path) 不存在"
        case .notFound(let name, let what): "找不到\(what) \(name)"
        case .notUTF8(let file): "\(file) 不是 UTF-8 编码"
        case .badToday(let text, let error): "环境变量 CZK_TODAY=\(text) 不对：\(error.localizedDescription)"
        case .otherDatabase(let session, let current): "这次登录属于另一个数据库 \(session)，不是现在打开的 \(current)"
        case .notDelivered(let why): why
        }
    }

    var recoverySuggestion: String? {
        switch self {
        case .noDatabase: "先运行 czk demo 建立演示学校，或 czk init 建立新学校；或用 --db 指定已有的数据库"
        case .notFound: "检查文件路径"
        case .notUTF8: "在 Excel 中另存为“CSV UTF-8（逗号分隔）”"
        case .badToday: "写成 CZK_TODAY=2025-10-22，或去掉它以使用今天的日期"
        case .otherDatabase(let session, let current):
            "要用 \(current) 请先对它 czk login（--db \(current)）；或用 --db \(session) 回到登录的那个数据库"
        case .notDelivered: "检查网址和密钥（czk notify channel list），改好后用 czk notify channel remove 停用旧的、再添加"
        }
    }
}

/// A day typed on the command line, read by the one date parser of every command and sheet.
enum DayOption {
    /// For an option's `transform:`: the day, or the parser's own message for that mistake.
    static func parse(_ text: String) throws -> LocalDate {
        switch DateInput.parse(text) {
        case .success(let day): return day
        case .failure(let error):
            throw ValidationError((error.errorDescription ?? "") + "；" + (error.recoverySuggestion ?? ""))
        }
    }
}
