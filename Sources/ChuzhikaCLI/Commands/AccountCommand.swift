import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk account STUDENT`: a student's card.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "查看学生储值卡：各领域小计、总分、增值和最近记录。",
        discussion: "学生不写学号，看本人的储值卡；记录号可用于 czk appeal 申诉。")

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Argument(help: ArgumentHelp("学生的学号（学生本人可不写）。", valueName: "学号"))
    var student: String?

    @Option(help: ArgumentHelp("学期，如 2025-2026-1（默认：有得分的最近学期）。", valueName: "学期"))
    var semester: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("显示最近几条记录（0 到 1000）。", valueName: "条数"))
    var recent = 12

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...1000).contains(recent) else { throw ValidationError("--recent 应为 0 到 1000 之间的整数，写的是 \(recent)") }
    }

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let report = try app.account(of: student, by: try login.principal(app), semester: semester, recent: recent)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(report))
            case .csv: output.printCSV(headers: AccountPrinter.csvHeaders, rows: AccountPrinter.csvRows(report))
            case .table: Console.out(AccountPrinter.render(report))
            }
        }
    }
}
