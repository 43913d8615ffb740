import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

extension RulesCommand {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "应用改过的规则，重算所涉学期的储值。",
            discussion: """
                只有管理员可以应用规则。记录从不改动：旧得分由新的冲销记账抵消，
                全部在一个事务里完成。每次修改都要提高 card.yaml 的 version；
                写 applies_from: 2025-2026-2 可让更早学期的储值卡保持原样。
                不写 --rules 时应用 czk 自带的规则。
                """)

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var login: SessionOptions

        @OptionGroup var rules: RulesOptions

        @Flag(help: "只显示会有什么变化，不写入。")
        var dryRun = false

        @OptionGroup var verbosity: VerboseOption

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let files = try CardApp.ruleFiles(rules.rules)
                let app = try database.openApp()
                let report = try app.applyRules(files, by: try login.principal(app), dryRun: dryRun)
                if output.chosen == .json {
                    Console.out(try JSONRenderer.render(report))
                    return
                }
                if output.chosen == .csv {
                    output.printCSV(headers: ["学号/班级", "姓名", "学期", "变化"],
                                    rows: report.movers.map { [$0.subject, $0.name, $0.semester, $0.change.description] })
                    return
                }
                guard !report.isUnchanged else {
                    Console.out("规则没有变化（版本 \(report.version)），无需重算。")
                    return
                }
                let verb = report.isDryRun ? "预演（未写入）：若应用" : "已应用"
                Console.out("""
                    \(verb)规则 \(report.previousVersion) → \(report.version)，重算学期：\(report.semesters.joined(separator: "、"))
                    重算 \(report.recomputed) 项，追加记账 \(report.entriesAppended) 条，总分变化的学生/班级 \(report.subjectsMoved) 个
                    """)
                if !report.movers.isEmpty {
                    var table = TableRenderer(["学号/班级", "姓名", "学期", "变化"], alignments: [.left, .left, .left, .right])
                    for m in report.movers { table.add([m.subject, m.name, m.semester, m.change.signedDescription]) }
                    Console.out("\n变化最大的：\n" + table.render())
                }
                if report.warningSummary.isEmpty { return Console.out("\n预警没有变化。") }
                WarningChangePrinter.print(report.warnings, summary: report.warningSummary, verbose: verbosity.verbose)
            }
        }
    }
}
