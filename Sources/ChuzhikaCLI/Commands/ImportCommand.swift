import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `czk import --as STAFF FILE.csv`: a whole sheet of records, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record a whole CSV sheet: every row is checked, and one bad row writes nothing.",
        discussion: """
            Columns: 学号 (or subject), 采分点 (or point), 数值 (or value), and optionally 日期, 节次, 课程, 备注.
            With --point, every row is that point; with --date, rows without a date take it.
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var principal: PrincipalOptions

    @Option(help: "The scoring point of every row, when the sheet has no 采分点 column.")
    var point: String?

    @Option(help: "The date of rows that have none, YYYY-MM-DD.")
    var date: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Argument(help: "The CSV file (UTF-8).")
    var file: String

    func validate() throws {
        if let date, LocalDate(date) == nil { throw ValidationError("--date 应当写成 YYYY-MM-DD") }
    }

    func run() throws {
        try runReporting {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.notFound(file, what: "文件") }
            guard let text = String(data: data, encoding: .utf8) else { throw CLIError.notUTF8(file) }
            let (drafts, problems) = SheetMapping.drafts(
                from: text, file: file, staff: principal.id, point: point, date: date.flatMap(LocalDate.init))
            guard problems.isEmpty else { throw AppError.inputProblems(problems) }
            let summary = try database.openApp().importRecords(drafts)
            if json {
                Console.out(try JSONRenderer.render(summary))
            } else {
                Console.out("已导入 \(file)：\(summary.records) 条记录（其中更正 \(summary.corrections) 条），涉及 \(summary.subjects) 名学生或班级。")
            }
        }
    }
}
