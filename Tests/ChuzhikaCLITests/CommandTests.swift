import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

@Suite struct RulesCommandTests {
    @Test func checkListsEveryPointWithTimingAndOwner() {
        let result = CommandRunner.run(["rules", "check", "--rules", Repository.scoringRules])
        #expect(result.code == 0, "\(result.err)")
        for text in ["academic.punctuality", "准时率（未迟到）", "每次课前", "任课教师", "第一学期中", "教研室/学工办", "毕业前", "检查通过"] {
            #expect(result.out.contains(text), "\(text)")
        }
        #expect(result.out.split(separator: "\n").filter { $0.contains(" 学业发展 ") || $0.contains("学业发展  ") }.count >= 16)
    }

    @Test func listAsJSONGivesEveryPoint() throws {
        let result = CommandRunner.run(["rules", "list", "--json", "--rules", Repository.scoringRules])
        #expect(result.code == 0)
        let points = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]]
        #expect(points?.count == 65)
        #expect(points?.first?["timingName"] != nil)
    }

    @Test func aBrokenFolderFailsWithFileLineAndColumnAndLoadsNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "version: x\npoints:\n  - id: academic.a\n    name: 甲\n    domain: academic\n    scope: individual\n    timing: 每天\n    owners: [班主任]\n    value: {kind: boolean}\n    scoring: {method: per_event, points: 1}\n"
            .write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = CommandRunner.run(["rules", "check", "--rules", folder.path])
        #expect(result.code == 1)
        #expect(result.err.contains("bad.yaml:7:13: 错误: 未知的采分时点 timing“每天”"), "\(result.err)")
        #expect(result.err.contains("^"))
        #expect(result.out.isEmpty)
        let json = CommandRunner.run(["rules", "check", "--json", "--rules", folder.path])
        #expect(json.code == 1)
        let diagnostics = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]]
        #expect((diagnostics?.first?["location"] as? [String: Any])?["line"] as? Int == 7)
    }
}

@Suite struct RecordAndAccountCommandTests {
    @Test func recordThenAccountShowsThePoints() throws {
        let db = CommandRunner.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        try TestSchool.makeFile(at: db)
        let recorded = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.gpa", "S11", "92", "--date", "2025-12-20"])
        #expect(recorded.code == 0, "\(recorded.err)")
        #expect(recorded.out.contains("已录入：张三（S11） 学期学分绩 = 92"))
        #expect(recorded.out.contains("+12"))
        let account = CommandRunner.run(["account", "--db", db, "S11", "--as", "H1"])
        #expect(account.code == 0, "\(account.err)")
        #expect(account.out.contains("学业发展"))
        #expect(account.out.contains("个人发展"))
        #expect(account.out.contains("职业发展"))
        #expect(account.out.contains("老师H1"))
        let json = CommandRunner.run(["account", "--db", db, "S11", "--json", "--as", "H1"])
        let card = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(card?["name"] as? String == "张三")
        #expect((card?["domains"] as? [[String: Any]])?.count == 3)
    }

    @Test func aRefusalGoesToStderrWithWhatToDoAndExitsOne() throws {
        let db = CommandRunner.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        try TestSchool.makeFile(at: db)
        let refused = CommandRunner.run(["record", "--db", db, "--as", "H2", "academic.gpa", "S11", "92", "--date", "2025-12-20"])
        #expect(refused.code == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err.contains("错误：老师H2（H2） 不是 张三（S11） 的班主任"))
        #expect(refused.err.contains("提示："))
    }

    @Test func aCorrectionNeedsItsReasonAtTheCommandLine() throws {
        let result = CommandRunner.run(["record", "--as", "H1", "academic.gpa", "S11", "92", "--reason", "复核"])
        #expect(result.code == 64)
        #expect(result.err.contains("--reason 只用于 --correct"))
        let badDate = CommandRunner.run(["record", "--as", "H1", "academic.gpa", "S11", "92", "--date", "12/20"])
        #expect(badDate.code == 64)
    }

    @Test func aClassCodeGivenToAccountPointsToTheClassCard() throws {
        let db = CommandRunner.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        try TestSchool.makeFile(at: db)
        let result = CommandRunner.run(["account", "--db", db, "C1", "--as", "H1"])
        #expect(result.code == 1)
        #expect(result.err.contains("czk class C1"))
    }

    @Test func aMissingDatabaseSaysHowToCreateOne() {
        let result = CommandRunner.run(["account", "--db", "/nonexistent/none.sqlite", "S11"])
        #expect(result.code == 1)
        #expect(result.err.contains("czk demo"))
    }
}

