import ChuzhikaApp
import ChuzhikaCore

/// 学生发展诊改报告 as one HTML page or as Markdown.
public enum StudentReportDocument {
    /// - Parameter nav: markup put above the report (the portal's navigation).
    public static func html(_ report: StudentReport, nav: String = "") -> String {
        let card = report.card
        let esc = HTMLPage.escape
        var body = "<header class=\"report\"><h1>学生发展诊改报告 · \(esc(card.name))</h1>"
        body += HTMLPage.meta([card.studentID, card.className, card.semesterName]) + "</header>"
        if report.isConfidential { body += HTMLPage.paragraph(ReportText.confidential, class: "warning red") }
        let total = report.comparison.last
        var tiles: [(String, String, String?)] = [
            ("总分汇总", card.semesterTotal.description, "同期增值 \(ReportText.change(card.totalValueAdded))"),
            ("班内排名", "\(report.rankInClass)/\(report.classSize)", total.map { "班级平均 \($0.classAverage)" }),
        ]
        tiles += card.domains.map { ($0.name, $0.semester.description, "同期增值 \(ReportText.change($0.valueAdded))") }
        body += HTMLPage.tiles(tiles)

        body += HTMLPage.section("各领域小计与增值", HTMLPage.table(
            ["领域", "本学期", "同期增值", "入学以来"],
            card.domains.map { [$0.name, $0.semester.description, ReportText.change($0.valueAdded), $0.sinceEnrolment.description] }
                + [["总分汇总", card.semesterTotal.description, ReportText.change(card.totalValueAdded), card.totalSinceEnrolment.description]],
            numeric: [1, 2, 3]))

        body += HTMLPage.section("发展趋势", trendFigure(report.trend))

        let comparison = "<figure class=\"chart\" data-chart=\"class-average\">"
            + SVGChart.bars(
                [SVGChart.Series(name: "本人", color: "#2b6cb0", values: report.comparison.map(\.student.value)),
                 SVGChart.Series(name: "班级平均", color: "#a0aec0", values: report.comparison.map(\.classAverage.value))],
                categories: report.comparison.map { String($0.name.prefix(2)) }, title: "本人与班级平均")
            + "<figcaption>本学期各领域小计与总分汇总，与\(esc(card.className))的平均相比。</figcaption></figure>"
            + HTMLPage.table(["领域", "本人", "班级平均", "差"], report.comparison.map {
                [$0.name, $0.student.description, $0.classAverage.description, ($0.student - $0.classAverage).signedDescription]
            }, numeric: [1, 2, 3])
        body += HTMLPage.section("与班级平均比较", comparison)

        body += HTMLPage.section("优势", notes(report.strengths, empty: "本学期暂无明显高于班级平均的采分点。"))
        body += HTMLPage.section("待提升", notes(report.improvements, empty: "本学期没有明显低于班级平均的采分点。"))
        body += HTMLPage.section(card.isOwnCard ? "提醒" : "预警", warnings(report.warnings, own: card.isOwnCard))
        body += HTMLPage.section("建议", HTMLPage.list(report.advice))
        if !report.recent.isEmpty {
            body += HTMLPage.section("最近记录", HTMLPage.table(
                ["日期", "采分点", "记录", "得分"],
                report.recent.map { [$0.date.description, $0.pointName, $0.value, $0.points?.description ?? "按学期计"] },
                numeric: [3]))
        }
        body += "<footer>\(esc(ReportText.footer(report.school, report.generatedOn)))</footer>"
        return HTMLPage.page(title: "学生发展诊改报告 · \(card.name) · \(card.semesterName)", body: nav + body)
    }

