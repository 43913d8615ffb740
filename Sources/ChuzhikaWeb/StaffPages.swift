import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments

/// Staff pages: the first page, warnings, what is due, a sheet upload and its result.
enum StaffPages {
    static let esc = HTMLPage.escape
    /// The follow-up measures the note form offers (the CLI takes any text).
    static let measures = ["谈心谈话", "学业帮扶", "家校联系", "转介心理中心", "就业指导", "其他"]

    /// A member of staff's first page: how many warnings and records wait, the most urgent
    /// warnings, and the classes they may read.
    static func home(
        _ principal: Principal, classes: [(SchoolClass, String)], risks: [WarningLine], due: DueList?,
        link: (WarningLine) -> String, nav: String
    ) -> String {
        var body = nav + "<header class=\"report\"><h1>您好，\(esc(principal.name))</h1>"
            + HTMLPage.meta([due.map { "今天是 \($0.date)" } ?? ""]) + "</header>"
        let overdue = due?.items.filter { $0.daysOverdue > 0 }.count ?? 0
        body += HTMLPage.tiles([
            ("未结束的预警", String(risks.count), risks.isEmpty ? nil : "红色 \(risks.filter { $0.level == "红" }.count)"),
            ("待录", String(due?.items.count ?? 0), overdue > 0 ? "其中逾期 \(overdue)"
                : (due?.missingData.isEmpty == false ? "另有数据缺失 \(due?.missingData.count ?? 0) 项" : nil)),
            ("可查看的班级", String(classes.count), nil),
        ])
        if !risks.isEmpty {
            body += HTMLPage.section("最紧急的预警", risks.prefix(3).map { summary($0, link: link) + "<br><a href=\"/risks/\($0.id)\">跟进或解除</a></div>" }.joined()
                + "<p><a href=\"/risks\">全部 \(risks.count) 条预警</a></p>")
        }
        body += "<div class=\"actions\"><a href=\"/due\">查看待录</a> · <a href=\"/upload\">上传成绩表</a> · <a href=\"/appeals\">待处理申诉</a></div>"
        if !classes.isEmpty {
            body += HTMLPage.section("班级发展报告", "<ul>" + classes.map { schoolClass, reference in
                "<li><a href=\"/classes/\(reference)\">\(esc(schoolClass.name))</a> <span class=\"id\">\(esc(schoolClass.id.rawValue))</span></li>"
            }.joined() + "</ul>")
        }
        return HTMLPage.page(title: "首页 · 学生发展储值卡", body: body)
    }

    /// The warnings a person owns, most urgent first, each with its evidence and a way to act;
    /// above them, how many 心理 and 理财 warnings only the student's 辅导员 may read (counts only).
    static func risks(_ listing: RiskListing, link: (WarningLine) -> String, nav: String, csrf: String) -> String {
        let lines = listing.warnings
        var body = nav + "<header class=\"report\"><h1>我负责的预警</h1><p class=\"meta\">\(lines.count) 条未结束，最紧急的在前</p></header>"
        if let withheld = WithheldWarnings.sentence(listing.withheld) { body += HTMLPage.paragraph(withheld + "。", class: "muted") }
        if lines.isEmpty { body += HTMLPage.paragraph("目前没有需要处理的预警。", class: "muted") }
        for line in lines {
            body += summary(line, link: link)
                + "<div class=\"actions\"><a href=\"/risks/\(line.id)\">跟进或解除</a>"
                + (line.status == WarningStatus.open.chineseName
                    ? PortalPages.form("/risks/\(line.id)/ack", csrf: csrf, inline: true, fields: "", button: "确认已知", secondary: true) : "")
                + "</div></div>"
        }
        return HTMLPage.page(title: "预警 · 学生发展储值卡", body: body)
    }

    /// One warning: evidence, advice, what has been done, and the forms to act.
    static func risk(_ line: WarningLine, link: (WarningLine) -> String, nav: String, csrf: String) -> String {
        var body = nav + "<h1>预警 \(line.id)</h1>" + summary(line, link: link) + "</div>"
        if !line.history.isEmpty {
            body += HTMLPage.section("经过", "<ul>" + line.history.map { event in
                "<li><span class=\"id\">\(esc(String(event.at.prefix(16)).replacingOccurrences(of: "T", with: " ")))</span> "
                    + "<strong>\(esc(event.kindName))</strong> \(esc(event.detail)) <span class=\"muted nw\">（\(esc(event.by))）</span></li>"
            }.joined() + "</ul>")
        }
        if line.status == WarningStatus.open.chineseName {
            body += PortalPages.form("/risks/\(line.id)/ack", csrf: csrf, fields: "", button: "确认已知")
        }
        let options = measures.map { "<option>\(esc($0))</option>" }.joined()
        body += HTMLPage.section("记录跟进", PortalPages.form(
            "/risks/\(line.id)/note", csrf: csrf,
            fields: "<label for=\"f-kind\">措施</label><select id=\"f-kind\" name=\"kind\">\(options)</select>"
                + PortalPages.field("text", "内容", placeholder: "例如：与学生谈话，约定每周交学习计划", multiline: true),
            button: "保存跟进"))
        body += HTMLPage.section("解除预警", PortalPages.form(
            "/risks/\(line.id)/resolve", csrf: csrf,
            fields: PortalPages.field("reason", "解除原因", placeholder: "例如：补考通过，学业已恢复"), button: "解除", secondary: true))
        return HTMLPage.page(title: "预警 \(line.id) · 学生发展储值卡", body: body)
    }

