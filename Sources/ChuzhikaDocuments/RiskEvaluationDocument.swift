import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// 预警规则回测 (`czk risks evaluate --out 回测.html`) as one HTML page: the headline scores,
/// recall and precision per rule and level as bars, and per threshold as lines when sweeping.
public enum RiskEvaluationDocument {
    static let recallColor = "#2b6cb0", precisionColor = "#2f855a", falseAlarmColor = "#dd6b20"

    public static func html(_ report: RiskEvaluation) -> String {
        let esc = HTMLPage.escape
        var body = "<header class=\"report\"><h1>预警规则回测 · \(esc(report.semesterName))末</h1>"
        body += HTMLPage.meta([report.rules, "结局表 \(report.file)", "回放 \(report.scanDays.count) 次扫描"]) + "</header>"
        let overall = report.lines.first { $0.kind == "全部" }?.score
        body += HTMLPage.tiles([
            ("检出率", share(overall?.recall), "退学 \(report.dropouts) 人中有预警 \(overall?.dropoutsFlagged ?? 0)"),
            ("误报率", share(overall?.falseAlarms), "毕业 \(report.graduates) 人中有预警 \(overall?.graduatesFlagged ?? 0)"),
            ("精确率", share(overall?.precision), "有预警者中的退学者"),
            ("提前周数", weeks(overall?.medianLeadWeeks), "中位数，\(overall?.leadTimes ?? 0) 名退学者"),
        ])
        body += rulesSection(report)
        if let sweep = report.sweep { body += sweepSection(sweep) }
        body += HTMLPage.section("怎样算的", HTMLPage.list([
            "按学期逐次回放全校扫描（\(report.scanDays.map(\.description).joined(separator: "、"))），规则和数据与 czk risks scan 相同，只算不写：条件成立即开启预警，不成立即消除，缺少数据则保持原状。",
            "有预警＝\(report.semesterName)末仍有未结束的个体预警（班级预警不计）；在读学生（\(report.enrolled) 人）不计分。",
            "检出率＝有预警的退学者/退学者；误报率＝有预警的毕业生/毕业生；精确率＝有预警的退学者/（有预警的退学者＋毕业生）。",
            "提前周数＝第一次预警到结局日期的周数中位数，只算写了结局日期的退学者。\(report.leadTimeSource)。",
        ]))
        body += "<footer>储值卡预警规则回测。回测用的是数据库现在的记录、成绩和名册；规则可在 ScoringRules/risks.yaml 中按本校情况调整后再回测。</footer>"
        return HTMLPage.page(title: "预警规则回测 · \(report.semesterName)", body: body)
    }

    private static func rulesSection(_ report: RiskEvaluation) -> String {
        // The chart numbers the rules and levels that flagged anyone; the table names them all.
        let charted = report.lines.filter { $0.kind == "全部" || ($0.kind != "类别" && $0.score.dropoutsFlagged + $0.score.graduatesFlagged > 0) }
        let labels = charted.enumerated().map { $0.element.kind == "全部" ? "全部" : "\($0.offset)" }
        let numbers = Dictionary(uniqueKeysWithValues: zip(charted.map(key), labels))
        let chart = SVGChart.bars([
            SVGChart.Series(name: "检出率%", color: recallColor, values: charted.map { percent($0.score.recall) }),
            SVGChart.Series(name: "精确率%", color: precisionColor, values: charted.map { percent($0.score.precision) }),
        ], categories: labels, title: "各规则与等级的检出率和精确率")
        let rows = report.lines.map { line in
            [numbers[key(line)] ?? "", line.kind == "等级" ? "　\(line.name)" : line.name, line.level.map(HTMLPage.level) ?? "",
             "\(line.score.dropoutsFlagged)", "\(line.score.graduatesFlagged)", "\(line.score.enrolledFlagged)",
             share(line.score.recall), share(line.score.falseAlarms), share(line.score.precision), weeks(line.score.medianLeadWeeks)].map {
                $0.hasPrefix("<span") ? $0 : HTMLPage.escape($0)
            }
        }
        return HTMLPage.section("各规则与等级", "<figure class=\"chart\" data-chart=\"rules\">\(chart)"
            + "<figcaption>图中编号见下表第一列；只画出有人预警的规则和等级。</figcaption></figure>"
            + HTMLPage.table(["图", "规则", "等级", "退学", "毕业", "在读", "检出率", "误报率", "精确率", "提前周数"], rows,
                             numeric: [3, 4, 5, 6, 7, 8, 9], caption: "退学、毕业、在读：到期末仍有该预警的人数。", rawCells: true))
    }

    private static func sweepSection(_ sweep: RiskEvaluation.Sweep) -> String {
        let lines = sweep.lines
        let labels = lines.enumerated().map { lines.count > 11 && $0.offset % 2 == 1 ? "" : number($0.element.threshold) }
        let chart = SVGChart.lines([
            SVGChart.Series(name: "检出率%", color: recallColor, values: lines.map { percent($0.rule.recall) }),
            SVGChart.Series(name: "误报率%", color: falseAlarmColor, values: lines.map { percent($0.rule.falseAlarms) }),
            SVGChart.Series(name: "精确率%", color: precisionColor, values: lines.map { percent($0.rule.precision) }),
        ], labels: labels, title: "\(sweep.ruleName)：各阈值的检出率、误报率和精确率")
        let rows = lines.map { line in
            [number(line.threshold) + (line.isCurrent ? "（现行）" : ""), "\(line.rule.dropoutsFlagged)", "\(line.rule.graduatesFlagged)",
             share(line.rule.recall), share(line.rule.falseAlarms), share(line.rule.precision),
             share(line.overall.recall), share(line.overall.falseAlarms), share(line.overall.precision)]
        }
        return HTMLPage.section("阈值扫描：\(sweep.ruleName)（\(sweep.rule)）", "<figure class=\"chart\" data-chart=\"sweep\">\(chart)"
            + "<figcaption>横轴：\(HTMLPage.escape(sweep.indicatorName)) \(HTMLPage.escape(sweep.comparison))的阈值；现行 \(number(sweep.current))。</figcaption></figure>"
            + HTMLPage.table(["阈值", "退学", "毕业", "检出率", "误报率", "精确率", "全部·检出率", "全部·误报率", "全部·精确率"], rows,
                             numeric: Set(0..<9), caption: "“全部”为任一预警：本规则取该阈值，其余规则不变。"))
    }

    private static func key(_ line: RiskEvaluation.Line) -> String { "\(line.kind)|\(line.rule)|\(line.level ?? "")" }
    private static func percent(_ value: Double?) -> Double { ((value ?? 0) * 1000).rounded() / 10 }
    static func share(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
    static func weeks(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }
    static func number(_ value: Double) -> String { RecordValue.format(value) }
}
