import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `czk roster import|template`: the admin's roster from sheets.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "花名册：从表格导入班级、课程、教职工、任职和学生。",
        subcommands: [Import.self, Template.self])

    /// Reads a kind by its English or Chinese name (students or 学生).
    static func kind(_ text: String) throws -> RosterKind {
        if let kind = RosterKind(rawValue: text) ?? RosterKind.allCases.first(where: { $0.chineseName == text }) { return kind }
        let names = RosterKind.allCases.map { "\($0.rawValue)（\($0.chineseName)）" }.joined(separator: "、")
        throw ValidationError("没有“\(text)”这种花名册表，可选：\(names)")
    }
}

extension RosterCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "导入一张花名册表：逐行检查，有一行错就全部不写。",
            discussion: """
                种类和列（第一行为列名，* 为必填）：
                \(RosterKind.allCases.map(Self.columnsHelp).joined(separator: "\n"))
                依次导入 classes、courses、staff、assignments、students。
                没有写到的人保持不变。学生离校或调班记上日期，从不删除，储值卡保留。
                --dry-run 列出会新增、修改、调班、结束的每一行，不写入。
                """)

        static func columnsHelp(_ kind: RosterKind) -> String {
            "  \(kind.rawValue)（\(kind.chineseName)）：\n    "
                + RosterColumns.columns(of: kind).map { $0.names[0] + ($0.isRequired ? "*" : "") }.joined(separator: ",")
        }

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("表的种类：classes、courses、staff 等。", valueName: "种类"), transform: RosterCommand.kind)
        var kind: RosterKind

        @Argument(help: ArgumentHelp("CSV（UTF-8 或 GB18030）或 .xlsx 文件。", valueName: "文件"))
        var file: String

        @Flag(help: "只列出会有什么变化，不写入。")
        var dryRun = false

        @OptionGroup var sheetOptions: SheetOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let sheet = try sheetOptions.read(file)
                let app = try database.openApp()
                let report = try app.importRoster(kind, sheet: sheet, by: try login.principal(app), dryRun: dryRun)
                let headers = ["行", "变化", "代码", "姓名或名称", "说明"]
                let rows = report.changes.map { [String($0.line), $0.actionName, $0.code, $0.name, $0.detail] }
                switch output.chosen {
                case .json: Console.out(try JSONRenderer.render(report))
                case .csv: output.printCSV(headers: headers, rows: rows)
                case .table:
                    if !rows.isEmpty {
                        var table = TableRenderer(headers, alignments: [.right, .left, .left, .left, .left])
                        rows.forEach { table.add($0) }
                        Console.out(table.render() + "\n")
                    }
                    let counts = report.counts.filter { $0.count > 0 }.map { "\($0.name) \($0.count)" }
                    let verb = report.isDryRun ? "预演（未写入）" : "已导入"
                    let summary = counts.isEmpty ? "没有变化" : counts.joined(separator: "，")
                    Console.out("\(verb) \(file)（\(kind.chineseName)）：\(summary)；不变 \(report.unchanged) 行。")
                }
            }
        }
    }

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "template", abstract: "打印某种花名册表的模板（CSV）。")

        @Argument(help: ArgumentHelp("表的种类：classes、courses、staff 等。", valueName: "种类"), transform: RosterCommand.kind)
        var kind: RosterKind

        @Flag(help: "加 BOM，Excel 才能认出 UTF-8。")
        var bom = false

        func run() throws {
            Console.out((bom ? "\u{FEFF}" : "") + (CardApp.template("\(kind.rawValue).csv") ?? RosterColumns.templateHeader(kind)))
        }
    }
}
