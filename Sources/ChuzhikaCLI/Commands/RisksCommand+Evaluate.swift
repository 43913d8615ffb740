import ArgumentParser
import ChuzhikaApp
import ChuzhikaDocuments
import Foundation

extension RisksCommand {
    /// `czk risks evaluate OUTCOMES.csv`: the warning rules backtested on a past cohort.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluate",
            abstract: "回测预警规则：检出多少退学、误报多少毕业（管理员）。",
            discussion: """
                用结局已知的往届学生回测。按学期逐次回放全校扫描（与 czk risks scan
                相同的规则和数据，只算不写）：每学期末评估一次，条件成立即开启预警，
                不成立即消除，缺少数据则保持原状。到所选学期末仍有个体预警的算“有预警”。
                检出率＝有预警的退学者/退学者；误报率＝有预警的毕业生/毕业生；
                精确率＝有预警的退学者/（有预警的退学者＋毕业生）；在读学生不计分。
                提前周数＝第一次预警到结局日期的周数中位数（写了结局日期的退学者）。
                结局也认 Dropout、Graduate、Enrolled，结局列也可写作 outcome。
                不修改数据库：--rules 另一套规则也只用于回测。
                例：czk risks evaluate 结局.csv --sweep course.failed_share --out 回测.html
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp(
            "学号,结局[,结局日期]；结局：退学/流失、毕业/正常、在读",
            valueName: "结局表"))
        var outcomes: String

        @Option(help: ArgumentHelp("回测到哪个学期末，如 2014-2015-1；默认当前学期。", valueName: "学期"))
        var semester: String?

        @Option(help: ArgumentHelp("另一个规则文件夹，只用于回测，不写入数据库。", valueName: "文件夹"))
        var rules: String?

        @Option(help: ArgumentHelp("扫描该规则的第一个数值阈值：每个阈值的检出率等。", valueName: "规则号"))
        var sweep: String?

        @Option(help: ArgumentHelp("--sweep 要试的阈值，如 30,40,50；默认约 20 个。", valueName: "阈值"),
                transform: { text in
                    try text.split(separator: ",").map { part in
                        guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else {
                            throw ValidationError("阈值“\(part)”不是数字：写成 30,40,50")
                        }
                        return value
                    }
                })
        var thresholds: [Double]?

        @OptionGroup var sheetOptions: SheetOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("写入文件；.html 为带图表的网页，其余按 --format。", valueName: "文件"))
        var out: String?

        @Flag(help: "覆盖已有的 --out 文件（数据库永远不会被覆盖）。")
        var force = false

        func validate() throws {
            if thresholds != nil && sweep == nil { throw ValidationError("--thresholds 要和 --sweep 规则号 一起用") }
        }

        /// HTML when the `--out` file ends in .html.
        var isHTML: Bool { out.map { ["html", "htm"].contains(($0 as NSString).pathExtension.lowercased()) } ?? false }

        func run() throws {
            try output.reporting {
                let target = try out.map { try OutputFile($0, force: force, database: database.path, inputs: [outcomes]) }
                let app = try database.openApp()
                let principal = try login.principal(app)
                let sheet = try sheetOptions.read(outcomes)
                let report = try app.evaluateRisks(
                    outcomes: sheet, semester: semester, rules: try rules.map { try CardApp.ruleFiles($0) }, rulesName: rules,
                    sweep: sweep, thresholds: thresholds, by: principal)
                let text = isHTML ? RiskEvaluationDocument.html(report) : try RiskEvaluationPrinter.render(report, output: output)
                if try FileOutput.write(Data(text.utf8), to: target), let out {
                    Console.err("已生成预警规则回测：\(out)")
                }
            }
        }
    }
}
