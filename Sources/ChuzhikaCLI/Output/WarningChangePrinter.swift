import ArgumentParser
import ChuzhikaApp

/// What an import, a scan or a rule change did to warnings: a table by rule and level (规则,
/// 等级, 新预警, 升级, 消除), the withheld ones by category, and one line per student only with
/// `--verbose`. A single `czk record` prints its few lines instead (``RiskPrinter/changes(_:)``).
enum WarningChangePrinter {
    static let headers = ["规则", "等级", "新预警", "升级", "消除"]

    /// Prints the summary (nothing when nothing changed), then each change with `verbose`.
    static func print(_ changes: [WarningChange], summary: WarningChangeSummary, verbose: Bool) {
        guard !summary.isEmpty else { return }
        if !summary.rows.isEmpty {
            Console.out("\n预警变化：新预警 \(summary.opened) 条，升级 \(summary.escalated) 条，消除 \(summary.closed) 条")
            Console.out(table(summary).render())
        }
        if let withheld = WithheldWarnings.sentence(summary.withheld, unit: "项", noun: "预警变化") { Console.out(withheld + "。") }
        if verbose {
            if !changes.isEmpty { Console.out("") }
            RiskPrinter.changes(changes)
        } else if !changes.isEmpty {
            Console.out("（加 --verbose 逐条列出每名学生的变化）")
        }
    }

    static func table(_ summary: WarningChangeSummary) -> TableRenderer {
        var table = TableRenderer(headers, alignments: [.left, .left, .right, .right, .right])
        for row in summary.rows {
            table.add([row.ruleName, row.level, String(row.opened), String(row.escalated), String(row.closed)])
        }
        if summary.rows.count > 1 {
            table.add(["合计", "", String(summary.opened), String(summary.escalated), String(summary.closed)])
        }
        return table
    }
}

/// `--verbose`: each student's warning change, not only the summary.
struct VerboseOption: ParsableArguments {
    @Flag(help: "逐条列出每名学生的预警变化（默认只列汇总）。")
    var verbose = false
}
