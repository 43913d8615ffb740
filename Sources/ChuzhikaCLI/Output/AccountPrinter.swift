import ChuzhikaApp
import ChuzhikaCore

/// Renders a student's card for the terminal.
enum AccountPrinter {
    static func render(_ r: AccountReport) -> String {
        var out: [String] = []
        out.append("学生发展储值卡  \(r.name)（\(r.studentID)）  \(r.className)（\(r.classID)）")
        out.append("\(r.semesterName)" + (r.isPartial ? "  （\(CardView.partialNotice)）" : ""))
        out.append("")
        var domains = TableRenderer(["科目", "本学期小计", "同期增值", "入学以来", "历学期趋势"],
                                    alignments: [.left, .right, .right, .right, .left])
        for d in r.domains {
            let capped = d.uncapped.map { "（封顶，原 \($0)）" } ?? ""
            domains.add([d.name, d.semester.description + capped, d.valueAdded?.signedDescription ?? "-",
                         d.sinceEnrolment.description, Sparkline.render(d.bySemester)])
        }
        domains.add(["总分汇总", r.semesterTotal.description, r.totalValueAdded?.signedDescription ?? "-",
                     r.totalSinceEnrolment.description, ""])
        if !r.isPartial {
            out.append(domains.render())
            out.append(ValueAddedNote.text(semester: r.valueAddedSemester, asOf: r.valueAddedAsOf))
            out.append("")
        }
        var points = TableRenderer(["领域", "采分点", "本学期得分"], alignments: [.left, .left, .right])
        for p in r.points {
            points.add([p.domain.chineseName, p.name,
                        p.isWithheld ? "有记录（仅辅导员可见）" : p.value.map { "记录：\($0)" } ?? p.points.signedDescription])
        }
        if !r.points.isEmpty {
            out.append("本学期各采分点")
            out.append(points.render())
            out.append("")
        }
        var recent = TableRenderer(["记录号", "日期", "采分点", "时段", "数值", "得分", "录入人"],
                                   alignments: [.right, .left, .left, .left, .right, .right, .left])
        for e in r.recent {
            let points = e.points.map(\.signedDescription) ?? "计入学期汇总"
            let marks = (e.isCorrection ? "（更正）" : "") + (e.appeal.map { "（申诉\($0)）" } ?? "")
            recent.add([String(e.recordID), e.date.description, e.pointName + marks, e.period, e.value, points, e.recordedBy])
        }
        out.append("最近的记录")
        out.append(r.recent.isEmpty ? "（暂无记录）" : recent.render())
        if !r.appeals.isEmpty {
            var appeals = TableRenderer(["申诉号", "记录号", "采分点", "理由", "状态", "处理说明"])
            for a in r.appeals {
                appeals.add([String(a.id), String(a.recordID), a.pointName, a.reason, a.status, a.answer ?? ""])
            }
            out.append("")
            out.append("申诉")
            out.append(appeals.render())
        }
        if !r.reminders.isEmpty {
            out.append("")
            out.append("提醒")
            out += r.reminders.map { "  " + $0 }
        }
        if r.isOwnCard && !r.recent.isEmpty { out.append("\n对某条记录有异议：czk appeal 记录号 --reason \"理由\"") }
        return out.joined(separator: "\n")
    }
}

/// A compact trend: one block character per semester.
enum Sparkline {
    static func render(_ values: [Points]) -> String {
        guard values.count > 1 else { return "" }
        let blocks = Array("▁▂▃▄▅▆▇█")
        let low = values.min()!.hundredths  // non-empty: count > 1
        let high = values.max()!.hundredths
        let span = max(high - low, 1)
        return String(values.map { blocks[($0.hundredths - low) * (blocks.count - 1) / span] })
    }
}

extension AccountPrinter {
    static let csvHeaders = ["学号", "姓名", "班级", "学期", "领域", "采分点编号", "采分点", "本学期得分", "增值", "入学以来"]

    /// The card as CSV: one row per domain subtotal, the total, then one row per point.
    static func csvRows(_ r: AccountReport) -> [[String]] {
        let head = [r.studentID, r.name, r.classID, r.semester]
        var rows = r.domains.map {
            head + [$0.name, "", "科目小计", $0.semester.description, $0.valueAdded?.description ?? "", $0.sinceEnrolment.description]
        }
        rows.append(head + ["", "", "总分汇总", r.semesterTotal.description, r.totalValueAdded?.description ?? "",
                            r.totalSinceEnrolment.description])
        rows += r.points.map {
            head + [$0.domain.chineseName, $0.id, $0.name, $0.isWithheld ? "仅辅导员可见" : $0.value ?? $0.points.description, "", ""]
        }
        return rows
    }
}
