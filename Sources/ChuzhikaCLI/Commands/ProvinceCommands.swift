import ArgumentParser
import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaStore
import Foundation

/// `czk province …`: what a provincial reviewer reads across the colleges of one PostgreSQL database.
struct ProvinceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "province",
        abstract: "省级汇总：各校概况、班级卡、预警数（只读，不见学生）。",
        discussion: """
            只用于 PostgreSQL：多所学校在同一个库里，各占一个 schema（?college=代码）。
            数据库所有者先运行：
              czk province refresh --db postgres://所有者@主机/库
            再为审阅人建登录角色：
              CREATE ROLE 审阅人 LOGIN PASSWORD '…' IN ROLE czk_province;
            审阅人用 --db postgres://审阅人:密码@主机/库 读汇总；
            数据库拒绝他们读任何学校的表。
            """,
        subcommands: [ProvinceColleges.self, ProvinceClasses.self, ProvinceWarnings.self, ProvinceRefresh.self])
}

/// The province URL: `--db`, else `CZK_DB`.
struct ProvinceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("postgres:// 地址；默认 $CZK_DB。", valueName: "地址"))
    var db: String?

    var location: String { db ?? CLIEnvironment.current["CZK_DB"] ?? "" }
}

struct ProvinceColleges: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "colleges", abstract: "各校概况：在校生、班级、记录、未结预警。")

    @OptionGroup var province: ProvinceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let colleges = try ProvinceReview.open(province.location).colleges()
            try output.printListing(
                colleges, headers: ["学校代码", "学校", "在校生", "班级", "记录", "未结预警"],
                rows: colleges.map { [$0.college, $0.school, "\($0.students)", "\($0.classes)", "\($0.records)", "\($0.activeWarnings)"] },
                alignments: [.left, .left, .right, .right, .right, .right], empty: "库里还没有学校（或尚未运行 czk province refresh）。",
                footer: "共 \(colleges.count) 所学校，在校生 \(colleges.reduce(0) { $0 + $1.students }) 人。")
        }
    }
}

struct ProvinceClasses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classes", abstract: "各校班级卡：每班每学期各科目的合计与人均。")

    @OptionGroup var province: ProvinceOptions
    @Option(help: ArgumentHelp("只看这一学期，如 2025-2026-1。", valueName: "学期"))
    var semester: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let cards = try ProvinceReview.open(province.location).classCards(semester: semester)
            try output.printListing(
                cards, headers: ["学校代码", "班级", "班名", "年级", "学期", "科目", "人数", "合计", "人均"],
                rows: cards.map {
                    [$0.college, $0.schoolClass, $0.className, "\($0.cohort)", $0.semester, $0.domain, "\($0.members)",
                     String(format: "%.2f", $0.total), String(format: "%.2f", $0.average)]
                },
                alignments: [.left, .left, .left, .right, .left, .left, .right, .right, .right], empty: "没有班级卡。")
        }
    }
}

struct ProvinceWarnings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "各校预警数（心理、理财少于 5 条不显示）。")

    @OptionGroup var province: ProvinceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let counts = try ProvinceReview.open(province.location).warningCounts()
            try output.printListing(
                counts, headers: ["学校代码", "类别", "级别", "状态", "条数"],
                rows: counts.map { [$0.college, $0.category, $0.level, WarningStatus(rawValue: $0.status)?.chineseName ?? $0.status, $0.count.map(String.init) ?? "<\(WarningCount.minimumSensitiveCount)"] },
                alignments: [.left, .left, .left, .left, .right], empty: "没有预警。")
        }
    }
}

struct ProvinceRefresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh", abstract: "（数据库所有者）重建省级汇总视图；加学校后运行。")

    @OptionGroup var province: ProvinceOptions

    func run() throws {
        try runReporting(json: false) {
            let count = try ProvinceReview.refresh(province.location)
            Console.out("省级汇总视图已覆盖 \(count) 所学校；审阅人角色：czk_province。")
        }
    }
}
