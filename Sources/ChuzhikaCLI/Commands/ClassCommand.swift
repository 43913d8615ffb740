import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk class CLASS`: a class card.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "查看班级储值卡：集体采分点、小计、总分和年级排名。")

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Argument(help: ArgumentHelp("班级代码。", valueName: "班级"))
    var schoolClass: String

    @Option(help: ArgumentHelp("学期，如 2025-2026-1（默认：已开始的最近学期）。", valueName: "学期"))
    var semester: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let report = try app.classCard(TypedText.normalized(schoolClass), by: try login.principal(app), semester: semester)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(report))
            case .csv: output.printCSV(headers: ClassPrinter.csvHeaders, rows: ClassPrinter.csvRows(report))
            case .table: Console.out(ClassPrinter.render(report))
            }
        }
    }
}
