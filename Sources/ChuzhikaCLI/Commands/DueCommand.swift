import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk due`: what each owner still has to record.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List the scoring points you owe: due today, due this week, overdue by N days.",
        discussion: "With --as a teacher: their own list. With an admin, or without --as: everyone's.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as"), help: "Your staff code (工号).")
    var staff: String?

    @Option(help: "The day to look from, YYYY-MM-DD (default: today).")
    var date: String?

    @Option(help: "Also list what falls due within this many days.")
    var ahead = 7

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let date, LocalDate(date) == nil { throw ValidationError("--date 应当写成 YYYY-MM-DD") }
        if ahead < 0 { throw ValidationError("--ahead 不能为负数") }
    }

    func run() throws {
        try runReporting {
            let list = try database.openApp().due(
                for: staff.map(StaffID.init(rawValue:)), on: date.flatMap(LocalDate.init), ahead: ahead)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(list))
            case .csv:
                Console.out(CSVRenderer.render(
                    headers: ["staff", "staffName", "point", "pointName", "period", "dueOn", "daysOverdue", "subject", "subjectName"],
                    rows: list.items.map {
                        [$0.staff, $0.staffName, $0.pointID, $0.pointName, $0.period, $0.dueOn.description,
                         String($0.daysOverdue), $0.subject, $0.subjectName]
                    }))
            case .table: Console.out(DuePrinter.render(list))
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
}
