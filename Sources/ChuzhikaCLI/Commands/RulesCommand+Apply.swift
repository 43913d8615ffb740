import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules

extension RulesCommand {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply changed rule files and recompute the ledger of the semesters they govern.",
            discussion: """
                Only an admin may apply rules. Records never change: old credits are reversed by new
                entries, in one transaction. Raise `version:` in card.yaml for every change; set
                `applies_from: 2025-2026-2` there to leave earlier semesters' cards as they are.
                """)

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var principal: PrincipalOptions

        @Option(help: "The rules folder (default: ScoringRules of this repository).")
        var rules: String?

        @Flag(help: "Show what would change, and change nothing.")
        var dryRun = false

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() throws {
            try runReporting {
                let files = try RuleDirectory.read(try ProjectFiles.rules(rules))
                let report = try database.openApp().applyRules(files, by: principal.id, dryRun: dryRun)
                if json {
                    Console.out(try JSONRenderer.render(report))
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
                guard !report.movers.isEmpty else { return }
                var table = TableRenderer(["学号/班级", "姓名", "学期", "变化"], alignments: [.left, .left, .left, .right])
                for m in report.movers { table.add([m.subject, m.name, m.semester, m.change.signedDescription]) }
                Console.out("\n变化最大的：\n" + table.render())
            }
        }
    }
}
