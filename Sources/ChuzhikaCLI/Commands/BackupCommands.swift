import ArgumentParser
import ChuzhikaApp
import ChuzhikaEngines
import Foundation

/// `czk backup FILE`: a consistent copy of the database, taken while others keep working.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "把数据库备份到新文件（在线备份，备份时照常录入）。",
        discussion: """
            文件已存在时拒绝。备份文件只有本人可读（有学生个人信息）。
            恢复用 czk restore。
            """)

    @Argument(help: ArgumentHelp("备份文件（不能已存在）。", valueName: "文件"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try runReporting(json: false) {
            let started = Date()
            try database.openApp().backup(to: file)
            let size = ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.intValue ?? 0
            Console.out("已备份 \(database.path) → \(file)（\(String(format: "%.1f", Double(size) / 1_048_576)) MB，用时 "
                + "\(String(format: "%.1f", Date().timeIntervalSince(started))) 秒）")
        }
    }
}

/// `czk restore FILE`: puts a backup back, after checking it.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "用备份恢复数据库：先核对备份，通过才替换。",
        discussion: "数据库已存在时须加 --force 才覆盖。恢复前先停止 czk serve。")

    @Argument(help: ArgumentHelp("备份文件。", valueName: "文件"))
    var file: String

    @Flag(help: "覆盖已有的数据库。")
    var force = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try runReporting(json: false) {
            let report = try CardApp.restore(from: file, to: database.path, force: force, clock: try database.clock)
            Console.out("已从 \(file) 恢复 \(database.path)：检查通过（\(report.records) 条记录、\(report.ledgerKeys) 个记账科目）。")
        }
    }
}
