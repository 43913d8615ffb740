import ChuzhikaApp
import ChuzhikaCore

/// 学院诊改数据报告 as one HTML page or as Markdown.
public enum CollegeReportDocument {
    static let levelColors = ["红": "#c53030", "橙": "#dd6b20", "黄": "#ecc94b"]

    public static func html(_ report: CollegeReport) -> String {
        let esc = HTMLPage.escape
        var body = "<header class=\"report\"><h1>学院诊改数据报告 · \(esc(report.semesterName))</h1>"
        body += HTMLPage.meta([report.school, report.scope, "\(report.students) 名学生", "\(report.classes) 个班级"]) + "</header>"
        let open = report.warnings.compactMap(\.count).reduce(0, +)
        body += HTMLPage.tiles([
            ("平均总分", report.averageTotal.description, "每名学生"),
            ("在办预警", "\(open)", "全部类别"),
        ] + zip(ReportText.domainNames, report.averages).map { ($0.0, $0.1.description, "平均小计") })

        let departments = report.units.filter { $0.level == "系部" }
        body += HTMLPage.section("各系部平均总分", "<figure class=\"chart\" data-chart=\"departments\">"
            + SVGChart.bars([SVGChart.Series(name: "平均总分", color: SVGChart.domainColors[3], values: departments.map(\.averageTotal.value))],
                            categories: departments.map { String($0.name.prefix(5)) }, title: "各系部平均总分")
            + "<figcaption>各系部学生的平均总分汇总（本学期）。</figcaption></figure>")

        let categories = Array(Set(report.warnings.map(\.category))).sorted { a, b in
            (WarningCategory.allCases.firstIndex { $0.rawValue == a } ?? 0) < (WarningCategory.allCases.firstIndex { $0.rawValue == b } ?? 0)
        }
        let levels = ["红", "橙", "黄"]
        let series = levels.map { level in
            SVGChart.Series(name: level, color: levelColors[level] ?? "#a0aec0", values: categories.map { category in
                Double(report.warnings.first { $0.category == category && $0.level == level }?.count ?? 0)
            })
        }
        body += HTMLPage.section("预警（按类别与等级）", "<figure class=\"chart\" data-chart=\"warnings\">"
            + SVGChart.bars(series, categories: categories, title: "在办预警数")
            + "<figcaption>在办预警数。心理、理财类的 1–2 例记为“<3”，图中不画出。</figcaption></figure>"
            + HTMLPage.table(["类别"] + levels + ["合计"], categories.map { category in
                let cells = levels.map { level in report.warnings.first { $0.category == category && $0.level == level }?.shown ?? "0" }
                let sum = report.warnings.filter { $0.category == category }.compactMap(\.count).reduce(0, +)
                return [category] + cells + [report.warnings.contains { $0.category == category && $0.count == nil } ? "≥\(sum)" : "\(sum)"]
            }, numeric: [1, 2, 3, 4]))

        body += HTMLPage.section("各单位平均分", HTMLPage.table(
            ["单位", "人数", "学业", "个人", "职业", "总分"],
            report.units.map { unit in
                [label(unit), "\(unit.students)"] + unit.averages.map(\.description) + [unit.averageTotal.description]
            }, numeric: [1, 2, 3, 4, 5], caption: "平均科目小计与总分汇总；班级含本学期无记录的同学（按 0 分计）。"))
        body += HTMLPage.section("各单位在办预警", HTMLPage.table(
            ["单位", "学业", "就业", "违纪", "合计"],
            report.units.map { unit in
                let counts = ["学业", "就业", "违纪"].map { unit.warnings[$0] ?? 0 }
                return [label(unit)] + counts.map(String.init) + ["\(counts.reduce(0, +))"]
            }, numeric: [1, 2, 3, 4], caption: "心理、理财预警只计入全院合计，不按单位列出。"))
        body += HTMLPage.section("录入及时性（按采分主体）", rolesTable(report.roles))
        body += HTMLPage.section("录入及时性（按人员）", report.owners.isEmpty ? HTMLPage.paragraph("本学期还没有到期的采分。", class: "muted")
            : HTMLPage.table(["人员", "应录", "按时率", "未录"], report.owners.map {
                ["\($0.label) \($0.owner)", "\($0.expected)", ReportText.share($0.onTimeShare), "\($0.never)"]
            }, numeric: [1, 2, 3], caption: "按时率由低到高。"))
        if let followUps = report.followUps { body += FollowUpSection.html(followUps) }
        body += "<footer>\(esc(ReportText.footer(report.school, report.generatedOn)))</footer>"
        return HTMLPage.page(title: "学院诊改数据报告 · \(report.semesterName)", body: body)
    }

