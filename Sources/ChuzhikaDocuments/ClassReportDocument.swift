import ChuzhikaApp
import ChuzhikaCore

/// 班级发展报告 as one HTML page or as Markdown.
public enum ClassReportDocument {
    /// - Parameter nav: markup put above the report (the portal's navigation).
    public static func html(_ report: ClassDevelopmentReport, nav: String = "") -> String {
        let card = report.card
        let esc = HTMLPage.escape
        var body = "<header class=\"report\"><h1>班级发展报告 · \(esc(card.className))</h1>"
        body += HTMLPage.meta([card.classID, "\(card.cohort)级", "\(card.students) 人", card.semesterName]) + "</header>"
        if report.isConfidential { body += HTMLPage.paragraph(ReportText.confidential, class: "warning red") }
        if let notice = card.notice {
            body += HTMLPage.paragraph(notice, class: "notice")
            body += HTMLPage.section("需要关注的学生", warnings(report.warnings))
            body += HTMLPage.section("录入及时性", timeliness(report.timeliness))
            let (headers, rows) = ownPoints(report)
            body += HTMLPage.section("成员：您负责的采分点", rows.isEmpty
                ? HTMLPage.paragraph("本学期还没有您所教课程的记录。", class: "muted") : HTMLPage.table(headers, rows.map { $0.map(esc) }))
            body += "<footer>\(esc(ReportText.footer(report.school, report.generatedOn)))</footer>"
            return HTMLPage.page(title: "班级发展报告 · \(card.className) · \(card.semesterName)", body: nav + body)
        }
        var tiles: [(String, String, String?)] = [
            ("总分汇总", card.total.description, "同期增值 \(ReportText.change(card.totalValueAdded))"),
            ("年级排名", "\(card.rank)/\(card.classesInCohort)", "\(card.cohort)级各班"),
        ]
        tiles += card.domains.map { ($0.name, $0.semester.description, "同期增值 \(ReportText.change($0.valueAdded))") }
        body += HTMLPage.tiles(tiles)

        body += HTMLPage.section("发展趋势", "<figure class=\"chart\" data-chart=\"trend\">"
            + SVGChart.lines(StudentReportDocument.trend(report.trend), labels: report.trend.map { ReportText.shortSemester($0.semester) },
                             title: "班级各领域小计与总分")
            + "<figcaption>本学期与上学期的班级科目小计与总分汇总。</figcaption></figure>")

        var spread = ""
        for (index, distribution) in report.distributions.enumerated() {
            spread += "<figure class=\"chart\" data-chart=\"distribution\">"
                + SVGChart.histogram(distribution, color: SVGChart.domainColors[min(index, 3)], title: "\(distribution.name)分布")
                + "<figcaption>\(esc(distribution.name))：平均 \(distribution.mean)，中位数 \(distribution.median)，"
                + "最低 \(distribution.minimum)，最高 \(distribution.maximum)。</figcaption></figure>"
        }
        body += HTMLPage.section("成员分布", spread)
        body += HTMLPage.section("需要关注的学生", warnings(report.warnings))
        if let followUps = report.followUps { body += FollowUpSection.html(followUps) }
        body += HTMLPage.section("录入及时性", timeliness(report.timeliness))
        body += HTMLPage.section("班级采分点", HTMLPage.table(["采分点", "记录", "得分"], card.points.map {
            ["\($0.name)（\($0.timing)）", $0.value ?? ($0.reason ?? "—"), $0.points?.description ?? "—"]
        }, numeric: [2]))
        body += HTMLPage.section("成员总分", HTMLPage.table(
            ["学生", "学业", "个人", "职业", "总分"],
            report.members.enumerated().map { index, member in
                ["\(index + 1). \(esc(member.name)) <span class=\"id\">\(esc(member.id))</span>"]
                    + [member.subtotals.map(\.description), [member.total.description]].flatMap { $0 }.map(esc)
            }, numeric: [1, 2, 3, 4], rawCells: true))
        body += "<footer>\(esc(ReportText.footer(report.school, report.generatedOn)))</footer>"
        return HTMLPage.page(title: "班级发展报告 · \(card.className) · \(card.semesterName)", body: nav + body)
    }

