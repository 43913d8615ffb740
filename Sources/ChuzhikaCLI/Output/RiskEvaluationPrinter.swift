import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `czk risks evaluate` for the terminal: a table (or CSV, or JSON) per rule and level, and per
/// threshold when sweeping.
enum RiskEvaluationPrinter {
    static let headers = ["范围", "规则号", "规则", "等级", "退学有预警", "毕业有预警", "在读有预警", "检出率", "误报率", "精确率", "提前周数"]
    static let sweepHeaders = [
        "阈值", "退学有预警", "毕业有预警", "检出率", "误报率", "精确率", "提前周数", "全部·检出率", "全部·误报率", "全部·精确率",
    ]

    /// The report in the chosen format: JSON whole; CSV of the rule lines (of the thresholds
    /// when sweeping); a table with what was replayed above and the definitions below.
    static func render(_ report: RiskEvaluation, output: OutputOptions) throws -> String {
        switch output.chosen {
        case .json: return try JSONRenderer.render(report)
        case .csv:
            let (headers, rows) = report.sweep.map { (sweepHeaders, sweepRows($0)) } ?? (headers, rows(report))
            return (output.bom ? "\u{FEFF}" : "") + CSVRenderer.render(headers: headers, rows: rows)
        case .table:
            var table = TableRenderer(headers, alignments: [.left, .left, .left, .left] + Array(repeating: .right, count: 7))
            rows(report).forEach { table.add($0) }
            var parts = [summary(report), table.render()]
            if let sweep = report.sweep {
                var swept = TableRenderer(sweepHeaders, alignments: Array(repeating: .right, count: sweepHeaders.count))
                sweepRows(sweep).forEach { swept.add($0) }
                parts += ["阈值扫描：\(sweep.ruleName)（\(sweep.rule)），\(sweep.indicatorName) \(sweep.comparison)，现行阈值 \(number(sweep.current))",
                          swept.render()]
            }
            parts.append(footer(report))
            return parts.joined(separator: "\n\n")
        }
    }

    static func summary(_ r: RiskEvaluation) -> String {
        """
        预警规则回测：\(r.semesterName)末，回放 \(r.scanDays.count) 次扫描（\(r.scanDays.map(\.description).joined(separator: "、"))）
        规则：\(r.rules)
        结局表 \(r.file)：退学 \(r.dropouts) 人，毕业 \(r.graduates) 人，在读 \(r.enrolled) 人（不计分）
        """
    }

    static func footer(_ r: RiskEvaluation) -> String {
        """
        有预警＝所选学期末仍有未结束的个体预警（班级预警不计）。检出率＝有预警的退学者/退学者；误报率＝有预警的毕业生/毕业生；
        精确率＝有预警的退学者/（有预警的退学者＋毕业生）；提前周数＝第一次预警到结局日期的周数中位数（写了结局日期的退学者）。
        \(r.leadTimeSource)。
        """
    }

    static func rows(_ report: RiskEvaluation) -> [[String]] {
        report.lines.map { line in
            [line.kind, line.rule, line.name, line.level ?? ""] + cells(line.score, enrolled: true)
        }
    }

    static func sweepRows(_ sweep: RiskEvaluation.Sweep) -> [[String]] {
        sweep.lines.map { line in
            let overall = cells(line.overall, enrolled: false)
            return [number(line.threshold) + (line.isCurrent ? "（现行）" : "")] + cells(line.rule, enrolled: false) + overall[2..<5]
        }
    }

    private static func cells(_ s: BacktestScore, enrolled: Bool) -> [String] {
        [String(s.dropoutsFlagged), String(s.graduatesFlagged)] + (enrolled ? [String(s.enrolledFlagged)] : [])
            + [share(s.recall), share(s.falseAlarms), share(s.precision), s.medianLeadWeeks.map { String(format: "%.1f", $0) } ?? "—"]
    }

    /// `31.0%`; `—` when there is nothing to divide by.
    static func share(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    static func number(_ value: Double) -> String { RecordValue.format(value) }
}
