import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk due`: what each owner still has to record.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "列出待录入的采分点：今天到期、几天后到期、逾期几天。",
        discussion: "教师看本人的清单；管理员看全校的，或用 --staff 看某位老师的。")

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Option(help: ArgumentHelp("看哪位老师的清单（管理员用）。", valueName: "工号"))
    var staff: String?

    @Option(help: ArgumentHelp("从哪一天看（默认：今天），如 2025-10-22。", valueName: "日期"), transform: DayOption.parse)
    var date: LocalDate?

    @Option(parsing: .unconditional, help: ArgumentHelp("同时列出几天内到期的（0 到 366）。", valueName: "天数"))
    var ahead = 7

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...366).contains(ahead) else { throw ValidationError("--ahead 应为 0 到 366 之间的整数，写的是 \(ahead)") }
    }

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let list = try app.due(
                for: staff.map { StaffID(rawValue: TypedText.normalized($0)) }, by: try login.principal(app), on: date, ahead: ahead)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(list))
            case .csv:
                output.printCSV(
                    headers: ["工号", "负责人", "采分点编号", "采分点", "时段", "截止日期", "逾期天数", "对象", "姓名"],
                    rows: list.items.map {
                        [$0.staff, $0.staffName, $0.pointID, $0.pointName, $0.period, $0.dueOn.description,
                         String($0.daysOverdue), $0.subject, $0.subjectName]
                    })
                if !list.missingData.isEmpty {
                    Console.err("另有 \(list.missingData.count) 项预警所需数据缺失（班级 × 采分点），用 --json 或表格查看。")
                }
            case .table:
                Console.out(DuePrinter.render(list))
                if !list.missingData.isEmpty { Console.out("\n" + DuePrinter.renderMissing(list.missingData)) }
            }
        }
    }
}

/// Groups due items by owner, point and period for the terminal.
enum DuePrinter {
    static func render(_ list: DueList) -> String {
        guard !list.items.isEmpty else { return "\(list.date)：没有待录入的采分点。" }
        var table = TableRenderer(["负责人", "采分点", "时段", "状态", "未录入"])
        var groups: [(key: String, items: [DueList.Item])] = []
        for item in list.items {
            let key = "\(item.staff)|\(item.pointID)|\(item.periodKey)"
            if groups.last?.key == key { groups[groups.count - 1].items.append(item) } else { groups.append((key, [item])) }
        }
        for (_, items) in groups {
            let first = items[0]
            let names = items.prefix(4).map(\.subjectName).joined(separator: "、") + (items.count > 4 ? "…" : "")
            table.add(["\(first.staffName)（\(first.staff)）", first.pointName, first.period, first.status, "\(items.count)：\(names)"])
        }
        let overdue = list.items.filter { $0.daysOverdue > 0 }.count
        return table.render() + "\n\n\(list.date)：共 \(list.items.count) 条待录入，其中逾期 \(overdue) 条。每次课前的采分点按课表录入，不在此列出。"
    }

    /// The data the risk rules wait for: one line per class and point, not a warning on anyone.
    static func renderMissing(_ items: [MissingData]) -> String {
        var table = TableRenderer(["班级", "采分点", "学期", "负责录入", "缺少记录", "无法判断的预警"])
        for item in items {
            let who = item.staffNames.isEmpty ? item.roles.joined(separator: "、") : zip(item.staffNames, item.staff).map { "\($0)（\($1)）" }
                .joined(separator: "、")
            table.add(["\(item.className)（\(item.schoolClass)）", item.pointName, item.semester, who,
                       "\(item.students)/\(item.members) 名学生", item.ruleNames.joined(separator: "、")])
        }
        return "预警所需数据缺失（请负责的老师录入；这不是学生的预警）：\n" + table.render()
    }
}
