import ArgumentParser
import ChuzhikaApp
import ChuzhikaEngines
import Foundation

/// `czk migrate --from A --to B`: moves a college between SQLite and PostgreSQL, without loss.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "把学校迁到另一数据库（SQLite ⇄ PostgreSQL）。",
        discussion: """
            先核对源数据库（czk check），再逐表复制（编号不变，目标上一个事务），
            然后核对目标，并逐个记账科目比对余额。
            任何一步不通过，目标删除、源不动。
            目标必须是空的：新文件，或 PostgreSQL 里还没有数据的学校。
            例：czk migrate --from czk.sqlite --to postgres://czk@db/sheng?college=gzy
            """)

    @Option(help: ArgumentHelp("源数据库（文件或 postgres:// 地址）。", valueName: "数据库"))
    var from: String

    @Option(help: ArgumentHelp("目标数据库（新文件或 postgres:// 地址，须为空）。", valueName: "数据库"))
    var to: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let started = Date()
            let interactive = output.chosen == .table && isatty(STDERR_FILENO) != 0
            let report = try CardApp.migrate(from: from, to: to, clock: try DatabaseOptions().clock) { table, rows in
                if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K复制 \(table)：\(rows) 行".utf8)) }
            }
            if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            try output.printListing(
                report, headers: ["表", "行数"], rows: report.tables.map { [$0.table, String($0.rows)] }, alignments: [.left, .right],
                footer: (report.resumed ? "上次迁移已复制完但未核对完，这次只做了核对。" : "")
                    + "已迁移 \(report.from) → \(report.to)：两边 czk check 均通过（\(report.destination.records) 条记录），"
                    + "\(report.accounts) 个记账科目余额一致（用时 \(seconds) 秒）。")
        }
    }
}
