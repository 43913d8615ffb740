import ArgumentParser
import ChuzhikaApp
import ChuzhikaSheets
import Foundation

/// `czk export records|accounts|warnings|classes`: a table for Excel or another system, within
/// the reader's scope.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出记录、账户、预警或班级卡（CSV、JSON、xlsx）。",
        discussion: """
            只导出本人有权查看的内容：学生只有本人，教师只有所教所管的班级，
            心理信息只给该生的辅导员。.xlsx 须用 --out 指定文件。
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json, xlsx
    }

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Argument(help: ArgumentHelp("records、accounts、warnings 或 classes。", valueName: "种类"),
              transform: { text in
                  guard let kind = ExportKind(rawValue: text) else {
                      throw ValidationError("不认识“\(text)”：可导出 records（采分记录）、accounts（个人账户）、warnings（预警）、classes（班级）")
                  }
                  return kind
              })
    var kind: ExportKind

    @Option(help: ArgumentHelp("只导出这个班级。", valueName: "班级"))
    var `class`: String?

    @Option(help: ArgumentHelp("学期，如 2025-2026-1；默认当前学期。", valueName: "学期"))
    var semester: String?

    @Option(help: "导出格式。")
    var format: Format = .csv

    @Flag(help: "同 --format json。")
    var json = false

    @Flag(help: "CSV 前加 BOM，Excel 才能认出 UTF-8。")
    var bom = false

    @Option(help: ArgumentHelp("写入文件；默认输出到屏幕（.xlsx 必须指定）。", valueName: "文件"))
    var out: String?

    @Flag(help: "覆盖已有的 --out 文件（数据库永远不会被覆盖）。")
    var force = false

    func validate() throws {
        if format == .xlsx && out == nil { throw ValidationError(".xlsx 是二进制文件：请用 --out 文件名.xlsx 指定") }
    }

    func run() throws {
        let chosen = json ? Format.json : format
        try runReporting(json: chosen == .json) {
            let target = try out.map { try OutputFile($0, force: force, database: database.path) }
            let app = try database.openApp()
            let table = try app.export(kind, schoolClass: `class`, semester: semester, by: try login.principal(app))
            let data: Data
            switch chosen {
            case .json: data = Data(try JSONRenderer.render(table.rows.map { Dictionary(zip(table.headers, $0), uniquingKeysWith: { a, _ in a }) }).utf8)
            case .csv: data = Data(((bom ? "\u{FEFF}" : "") + CSVRenderer.render(headers: table.headers, rows: table.rows) + "\n").utf8)
            case .xlsx: data = try XLSXWriter.workbook(sheet: kind.chineseName, headers: table.headers, rows: table.rows)
            }
            if try FileOutput.write(data, to: target), let out {
                Console.err("已导出 \(table.rows.count) 行\(kind.chineseName)到 \(out)。")
            }
            // On stderr, so the table stays a table.
            if let notice = table.notice { Console.err("注意：\(notice)。") }
            if let withheld = WithheldWarnings.sentence(table.withheld) { Console.err("注意：\(withheld)。") }
        }
    }
}
