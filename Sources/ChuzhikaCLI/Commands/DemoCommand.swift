import ArgumentParser
import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaSeeding
import Foundation

/// `czk demo`: builds the demo college in a fresh database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "建立演示学校（2 个系部、6 个班级、240 名学生）及记录。",
        discussion: """
            校历是包含今天（或 CZK_TODAY）的学年，记录截至昨天。
            不会覆盖真实学校的数据库；旧的演示数据库会被重建。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("演示数据文件夹（默认：czk 自带的演示学校）。", valueName: "文件夹"))
    var seeds: String?

    @OptionGroup var rules: RulesOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("记录几个学期（1 或 2；2 才有增值）。", valueName: "学期数"))
    var semesters = 2

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...2).contains(semesters) else { throw ValidationError("--semesters 只能是 1 或 2，写的是 \(semesters)") }
    }

    func run() throws {
        try output.reporting {
            let files = try CardApp.ruleFiles(rules.rules)
            let sheets = try seeds.map(SeedLoader.load(folder:)) ?? SeedLoader.demo()
            try CardApp.prepareDemoDatabase(at: database.path)
            let started = Date()
            let app = try CardApp.openOrCreate(path: database.path, clock: try database.clock)
            let summary = try app.loadDemo(sheets, rules: files, semesters: semesters)
            if output.chosen == .json { return Console.out(try JSONRenderer.render(summary)) }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            let db = database.db.map { " --db \($0)" } ?? ""
            // Run through `swift run`, czk is not on the PATH: say the command that works.
            let czk = CommandLine.arguments[0].contains("/.build/") ? "swift run czk" : "czk"
            let tryNext = [
                ("\(czk) login\(db) \(summary.sampleHeadTeacher)", "以班主任身份登录（密码 \(CardApp.demoPassword)）"),
                ("\(czk) due\(db)", "班主任还有哪些没录"),
                ("\(czk) account\(db) \(summary.sampleAtRisk)", "本班一名需要关注的学生"),
                ("\(czk) class\(db) \(summary.sampleClass)", "班级发展储值卡"),
                ("\(czk) login\(db) \(summary.sampleStudent)", "以学生身份登录，再 czk account 看本人的储值卡"),
            ]
            Console.out("""
                已创建演示学校「\(summary.school)」：\(StoreLocation(database.path).description)
                  系部 \(summary.departments) 个，专业 \(summary.majors) 个，班级 \(summary.classes) 个，学生 \(summary.students) 名，教职工 \(summary.staff) 名
                  校历 \(summary.semesters.first ?? "") 至 \(summary.semesters.last ?? "")，今天是 \(summary.today)
                  采分规则 \(summary.points) 个采分点（版本 \(summary.ruleVersion)）
                  采分记录 \(summary.records) 条，覆盖 \(summary.recordedSemesters.joined(separator: "、"))，截至昨天（用时 \(seconds) 秒）
                  每位演示人员（学号或工号）都可登录，密码都是 \(CardApp.demoPassword)（仅限演示数据库）；管理员 A001

                接下来可以试试：
                """)
            for (command, what) in tryNext { Console.out("  # \(what)\n  \(command)") }
        }
    }
}