    /// The head of a warning's box (left open for the caller to add to and close).
    private static func summary(_ line: WarningLine, link: (WarningLine) -> String) -> String {
        let kind = line.level == "红" ? "red" : line.level == "橙" ? "orange" : "yellow"
        return "<div class=\"warning \(kind)\" id=\"w\(line.id)\">\(HTMLPage.level(line.level)) <strong>\(esc(line.ruleName))</strong> "
            + HTMLPage.meta([line.category, line.status, "已 \(line.daysOpen) 天", line.isOverdue ? "逾期" : ""])
            + "<a href=\"\(link(line))\">\(esc(line.name))</a> <span class=\"id\">\(esc(line.schoolClass))</span><br>"
            + "依据：\(esc(line.evidence))" + (line.advice.isEmpty ? "" : "<br>建议：\(esc(line.advice))")
    }

    /// A class report's member list, each linking to the student's report.
    static func members(_ members: [(ClassDevelopmentReport.Member, String)]) -> String {
        guard !members.isEmpty else { return "" }
        return "<details><summary>学生名单（\(members.count) 人，点姓名看储值卡和报告）</summary><ul>"
            + members.map { member, reference in "<li><a href=\"/students/\(reference)\">\(esc(member.name))</a> <span class=\"id\">\(esc(member.id))</span></li>" }.joined()
            + "</ul></details>"
    }

    /// What is due and overdue (`czk due`).
    static func due(_ list: DueList, nav: String) -> String {
        let shown = list.items.prefix(300)
        var body = nav + "<header class=\"report\"><h1>待录</h1><p class=\"meta\">截至 \(list.date)，\(list.ahead) 天内到期和已逾期、尚未录入的采分点：\(list.items.count) 项</p></header>"
        if list.items.isEmpty { body += HTMLPage.paragraph("没有待录的采分点。", class: "muted") }
        else {
            body += HTMLPage.table(["状态", "采分点", "时段", "对象", "负责人"], shown.map {
                [$0.status, $0.pointName, $0.period, "\($0.subjectName)（\($0.subject)）", $0.staffName]
            })
            if list.items.count > shown.count {
                body += HTMLPage.paragraph("只列出前 \(shown.count) 项；完整清单：czk due --format csv", class: "muted")
            }
        }
        if !list.missingData.isEmpty {
            body += HTMLPage.section("预警所需数据缺失", HTMLPage.paragraph("这些班级缺少预警规则要用的记录，请负责的老师录入；这不是学生的预警。", class: "muted")
                + HTMLPage.table(["班级", "采分点", "缺少记录", "无法判断的预警", "负责录入"], list.missingData.map {
                    ["\($0.className)（\($0.schoolClass)）", $0.pointName, "\($0.students)/\($0.members) 名学生", $0.ruleNames.joined(separator: "、"),
                     $0.staffNames.isEmpty ? $0.roles.joined(separator: "、") : $0.staffNames.joined(separator: "、")]
                }))
        }
        return HTMLPage.page(title: "待录 · 学生发展储值卡", body: body)
    }

    static func upload(csrf: String, nav: String, note: String = "") -> String {
        var body = nav + "<h1>上传成绩表</h1>" + note
        body += HTMLPage.paragraph("与 czk import 相同：CSV（UTF-8 或 GBK）或 .xlsx；整张表要么全部导入，要么一条也不写，并逐行指出错误。已导入过的行不会重复写入。", class: "muted")
        // The token in the address too: it is checked before the file is read.
        body += PortalPages.form(
            "/upload?csrf=\(csrf)", csrf: csrf, files: true,
            fields: "<label for=\"f-sheet\">表格文件</label><input id=\"f-sheet\" type=\"file\" name=\"sheet\" accept=\".csv,.xlsx\" required>"
                + PortalPages.field("point", "采分点（表中没有“采分点”列时填写，如 A1 或 课堂考勤）", required: false)
                + PortalPages.field("date", "日期（表中没有“日期”列时填写，如 2026-11-20）", required: false),
            button: "导入")
        return HTMLPage.page(title: "上传成绩表 · 学生发展储值卡", body: body)
    }

    static func imported(_ summary: ImportSummary, file: String, csrf: String, nav: String) -> String {
        let text = summary.records == 0 && summary.unchanged > 0
            ? "\(file) 的 \(summary.unchanged) 条记录都已导入过，这次没有写入任何内容。"
            : "已导入 \(file)：\(summary.records) 条记录（其中更正 \(summary.corrections) 条），涉及 \(summary.subjects) 名学生或班级。"
                + (summary.unchanged > 0 ? "另有 \(summary.unchanged) 条与已有记录相同，未重复写入。" : "")
        return upload(csrf: csrf, nav: nav, note: "<p class=\"notice\" role=\"status\">\(esc(text))</p>")
    }

    /// A refused sheet: nothing was written; every problem named by line and column.
    static func refused(_ error: AppError, file: String, csrf: String, nav: String) -> String {
        var note = "<div class=\"warning red\" role=\"alert\"><strong>\(esc(file)) 没有导入，没有写入任何记录。</strong><br>"
        if case .inputProblems(let problems) = error {
            note += "共 \(problems.count) 处错误，改正后重新上传：</div>"
            note += HTMLPage.table(["位置", "问题", "怎么改"], problems.prefix(200).map {
                ["第 \($0.location.line) 行" + ($0.location.column > 1 ? "第 \($0.location.column) 列" : ""), $0.message, $0.hint ?? ""]
            })
        } else {
            note += esc([error.errorDescription, error.recoverySuggestion].compactMap { $0 }.joined(separator: "。")) + "</div>"
        }
        return upload(csrf: csrf, nav: nav, note: note)
    }
}
