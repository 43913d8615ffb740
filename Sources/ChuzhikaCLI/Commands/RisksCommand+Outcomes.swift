import ArgumentParser
import ChuzhikaApp

extension RisksCommand {
    /// `czk risks outcomes`: what came of the follow-ups of one semester.
    struct Outcomes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outcomes", abstract: "跟进成效：某学期跟进过的预警，到下学期末的结果。",
            discussion: """
                按类别、规则和首次措施分组：条件消除、人工解除、仍未结束、升级、
                再次预警、学生离校，以及从预警到首次跟进的天数（中位数）。
                该学期产生却无人跟进的预警单列为“无人跟进”。
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Option(help: ArgumentHelp("跟进所在的学期，如 2025-2026-1（默认：上一学期）。", valueName: "学期"))
        var semester: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let outcomes = try app.riskOutcomes(semester: semester, by: try login.principal(app))
                let headers = ["类别", "规则", "首次措施", "预警数", "条件消除", "人工解除", "仍未结束", "升级", "再次预警", "学生离校", "首次跟进天数"]
                let rows = outcomes.rows.map { row in
                    [row.category, row.ruleName, row.action, String(row.warnings), String(row.closedByEvidence), String(row.resolved),
                     String(row.stillOpen), String(row.escalated), String(row.reopened), String(row.left),
                     row.medianDaysToAction.map(String.init) ?? "—"]
                }
                try output.printListing(
                    outcomes, headers: headers, rows: rows,
                    alignments: [.left, .left, .left] + Array(repeating: .right, count: 8),
                    empty: "\(outcomes.semesterName)没有跟进过、也没有新产生的预警。",
                    footer: "\(outcomes.semesterName)跟进的预警，结果截至 \(outcomes.asOf)；首次跟进天数为中位数。")
            }
        }
    }
}