    public static func markdown(_ report: CollegeReport) -> String {
        var md = "# 学院诊改数据报告 · \(report.semesterName)\n\n\(report.school) · \(report.scope) · \(report.students) 名学生 · \(report.classes) 个班级\n\n"
        md += "平均总分汇总 **\(report.averageTotal)**；" + zip(ReportText.domainNames, report.averages).map { "\($0.0) \($0.1)" }.joined(separator: "，") + "。\n\n"
        md += "## 预警（按类别与等级）\n\n" + Markdown.table(["类别", "红", "橙", "黄"], WarningCategory.allCases.map { category in
            [category.rawValue] + ["红", "橙", "黄"].map { level in
                report.warnings.first { $0.category == category.rawValue && $0.level == level }?.shown ?? "0"
            }
        }, numeric: [1, 2, 3])
        md += "\n## 各单位平均分与在办预警\n\n" + Markdown.table(
            ["层级", "单位", "人数"] + ReportText.domainNames + ["总分汇总", "学业预警", "就业预警", "违纪预警"],
            report.units.map { unit in
                [unit.level, "\(unit.name)（\(unit.code)）", "\(unit.students)"] + unit.averages.map(\.description)
                    + [unit.averageTotal.description] + ["学业", "就业", "违纪"].map { "\(unit.warnings[$0] ?? 0)" }
            }, numeric: [2, 3, 4, 5, 6, 7, 8, 9])
        md += "\n心理、理财预警只计入全院合计，不按单位列出。\n"
        md += "\n## 录入及时性（按采分主体）\n\n" + Markdown.table(["采分主体", "应录", "按时", "补录", "未录", "按时率"], report.roles.map {
            [$0.label, "\($0.expected)", "\($0.onTime)", "\($0.late)", "\($0.never)", ReportText.share($0.onTimeShare)]
        }, numeric: [1, 2, 3, 4, 5])
        md += "\n## 录入及时性（按人员）\n\n" + Markdown.table(["人员", "采分主体", "应录", "按时", "补录", "未录", "按时率"], report.owners.map {
            [$0.label, $0.owner, "\($0.expected)", "\($0.onTime)", "\($0.late)", "\($0.never)", ReportText.share($0.onTimeShare)]
        }, numeric: [2, 3, 4, 5, 6])
        if let followUps = report.followUps { md += FollowUpSection.markdown(followUps) }
        return md + "\n---\n\n" + ReportText.footer(report.school, report.generatedOn) + "\n"
    }

    private static func label(_ unit: CollegeReport.Unit) -> String {
        switch unit.level {
        case "系部": "【\(unit.name)】"
        case "专业": "· \(unit.name)"
        default: "　　\(unit.name)"
        }
    }

    private static func rolesTable(_ roles: [Timeliness]) -> String {
        guard !roles.isEmpty else { return HTMLPage.paragraph("本学期还没有到期的采分。", class: "muted") }
        return HTMLPage.table(["采分主体", "应录", "按时", "补录", "未录"], roles.map {
            ["\($0.label) 按时率 \(ReportText.share($0.onTimeShare))", "\($0.expected)", "\($0.onTime)", "\($0.late)", "\($0.never)"]
        }, numeric: [1, 2, 3, 4], caption: "已到期的采分：按时＝截止日前录入；补录＝截止后录入；未录＝至今没有记录。")
    }
}