@Suite struct TableRendererTests {
    @Test func chineseColumnsLineUp() {
        var table = TableRenderer(["姓名", "班级", "分数"], alignments: [.left, .left, .right])
        table.add(["张三", "软件2401班", "12.5"])
        table.add(["欧阳娜娜", "机电2501班", "-3"])
        table.add(["Li Lei", "WL2401", "100"])
        let lines = table.render().split(separator: "\n").map(String.init)
        let widths = Set(lines.map(DisplayWidth.of))
        #expect(widths.count == 1, "\(lines)")
    }

    @Test(arguments: [("张三", 4), ("abc", 3), ("Ａ", 2), ("（）", 4), ("e\u{301}", 1), ("\u{1B}[31m红\u{1B}[0m", 2)])
    func displayWidthCountsWideCharactersTwice(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }
}

@Suite struct ClassDueAndApplyCommandTests {
    func school() throws -> String {
        let db = CommandRunner.temporaryDatabase()
        try TestSchool.makeFile(at: db)
        return db
    }

    @Test func classCardPrintsEveryClassPointAndItsRank() throws {
        let db = try school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        _ = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.class_self_study", "C1", "88", "--date", "2026-01-05"])
        let result = CommandRunner.run(["class", "--db", db, "C1", "--semester", "2025-2026-1", "--as", "H1"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("自学能力"))
        #expect(result.out.contains("排第 1 名"))
        #expect(result.out.contains("用人单位评价"))
        let csv = CommandRunner.run(["class", "--db", db, "C1", "--semester", "2025-2026-1", "--format", "csv", "--as", "H1"])
        #expect(csv.out.split(separator: "\n").count == 20)
    }

    @Test func dueOnAFridayListsTheWeeklyAttendance() throws {
        let db = try school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let result = CommandRunner.run(["due", "--db", db, "--as", "H1", "--date", "2025-09-19"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("全勤率（未旷课）"))
        #expect(result.out.contains("今天到期"))
        #expect(result.out.contains("逾期 7 天"))
        let json = CommandRunner.run(["due", "--db", db, "--as", "H1", "--date", "2025-09-19", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect((list?["items"] as? [Any])?.isEmpty == false)
    }

    @Test func rulesApplyNeedsAnAdmin() throws {
        let db = try school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let refused = CommandRunner.run(["rules", "apply", "--db", db, "--as", "H1", "--rules", Repository.scoringRules])
        #expect(refused.code == 1)
        #expect(refused.err.contains("不是管理员，不能修改采分规则"))
        let same = CommandRunner.run(["rules", "apply", "--db", db, "--as", "A1", "--rules", Repository.scoringRules])
        #expect(same.code == 0)
        #expect(same.out.contains("规则没有变化"))
    }
}

@Suite struct ImportCommandTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aSheetOfMarksIsRecorded() throws {
        let db = CommandRunner.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        try TestSchool.makeFile(at: db)
        let sheet = try write("学号,数值\nS11,85\nS12,72\nS13,95\n")
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", "--point", "academic.gpa", "--date", "2026-01-05", sheet])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("3 条记录"))
        let card = CommandRunner.run(["account", "--db", db, "S13", "--json", "--as", "H1"])
        #expect(card.out.contains("\"semesterTotal\" : 12"))
    }

    @Test func oneBadRowWritesNothingAndEveryProblemNamesItsLine() throws {
        let db = CommandRunner.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        try TestSchool.makeFile(at: db)
        let sheet = try write("学号,采分点,数值,日期\nS11,academic.gpa,85,2026-01-05\nS21,academic.gpa,70,2026-01-05\nS12,academic.gpa,850,2026-01-05\n")
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", sheet])
        #expect(result.code == 1)
        #expect(result.err.contains("\(sheet):3:1: 错误: 老师H1（H1） 不是 赵六（S21） 的班主任"), "\(result.err)")
        #expect(result.err.contains("\(sheet):4:1: 错误: “学期学分绩”的数值不对"))
        #expect(result.err.contains("没有写入任何数据"))
        let card = CommandRunner.run(["account", "--db", db, "S11", "--json", "--as", "H1"])
        #expect(card.out.contains("\"semesterTotal\" : 0"))
    }
}

@Suite struct DatabaseOptionsTests {
    @Test func theDatabaseIsTheOptionElseCZKDBElseTheDefault() throws {
        let given = try DatabaseOptions.parse(["--db", "given.sqlite"])
        #expect(given.path(in: ["CZK_DB": "env.sqlite"]) == "given.sqlite")
        let none = try DatabaseOptions.parse([])
        #expect(none.path(in: ["CZK_DB": "env.sqlite"]) == "env.sqlite")
        #expect(none.path(in: [:]) == "czk.sqlite")
        #expect(none.path(in: ["CZK_DB": ""]) == "czk.sqlite")
    }
}
