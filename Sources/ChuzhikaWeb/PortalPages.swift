import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments

/// The portal's pages, built in Swift on the reports' page and charts (no template engine:
/// a handful of pages, and the escaping is one function).
enum PortalPages {
    static let esc = HTMLPage.escape

    static func login(csrf: String, error: String? = nil) -> String {
        HTMLPage.page(title: "登录 · 学生发展储值卡", body: """
            <header class="report"><h1>学生发展储值卡</h1><p class="meta">用学号或工号登录（与 czk login 相同的账号）</p></header>
            \(error.map { "<p class=\"warning red\">\(esc($0))</p>" } ?? "")
            <form method="post" action="/login" class="form">
            <input type="hidden" name="csrf" value="\(esc(csrf))">
            <p><label>学号或工号<br><input name="code" autocomplete="username" required></label></p>
            <p><label>密码<br><input name="password" type="password" autocomplete="current-password" required></label></p>
            <p><button type="submit">登录</button></p>
            </form>
            """)
    }

    static func nav(_ principal: Principal, csrf: String) -> String {
        let links = principal.student != nil
            ? "<a href=\"/card\">储值卡</a> · <a href=\"/report\">诊改报告</a>"
            : "<a href=\"/risks\">预警</a>"
        return "<nav class=\"meta\">\(esc(principal.label)) · \(links) · "
            + "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">"
            + "<button type=\"submit\">退出</button></form></nav>"
    }

    /// A card: tiles per domain with 增值, the trend, the latest entries, own 学业/就业 reminders.
    static func card(_ card: AccountReport, trend: [SemesterScores], nav: String) -> String {
        var body = nav + "<header class=\"report\"><h1>\(esc(card.name))的储值卡</h1>"
            + HTMLPage.meta([card.studentID, card.className, card.semesterName]) + "</header>"
        var tiles: [(String, String, String?)] = [("总分汇总", card.semesterTotal.description, "增值 \(change(card.totalValueAdded))")]
        tiles += card.domains.map { ($0.name, $0.semester.description, "增值 \(change($0.valueAdded))") }
        body += HTMLPage.tiles(tiles)
        body += HTMLPage.section("发展趋势", "<figure class=\"chart\" data-chart=\"trend\">"
            + SVGChart.lines(StudentReportDocument.trend(trend), labels: trend.map(\.semesterName), title: "各学期小计与总分")
            + "</figure>")
        if !card.reminders.isEmpty { body += HTMLPage.section("提醒", HTMLPage.list(card.reminders)) }
        body += HTMLPage.section("最近记录", HTMLPage.table(
            ["日期", "采分点", "记录", "得分"],
            card.recent.map { [$0.date.description, $0.pointName, $0.value, $0.points?.description ?? "按学期计"] }, numeric: [3]))
        return HTMLPage.page(title: "\(card.name)的储值卡", body: body)
    }

    /// The warnings a counselor owns, most urgent first, each with its evidence and actions.
    static func risks(_ lines: [WarningLine], nav: String, csrf: String) -> String {
        var body = nav + "<header class=\"report\"><h1>我负责的预警</h1><p class=\"meta\">\(lines.count) 条未结束，最紧急的在前</p></header>"
        if lines.isEmpty { body += HTMLPage.paragraph("目前没有需要处理的预警。", class: "muted") }
        for line in lines {
            let kind = line.level == "红" ? "red" : line.level == "橙" ? "orange" : "yellow"
            body += "<div class=\"warning \(kind)\" id=\"w\(line.id)\">\(HTMLPage.level(line.level)) <strong>\(esc(line.ruleName))</strong> "
                + "<span class=\"muted\">\(esc(line.category)) · \(esc(line.status))\(line.isOverdue ? " · 逾期" : "")</span><br>"
                + "\(esc(line.name)) <span class=\"id\">\(esc(line.student))</span><br>\(esc(line.evidence))"
                + (line.advice.isEmpty ? "" : "<br>建议：\(esc(line.advice))")
                + action(line.id, "ack", "确认", csrf: csrf, field: nil)
                + action(line.id, "resolve", "解除", csrf: csrf, field: "原因")
                + "</div>"
        }
        return HTMLPage.page(title: "预警 · 学生发展储值卡", body: body)
    }

    static func message(_ title: String, _ text: String, nav: String = "") -> String {
        HTMLPage.page(title: title, body: nav + "<h1>\(esc(title))</h1>" + HTMLPage.paragraph(text))
    }

    private static func action(_ id: Int64, _ verb: String, _ label: String, csrf: String, field: String?) -> String {
        "<form method=\"post\" action=\"/risks/\(id)/\(verb)\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">"
            + (field.map { "<input name=\"reason\" placeholder=\"\(esc($0))\" required> " } ?? "")
            + "<button type=\"submit\">\(esc(label))</button></form> "
    }

    private static func change(_ points: Points?) -> String { points?.signedDescription ?? "—" }
}