    public static func markdown(_ report: StudentReport) -> String {
        let card = report.card
        var md = "# 学生发展诊改报告 · \(card.name)\n\n\(card.studentID) · \(card.className) · \(card.semesterName)\n\n"
        if report.isConfidential { md += "> **\(ReportText.confidential)**\n\n" }
        md += "**总分汇总 \(card.semesterTotal)**（同期增值 \(ReportText.change(card.totalValueAdded))），班内排名 \(report.rankInClass)/\(report.classSize)。\n\n"
        md += "## 各领域小计与增值\n\n" + Markdown.table(
            ["领域", "本学期", "同期增值", "入学以来"],
            card.domains.map { [$0.name, $0.semester.description, ReportText.change($0.valueAdded), $0.sinceEnrolment.description] }
                + [["总分汇总", card.semesterTotal.description, ReportText.change(card.totalValueAdded), card.totalSinceEnrolment.description]],
            numeric: [1, 2, 3])
        let highest = report.trend.map(\.total.value).max() ?? 0
        md += "\n## 发展趋势\n\n" + Markdown.table(
            ["学期"] + ReportText.domainNames + ["总分汇总", ""],
            report.trend.map { [$0.semesterName] + $0.subtotals.map(\.description) + [$0.total.description, Markdown.bar($0.total.value, max: highest)] },
            numeric: [1, 2, 3, 4])
        md += "\n## 与班级平均比较\n\n" + Markdown.table(["领域", "本人", "班级平均", "差"], report.comparison.map {
            [$0.name, $0.student.description, $0.classAverage.description, ($0.student - $0.classAverage).signedDescription]
        }, numeric: [1, 2, 3])
        md += "\n## 优势\n\n" + markdownNotes(report.strengths, empty: "本学期暂无明显高于班级平均的采分点。")
        md += "\n## 待提升\n\n" + markdownNotes(report.improvements, empty: "本学期没有明显低于班级平均的采分点。")
        md += "\n## \(card.isOwnCard ? "提醒" : "预警")\n\n"
        md += report.warnings.isEmpty ? "暂无需要关注的\(card.isOwnCard ? "提醒" : "预警")。\n"
            : report.warnings.map { "- 【\($0.level)】\($0.ruleName)：\($0.evidence)。\($0.advice)" }.joined(separator: "\n") + "\n"
        md += "\n## 建议\n\n" + report.advice.map { "- \($0)" }.joined(separator: "\n") + "\n"
        if !report.recent.isEmpty {
            md += "\n## 最近记录\n\n" + Markdown.table(["日期", "采分点", "记录", "得分"], report.recent.map {
                [$0.date.description, $0.pointName, $0.value, $0.points?.description ?? "按学期计"]
            }, numeric: [3])
        }
        return md + "\n---\n\n" + ReportText.footer(report.school, report.generatedOn) + "\n"
    }

    // MARK: - Pieces

    /// The trend across semesters as a figure: subtotals and 总分汇总, one line each.
    public static func trendFigure(_ trend: [SemesterScores]) -> String {
        var html = "<figure class=\"chart\" data-chart=\"trend\">"
            + SVGChart.lines(self.trend(trend), labels: trend.map { ReportText.shortSemester($0.semester) }, title: "各学期小计与总分")
            + "<figcaption>各学期的科目小计与总分汇总（横轴为学期：秋＝第一学期，春＝第二学期）。</figcaption></figure>"
        if trend.count < 2 { html += HTMLPage.paragraph("目前只有一个学期的数据；下学期起可以看到变化趋势。", class: "muted") }
        return html
    }

    public static func trend(_ scores: [SemesterScores]) -> [SVGChart.Series] {
        Domain.allCases.indices.map { index in
            SVGChart.Series(name: String(ReportText.domainNames[index].prefix(2)), color: SVGChart.domainColors[index],
                            values: scores.map { $0.subtotals[index].value })
        } + [SVGChart.Series(name: "总分", color: SVGChart.domainColors[3], values: scores.map(\.total.value))]
    }

    private static func notes(_ notes: [StudentReport.PointNote], empty: String) -> String {
        guard !notes.isEmpty else { return HTMLPage.paragraph(empty, class: "muted") }
        return HTMLPage.table(["采分点", "本人", "班级平均"], notes.map {
            ["\($0.name)（\($0.domain.chineseName)）", $0.points.description, $0.classAverage.description]
        }, numeric: [1, 2])
    }

    private static func markdownNotes(_ notes: [StudentReport.PointNote], empty: String) -> String {
        guard !notes.isEmpty else { return empty + "\n" }
        return Markdown.table(["采分点", "本人", "班级平均"], notes.map {
            ["\($0.name)（\($0.domain.chineseName)）", $0.points.description, $0.classAverage.description]
        }, numeric: [1, 2])
    }

    static func warnings(_ warnings: [ReportWarning], own: Bool) -> String {
        guard !warnings.isEmpty else { return HTMLPage.paragraph("暂无需要关注的\(own ? "提醒" : "预警")。", class: "muted") }
        let esc = HTMLPage.escape
        return warnings.map { warning in
            let kind = warning.level == "红" ? "red" : warning.level == "橙" ? "orange" : "yellow"
            return "<div class=\"warning \(kind)\">\(HTMLPage.level(warning.level)) <strong>\(esc(warning.ruleName))</strong>"
                + (own ? "" : " <span class=\"muted\">\(esc(warning.category)) · \(esc(warning.status))</span>")
                + "<br>\(esc(warning.evidence))" + (warning.advice.isEmpty ? "" : "<br>建议：\(esc(warning.advice))") + "</div>"
        }.joined()
    }
}
