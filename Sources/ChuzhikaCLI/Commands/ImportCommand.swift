import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `czk import --as STAFF FILE.csv`: a whole sheet of records, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入一整张 CSV 成绩表：逐行检查，有一行错就全部不写。",
        discussion: """
            列：学号（或 subject）、采分点（或 point）、数值（或 value），
            可选：日期、节次、课程、备注。
            用 --point 时每行都是该采分点；用 --date 时没写日期的行取该日期。
            整表更正已有记录：--correct --reason "原因"。
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Option(help: ArgumentHelp("表中没有采分点列时，每行的采分点。", valueName: "采分点"))
    var point: String?

    @Option(help: ArgumentHelp("没写日期的行的日期，如 2025-10-22。", valueName: "日期"), transform: DayOption.parse)
    var date: LocalDate?

    @OptionGroup var correction: CorrectionOptions

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("CSV 文件（UTF-8）。", valueName: "文件"))
    var file: String

    func validate() throws {
        if correction.correct && (correction.reason ?? "").trimmingSpaces.isEmpty { throw ValidationError("--correct 须写 --reason \"更正原因\"") }
    }

    func run() throws {
        try output.reporting {
            let text = try UserFile.text(file)
            let app = try database.openApp()
            let principal = try login.principal(app)
            let (drafts, problems) = SheetMapping.drafts(
                from: text, file: file, staff: principal.staff?.id ?? StaffID(rawValue: principal.code), point: point, date: date, correctionReason: correction.correctionReason)
            guard problems.isEmpty else { throw AppError.inputProblems(problems) }
            let summary = try app.importRecords(drafts, by: principal, file: file)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(summary))
            case .csv:
                output.printCSV(headers: ["文件", "记录", "更正", "学生或班级", "记账"],
                                rows: [[file, String(summary.records), String(summary.corrections), String(summary.subjects),
                                        String(summary.ledgerPosts)]])
            case .table:
                Console.out("已导入 \(file)：\(summary.records) 条记录（其中更正 \(summary.corrections) 条），涉及 \(summary.subjects) 名学生或班级。")
                RiskPrinter.changes(summary.warnings)
            }
        }
    }
}