    public static func markdown(_ report: ClassDevelopmentReport) -> String {
        let card = report.card
        var md = "# 班级发展报告 · \(card.className)\n\n\(card.classID) · \(card.cohort)级 · \(card.students) 人 · \(card.semesterName)\n\n"
        if report.isConfidential { md += "> **\(ReportText.confidential)**\n\n" }
        if let notice = card.notice {
            md += "> \(notice)。\n\n## 需要关注的学生\n\n" + (report.warnings.isEmpty ? "暂无您可查看的在办预警。\n" : Markdown.table(
                ["学生", "预警", "等级", "依据"], report.warnings.map { ["\($0.name) \($0.student)", $0.ruleName, $0.level, $0.evidence] }))
            let (headers, rows) = ownPoints(report)
            md += "\n## 成员：您负责的采分点\n\n" + (rows.isEmpty ? "本学期还没有您所教课程的记录。\n" : Markdown.table(headers, rows))
            return md + "\n---\n\n" + ReportText.footer(report.school, report.generatedOn) + "\n"
        }
        md += "**总分汇总 \(card.total)**（同期增值 \(ReportText.change(card.totalValueAdded))），年级排名 \(card.rank)/\(card.classesInCohort)。\n\n"
        md += "## 各领域小计与增值\n\n" + Markdown.table(["领域", "本学期", "同期增值"], card.domains.map {
            [$0.name, $0.semester.description, ReportText.change($0.valueAdded)]
        }, numeric: [1, 2])
        md += "\n## 成员分布\n\n" + Markdown.table(["领域", "平均", "中位数", "最低", "最高"], report.distributions.map {
            [$0.name, $0.mean.description, $0.median.description, $0.minimum.description, $0.maximum.description]
        }, numeric: [1, 2, 3, 4])
        if let total = report.distributions.last {
            let most = Double(total.bins.map(\.count).max() ?? 0)
            md += "\n" + Markdown.table(["总分汇总分段", "人数", ""], total.bins.map {
                ["\($0.lower)–\($0.upper)", "\($0.count)", Markdown.bar(Double($0.count), max: most)]
            }, numeric: [1])
        }
        md += "\n## 需要关注的学生\n\n"
        md += report.warnings.isEmpty ? "暂无您可查看的在办预警。\n" : Markdown.table(["学生", "预警", "等级", "依据"], report.warnings.map {
            ["\($0.name) \($0.student)", $0.ruleName, $0.level, $0.evidence]
        })
        if let followUps = report.followUps { md += FollowUpSection.markdown(followUps) }
        md += "\n## 录入及时性\n\n" + (report.timeliness.isEmpty ? "本学期还没有到期的采分。\n" : Markdown.table(
            ["采分点", "应录", "按时", "补录", "未录", "按时率"],
            report.timeliness.map { ["\($0.label)（\($0.owner)）", "\($0.expected)", "\($0.onTime)", "\($0.late)", "\($0.never)", ReportText.share($0.onTimeShare)] },
            numeric: [1, 2, 3, 4, 5]))
        md += "\n## 成员总分\n\n" + Markdown.table(["排名", "学生"] + ReportText.domainNames + ["总分汇总"], report.members.enumerated().map { index, member in
            ["\(index + 1)", "\(member.name) \(member.id)"] + member.subtotals.map(\.description) + [member.total.description]
        }, numeric: [0, 2, 3, 4, 5])
        return md + "\n---\n\n" + ReportText.footer(report.school, report.generatedOn) + "\n"
    }

    /// A point-limited reader's table: one row per member, one column per point they own.
    static func ownPoints(_ report: ClassDevelopmentReport) -> (headers: [String], rows: [[String]]) {
        var columns: [(id: String, name: String)] = []
        for line in report.members.flatMap(\.points) where !columns.contains(where: { $0.id == line.id }) {
            columns.append((line.id, line.name))
        }
        guard !columns.isEmpty else { return (["学生"], []) }
        let rows = report.members.map { member in
            ["\(member.name) \(member.id)"] + columns.map { column in
                member.points.first { $0.id == column.id }.map { $0.value ?? $0.points.signedDescription } ?? "—"
            }
        }
        return (["学生"] + columns.map(\.name), rows)
    }

    private static func warnings(_ warnings: [ReportWarning]) -> String {
        guard !warnings.isEmpty else { return HTMLPage.paragraph("暂无您可查看的在办预警。", class: "muted") }
        let esc = HTMLPage.escape
        return HTMLPage.table(["学生", "预警与依据", "等级"], warnings.map {
            ["\(esc($0.name))<br><span class=\"id\">\(esc($0.student))</span>", "<strong>\(esc($0.ruleName))</strong><br><span class=\"muted\">\(esc($0.evidence))</span>",
             HTMLPage.level($0.level)]
        }, rawCells: true)
    }

    static func timeliness(_ lines: [Timeliness]) -> String {
        guard !lines.isEmpty else { return HTMLPage.paragraph("本学期还没有到期的采分。", class: "muted") }
        return HTMLPage.table(["采分点", "应录", "按时", "补录", "未录"], lines.map {
            ["\($0.label)（\($0.owner)）按时率 \(ReportText.share($0.onTimeShare))", "\($0.expected)", "\($0.onTime)", "\($0.late)", "\($0.never)"]
        }, numeric: [1, 2, 3, 4], caption: "已到期的采分：按时＝截止日前录入；补录＝截止后录入；未录＝至今没有记录。")
    }
}
