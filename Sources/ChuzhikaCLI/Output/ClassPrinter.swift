import ChuzhikaApp

/// Renders a class card.
enum ClassPrinter {
    static func render(_ r: ClassReport) -> String {
        var out = ["班级发展储值卡  \(r.className)（\(r.classID)）  \(r.cohort)级  \(r.students) 名学生",
                   r.semesterName + (r.notice.map { "  （\($0)）" } ?? ""), ""]
        if !r.isPartial {
            var domains = TableRenderer(["科目", "本学期小计", "同期增值"], alignments: [.left, .right, .right])
            for d in r.domains { domains.add([d.name, d.semester.description, d.valueAdded?.signedDescription ?? "-"]) }
            domains.add(["总分汇总", r.total.description, r.totalValueAdded?.signedDescription ?? "-"])
            out.append(domains.render())
            out.append(ValueAddedNote.text(semester: r.valueAddedSemester, asOf: r.valueAddedAsOf))
            out.append("在 \(r.cohort) 级 \(r.classesInCohort) 个班级中排第 \(r.rank) 名")
            out.append("")
        }
        guard !r.points.isEmpty else {
            out.append("（没有您负责的班级采分点）")
            return out.joined(separator: "\n")
        }
        var points = TableRenderer(["领域", "采分点", "时点", "数值", "得分", "来源或说明"],
                                   alignments: [.left, .left, .left, .right, .right, .left])
        for p in r.points {
            points.add([p.domain.chineseName, p.name, p.timing, p.value ?? "-", p.points?.signedDescription ?? "-",
                        p.reason ?? p.source])
        }
        out.append(points.render())
        if !r.missingData.isEmpty {
            out.append("")
            out.append("预警所需数据缺失（请负责的老师录入）：")
            out += r.missingData.map { "  " + $0.sentence + ($0.staffNames.isEmpty ? "" : "（\($0.staffNames.joined(separator: "、"))）") }
        }
        return out.joined(separator: "\n")
    }

    static let csvHeaders = ["班级", "学期", "采分点编号", "采分点", "领域", "时点", "数值", "期数", "得分", "说明"]

    static func csvRows(_ r: ClassReport) -> [[String]] {
        r.points.map {
            [r.classID, r.semester, $0.id, $0.name, $0.domain.chineseName, $0.timing, $0.value ?? "", String($0.periods),
             $0.points?.description ?? "", $0.reason ?? ""]
        }
    }
}
