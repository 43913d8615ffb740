import ArgumentParser
import ChuzhikaApp
import ChuzhikaRules
import Foundation

/// `czk demo`: builds the demo college in a fresh database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo college (2 系部, 6 班级, 240 students) with two semesters of records.",
        discussion: "Refuses to touch a database that holds a real college; an earlier demo is rebuilt.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The seeds folder (default: Seeds/demo-school of this repository).")
    var seeds: String?

    @Option(help: "The rules folder (default: ScoringRules of this repository).")
    var rules: String?

    @Option(help: "How many semesters of records to generate (1 or 2); two show 增值.")
    var semesters = 2

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        guard (1...2).contains(semesters) else { throw ValidationError("--semesters 只能是 1 或 2") }
    }

    func run() throws {
        try runReporting {
            let rulesFolder = try ProjectFiles.rules(rules)
            let seedsFolder = try ProjectFiles.seeds(seeds)
            try CardApp.prepareDemoDatabase(at: database.path)
            let started = Date()
            let app = try CardApp.open(path: database.path, clock: database.clock)
            let summary = try app.loadDemo(seeds: seedsFolder, rules: try RuleDirectory.read(rulesFolder), semesters: semesters)
            if json {
                Console.out(try JSONRenderer.render(summary))
                return
            }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            let db = database.db.map { " --db \($0)" } ?? ""
            // Run through `swift run`, czk is not on the PATH: say the command that works.
            let czk = CommandLine.arguments[0].contains("/.build/") ? "swift run czk" : "czk"
            let tryNext = [
                ("\(czk) account\(db) \(summary.sampleStudent)", "一名学生的储值卡"),
                ("\(czk) account\(db) \(summary.sampleAtRisk)", "一名需要关注的学生"),
                ("\(czk) class\(db) WL2401", "班级发展储值卡"),
                ("\(czk) record\(db) --as T101 academic.gpa \(summary.sampleStudent) 88 --date 2026-01-05 --correct --reason \"成绩复核\"", "更正一条记录"),
            ]
            Console.out("""
                已创建演示学校「\(summary.school)」：\(database.path)
                  系部 \(summary.departments) 个，专业 \(summary.majors) 个，班级 \(summary.classes) 个，学生 \(summary.students) 名，教职工 \(summary.staff) 名
                  校历 \(summary.semesters.joined(separator: "、"))
                  采分规则 \(summary.points) 个采分点（版本 \(summary.ruleVersion)）
                  采分记录 \(summary.records) 条（用时 \(seconds) 秒）

                接下来可以试试：
                """)
            for (command, what) in tryNext { Console.out("  # \(what)\n  \(command)") }
        }
    }
}
