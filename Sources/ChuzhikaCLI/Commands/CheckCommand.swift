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
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let started = Date()
            let report = try database.openApp().check()
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            let summary = "核对了 \(report.records) 条记录、\(report.ledgerKeys) 个记账科目、\(report.activeWarnings) 条未结预警（用时 \(seconds) 秒）"
            try output.printListing(
                report, headers: ["类别", "问题"], rows: report.problems.map { [$0.kind, $0.detail] },
                empty: "检查通过：\(summary)。",
                footer: "发现 \(report.problemCount) 处问题"
                    + (report.problemCount > report.problems.count ? "（只列出前 \(report.problems.count) 处）" : "") + "；\(summary)。")
            if !report.isClean { throw ExitCode.failure }
        }
    }
}
