import ArgumentParser
import ChuzhikaApp
import Foundation

/// `czk check`: verifies every invariant of the card and exits non-zero with the list of what is off.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "核对数据库：账、更正链、审计、预警与文件是否完好。",
        discussion: """
            什么也不改：记账和预警在一个最后回滚的事务里按规则重算，
            再与账上比对。发现问题时逐条列出，以非零状态退出。
            适合每晚定时运行（czk check，再 czk backup）。
            检查的是文件本身，不需要登录：能读数据库文件的人才能运行。
            预警按上次预警扫描（czk risks scan）那天与今天的日期各核对一次：
            学期结束、日子过去带来的变化不算损坏，下一次扫描会更新它们。

            --repair（管理员登录后）：把“记账”一类问题修好——按现有记录和规则
            重算每个记账科目，追加冲销和入账（不删不改旧账），写入审计日志，
            然后再核对一遍。
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Flag(help: "管理员：按记录重算余额不符的记账科目，追加冲销与入账。")
    var repair = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            if repair {
                let repaired = try app.repairLedger(by: try login.principal(app))
                if output.chosen == .table {
                    Console.out("修复记账：重算 \(repaired.keys) 个记账科目，修好 \(repaired.repairs.count) 个"
                        + "（追加记账 \(repaired.repairs.reduce(0) { $0 + $1.entries }) 条）。")
                    if !repaired.repairs.isEmpty {
                        var table = TableRenderer(["学号/班级", "采分点", "学期", "余额变化"], alignments: [.left, .left, .left, .right])
                        for r in repaired.repairs.prefix(50) { table.add([r.subject, r.point, r.semester, r.change.signedDescription]) }
                        Console.out(table.render() + (repaired.repairs.count > 50 ? "\n……共 \(repaired.repairs.count) 个" : ""))
                    }
                    Console.out("")
                }
            }
            let started = Date()
            let report = try app.check()
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            let summary = "核对了 \(report.records) 条记录、\(report.ledgerKeys) 个记账科目、\(report.activeWarnings) 条未结预警（用时 \(seconds) 秒）"
            try output.printListing(
                report, headers: ["类别", "问题"], rows: report.problems.map { [$0.kind, $0.detail] },
                empty: "检查通过：\(summary)。",
                footer: "发现 \(report.problemCount) 处问题"
                    + (report.problemCount > report.problems.count ? "（只列出前 \(report.problems.count) 处）" : "") + "；\(summary)。"
                    + (report.problems.contains { $0.kind == "记账" } ? "\n记账不符可由管理员用 czk check --repair 修复。" : ""))
            if !report.isClean { throw ExitCode.failure }
        }
    }
}
