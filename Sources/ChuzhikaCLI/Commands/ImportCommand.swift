import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSheets
import Foundation

/// `czk import --as STAFF FILE.csv`: a whole sheet of records, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入成绩表（CSV 或 .xlsx），有一行错就全部不写。",
        discussion: """
            三种表：
              每行一个值：学号、采分点、数值，可选日期、节次、课程、备注；
              每个采分点一列：学号（可选日期），其余各列以采分点名称为表头；
              每次课一列：--point 采分点，学号，其余各列表头为日期（可加“第3节”）。
            用 --date 时没写日期的行取该日期。CSV 可为 UTF-8 或 GB18030/GBK。
            同一张表再导入一次不会重复写入。--skip-invalid 只导入正确的行，
            错误的行连同原因写到另一个文件，改好后可再导入。
            整表更正已有记录：--correct --reason "原因"。
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Option(help: ArgumentHelp("表中没有采分点列时，每行的采分点。", valueName: "采分点"))
    var point: String?

    @Option(help: ArgumentHelp("没写日期的行的日期，如 2025-10-22。", valueName: "日期"), transform: DayOption.parse)
    var date: LocalDate?

    @OptionGroup var correction: CorrectionOptions

    @Flag(help: "只导入正确的行；错误的行连同原因写入 --rejected 文件。")
    var skipInvalid = false

    @Option(help: ArgumentHelp("错误行写入的文件；默认“原文件名.未导入.csv”。", valueName: "文件"))
    var rejected: String?

    @Flag(help: "覆盖已有的 --rejected 文件（数据库和所导入的表除外）。")
    var force = false

    @OptionGroup var sheetOptions: SheetOptions

    @OptionGroup var verbosity: VerboseOption

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("CSV 或 .xlsx 文件。", valueName: "文件"))
    var file: String

    func validate() throws {
        if correction.correct && (correction.reason ?? "").trimmingSpaces.isEmpty { throw ValidationError("--correct 须写 --reason \"更正原因\"") }
    }

    func run() throws {
        try output.reporting {
            // Where the rejected rows would go, checked before anything is written.
            let rejectedTarget = skipInvalid
                ? try OutputFile(rejected ?? RejectedRows.defaultPath(for: file), force: force, database: database.path, inputs: [file])
                : nil
            let source = try sheetOptions.open(file)
            let app = try database.openApp()
            let principal = try login.principal(app)
            let bar = ProgressBar("导入 \((file as NSString).lastPathComponent)")
            let summary = try withExtendedLifetime(bar) {
                defer { bar.finish() }
                return try app.importSheet(
                    source, SheetImportOptions(point: point, date: date, correctionReason: correction.correctionReason, skipInvalid: skipInvalid),
                    by: principal, progress: bar.update)
            }
            let rejectedFile = summary.rejected.isEmpty ? nil : try rejectedTarget.map {
                try RejectedRows.write(summary.rejected, of: try sheetOptions.open(file), to: $0)
            }
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(summary))
            case .csv:
                output.printCSV(headers: ["文件", "记录", "更正", "未变", "跳过", "学生或班级", "记账"],
                                rows: [[file, String(summary.records), String(summary.corrections), String(summary.unchanged),
                                        String(summary.rejected.count), String(summary.subjects), String(summary.ledgerPosts)]])
            case .table:
                if summary.records == 0 && summary.unchanged > 0 && summary.rejected.isEmpty {
                    Console.out("\(file) 的 \(summary.unchanged) 条记录都已导入过，这次没有写入任何内容。")
                } else {
                    Console.out("已导入 \(file)：\(summary.records) 条记录（其中更正 \(summary.corrections) 条），涉及 \(summary.subjects) 名学生或班级。"
                        + (summary.unchanged > 0 ? "另有 \(summary.unchanged) 条与已有记录相同，未重复写入。" : ""))
                }
                if let rejectedFile {
                    Console.out("跳过 \(summary.rejected.count) 处错误，已连同原因写入 \(rejectedFile)；改好后可再导入该文件。")
                }
                WarningChangePrinter.print(summary.warnings, summary: summary.warningSummary, verbose: verbosity.verbose)
            }
        }
    }
}

/// Writes the rows `--skip-invalid` left out, as they were, with a 原因 column, in a CSV that
/// can be fixed and imported again.
enum RejectedRows {
    /// Reads the sheet again (a batch at a time) and writes the rejected rows as they were.
    static func write(_ rejected: [ImportSummary.Rejected], of sheet: SheetSource, to target: OutputFile) throws -> String {
        var reasons: [Int: [String]] = [:]
        for r in rejected { reasons[r.line, default: []].append(r.reason) }
        let out = try target.open()
        defer { try? out.close() }
        out.write(Data(("\u{FEFF}" + (sheet.headers + ["原因"]).map(CSVRenderer.field).joined(separator: ",") + "\r\n").utf8))
        while true {
            let (rows, unreadable) = sheet.next(4_096)
            if rows.isEmpty && unreadable.isEmpty { break }
            var text = ""
            for row in rows {
                guard let why = reasons[row.line] else { continue }
                let cells = sheet.headers.map { row.fields[$0] ?? "" } + ["第 \(row.line) 行：" + why.joined(separator: "；")]
                text += cells.map(CSVRenderer.field).joined(separator: ",") + "\r\n"
            }
            // A row the reader could not hand back as cells (a control character, a wrong number
            // of columns) still gets its line here, so that nothing skipped goes unlisted.
            for problem in unreadable {
                let line = problem.location.line
                guard let why = reasons.removeValue(forKey: line) else { continue }
                let cells = sheet.headers.map { _ in "" }
                    + ["第 \(line) 行：" + why.joined(separator: "；") + "（这一行无法原样写出：请对照原表第 \(line) 行修改后补入）"]
                text += cells.map(CSVRenderer.field).joined(separator: ",") + "\r\n"
            }
            out.write(Data(text.utf8))
        }
        return target.path
    }

    static func defaultPath(for file: String) -> String {
        let url = URL(fileURLWithPath: file)
        return url.deletingPathExtension().path + ".未导入.csv"
    }
}
