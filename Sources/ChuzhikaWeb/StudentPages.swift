import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments

/// A student's pages.
enum StudentPages {
    static let esc = HTMLPage.escape

    /// The card: tiles per domain with 增值, the trend, own 学业/就业 reminders with advice,
    /// the latest entries (each with its appeal), and the appeals made.
    static func card(_ card: AccountReport, nav: String) -> String {
        var body = nav + "<header class=\"report\"><h1>\(esc(card.name))的储值卡</h1>"
            + HTMLPage.meta([card.studentID, card.className, card.semesterName]) + "</header>"
        var tiles: [(String, String, String?)] = [("总分汇总", card.semesterTotal.description, "同期增值 \(PortalPages.change(card.totalValueAdded))")]
        tiles += card.domains.map { ($0.name, $0.semester.description, "同期增值 \(PortalPages.change($0.valueAdded))") }
        body += HTMLPage.tiles(tiles)
        body += HTMLPage.section("发展趋势", StudentReportDocument.trendFigure(card.trend))
        if !card.reminders.isEmpty { body += HTMLPage.section("提醒", HTMLPage.list(card.reminders)) }
        if !card.points.isEmpty {
            body += HTMLPage.section("各采分点小计", HTMLPage.table(
                ["采分点", "得分"], card.points.map { [$0.name, $0.points.description] }, numeric: [1]))
        }
        // Three columns, so that a phone never breaks a date or a link: 日期, what was recorded, 申诉.
        let rows = card.recent.map { entry -> [String] in
            let appeal = entry.appeal.map { "<span class=\"muted nw\">申诉\(esc($0))</span>" }
                ?? "<a class=\"nw\" href=\"/records/\(entry.recordID)/appeal\">申诉</a>"
            let points = entry.points.map { " <span class=\"muted nw\">\(esc($0.signedDescription)) 分</span>" } ?? ""
            return ["<span class=\"nw\">\(esc(String(entry.date.description.dropFirst(5))))</span>",
                    "\(esc(entry.pointName))：<strong>\(esc(entry.value))</strong>\(points)", appeal]
        }
        body += HTMLPage.section("最近记录", HTMLPage.table(["日期", "记录", ""], rows, rawCells: true)
            + HTMLPage.paragraph("记录有误？点“申诉”写明原因，录入的老师会处理，处理结果在“我的申诉”里。", class: "muted"))
        return HTMLPage.page(title: "\(card.name)的储值卡", body: body)
    }

    static func appealForm(_ entry: AccountReport.EntryLine, csrf: String, nav: String) -> String {
        let body = nav + "<h1>对这条记录提出申诉</h1>"
            + HTMLPage.table(["日期", "采分点", "时段", "记录", "录入人"],
                             [[entry.date.description, entry.pointName, entry.period, entry.value, entry.recordedBy]])
            + PortalPages.form("/records/\(entry.recordID)/appeal", csrf: csrf,
                               fields: PortalPages.field("reason", "申诉原因", placeholder: "例如：那天我请了公假，有假条", multiline: true),
                               button: "提交申诉")
        return HTMLPage.page(title: "申诉 · 学生发展储值卡", body: body)
    }

    /// A student's appeals and how each ended; staff see the appeals they must answer.
    static func appeals(_ items: [AppealItem], forStudent: Bool, nav: String) -> String {
        var body = nav + "<h1>\(forStudent ? "我的申诉" : "待处理的申诉")</h1>"
        if items.isEmpty { body += HTMLPage.paragraph(forStudent ? "还没有提出过申诉。" : "没有等您处理的申诉。", class: "muted") }
        for item in items {
            body += "<div class=\"warning\" id=\"a\(item.id)\"><strong>\(esc(item.pointName))</strong> <span class=\"muted\">\(esc(item.status))</span><br>"
                + (forStudent ? "" : "\(esc(item.studentName)) <span class=\"id\">\(esc(item.student))</span><br>")
                + "记录：\(esc(item.value))\(item.date.map { "（\($0)）" } ?? "")，录入人 \(esc(item.recordedBy))<br>"
                + "原因：\(esc(item.reason))" + (item.answer.map { "<br>处理意见：\(esc($0))" } ?? "") + "</div>"
        }
        if !forStudent && !items.isEmpty {
            body += HTMLPage.paragraph("处理申诉：czk appeals answer 申诉号 --correct 新值（或 --reject） --reason 原因。", class: "muted")
        }
        return HTMLPage.page(title: forStudent ? "我的申诉" : "待处理的申诉", body: body)
    }
}
