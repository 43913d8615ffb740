import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import Foundation

/// `czk report student|class|college`: 诊改报告 as a self-contained HTML page, Markdown or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "诊改报告：学生、班级或全院（HTML、Markdown、JSON）。",
        discussion: """
            HTML 报告是一个独立文件（图表内嵌，不联网），手机上可读，可按 A4 打印。
            只包含本人有权查看的内容：学生只有本人的报告，心理和理财预警只给辅导员。
            """,
        subcommands: [StudentReportCommand.self, ClassReportCommand.self, CollegeReportCommand.self])
}

/// What every report takes: the semester, the format and where to write it.
struct ReportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md, json
    }

    @Option(help: ArgumentHelp("学期，如 2025-2026-1；默认最近的学期。", valueName: "学期"))
    var semester: String?

    @Option(help: ArgumentHelp("默认按 --out 扩展名，否则 md。", valueName: "格式"))
    var format: Format?

    @Flag(help: "同 --format json。")
    var json = false

    @Option(help: ArgumentHelp("写入文件，如 报告.html；默认输出到屏幕。", valueName: "文件"))
    var out: String?

    @Flag(help: "覆盖已有的 --out 文件（数据库永远不会被覆盖）。")
    var force = false

    /// The `--out` file, checked before any work (never the database, nothing existing without --force).
    func target(_ database: DatabaseOptions) throws -> OutputFile? {
        try out.map { try OutputFile($0, force: force, database: database.path) }
    }

    var chosen: Format {
        if json { return .json }
        if let format { return format }
        let ext = out.map { ($0 as NSString).pathExtension.lowercased() } ?? ""
        return ext == "html" || ext == "htm" ? .html : ext == "json" ? .json : .md
    }

    /// Renders the report in the chosen format and writes it.
    func emit<Report: Encodable>(
        _ report: Report, to target: OutputFile?, what: String, html: (Report) -> String, markdown: (Report) -> String
    ) throws {
        let text: String
        switch chosen {
        case .html: text = html(report)
        case .md: text = TypedText.visible(markdown(report))  // a .md file is read with cat as often as in an editor
        case .json: text = try JSONRenderer.render(report)
        }
        if try FileOutput.write(Data(text.utf8), to: target), let out {
            Console.err("已生成\(what)：\(out)")
        }
    }
}

struct StudentReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student", abstract: "学生诊改报告：小计、趋势、增值、班级比较、建议。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var login: SessionOptions
    @OptionGroup var options: ReportOptions

    @Argument(help: ArgumentHelp("学号；学生省略即为本人。", valueName: "学号"))
    var student: String?

    func run() throws {
        try runReporting(json: options.chosen == .json) {
            let target = try options.target(database)
            let app = try database.openApp()
            let report = try app.studentReport(of: student, by: try login.principal(app), semester: options.semester)
            try options.emit(report, to: target, what: "\(report.card.name)的诊改报告", html: { StudentReportDocument.html($0) }, markdown: StudentReportDocument.markdown)
        }
    }
}

struct ClassReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class", abstract: "班级报告：班级卡、成员分布、需关注学生、按时录入。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var login: SessionOptions
    @OptionGroup var options: ReportOptions

    @Argument(help: ArgumentHelp("班级代码。", valueName: "班级"))
    var schoolClass: String

    func run() throws {
        try runReporting(json: options.chosen == .json) {
            let target = try options.target(database)
            let app = try database.openApp()
            let report = try app.classDevelopmentReport(schoolClass, by: try login.principal(app), semester: options.semester)
            try options.emit(report, to: target, what: "\(report.card.className)的班级报告", html: { ClassReportDocument.html($0) }, markdown: ClassReportDocument.markdown)
        }
    }
}

struct CollegeReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "college", abstract: "学院报告（学工办、管理员）：平均分、预警、按时录入。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var login: SessionOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        try runReporting(json: options.chosen == .json) {
            let target = try options.target(database)
            let app = try database.openApp()
            let report = try app.collegeReport(by: try login.principal(app), semester: options.semester)
            try options.emit(report, to: target, what: "学院诊改数据报告", html: CollegeReportDocument.html, markdown: CollegeReportDocument.markdown)
        }
    }
}
