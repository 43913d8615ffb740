import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

@Suite struct CalendarReaderTests {
    @Test func everyMistakeIsReportedAtItsLineAndColumn() {
        let text = """
            semesters:
              - year: 2026-2027
                ordinal: 3
                start: 2026-09-01
                end: 2027-02-28
                teaching_start: 2026-09-07
                teaching_weeks: 18
              - year: 2026-2027
                ordinal: 2
                start: 2027-03-01
                end: 2027-02-30
                teaching_start: 2027-03-01
                teaching_weeks: 18
              - year: 2027
                ordinal: 1
                start: 2027-09-01
                end: 2028-02-28
                teaching_start: 2027-09-06
                teaching_weeks: 18
                holidays: []
            """
        let (calendar, problems) = CalendarReader.read(text, file: "校历.yaml")
        #expect(calendar == nil)
        let found = problems.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        #expect(found.contains("3:14 ordinal 应当是 1 或 2（第几学期）"), "\(found)")
        #expect(found.contains("11:10 end：“2027-02-30”：2027 年 2 月只有 28 天"), "\(found)")
        #expect(found.contains("14:11 学年“2027”应当写成 2026-2027"), "\(found)")
        #expect(found.contains("20:5 未知字段 holidays"), "\(found)")
    }

    @Test func teachingWeeksMustFitTheSemesterAndSemestersMustNotOverlap() {
        let text = """
            semesters:
              - {year: 2026-2027, ordinal: 1, start: 2026-09-01, end: 2027-02-28, teaching_start: 2026-09-07, teaching_weeks: 18}
              - {year: 2026-2027, ordinal: 2, start: 2027-02-01, end: 2027-08-31, teaching_start: 2027-03-01, teaching_weeks: 18}
              - {year: 2027-2028, ordinal: 1, start: 2027-09-01, end: 2028-02-28, teaching_start: 2027-09-07, teaching_weeks: 18}
              - {year: 2027-2028, ordinal: 2, start: 2028-03-01, end: 2028-05-31, teaching_start: 2028-03-06, teaching_weeks: 18}
            """
        let (_, problems) = CalendarReader.read(text, file: "c.yaml")
        #expect(problems.contains { $0.message.contains("重叠") && $0.location.line == 3 }, "\(problems)")
        #expect(problems.contains { $0.message.contains("不是星期一") && $0.location.line == 4 })
        #expect(problems.contains { $0.message.contains("超出了学期") && $0.location.line == 5 })
        #expect(problems.count == 3)
    }

    @Test func theShippedTemplateIsValid() throws {
        let (calendar, problems) = CalendarReader.read(try #require(CardApp.template("calendar.yaml")), file: "calendar.yaml")
        #expect(problems.isEmpty, "\(problems)")
        #expect(calendar?.semesters.count == 2)
    }
}

@Suite struct CalendarSetTests {
    let admin = StaffID(rawValue: "A1")

    func calendar(_ yaml: String) throws -> SchoolCalendar {
        try #require(CalendarReader.read(yaml, file: "c.yaml").0)
    }

    @Test func aNewYearIsAddedAndKnownSemestersKept() throws {
        let app = try TestSchool.make()
        let next = try calendar("""
            semesters:
              - {year: 2026-2027, ordinal: 1, start: 2026-09-01, end: 2027-02-28, teaching_start: 2026-09-07, teaching_weeks: 18}
            """)
        let report = try app.setCalendar(next, by: admin)
        #expect(report.semesters.map(\.status) == ["保留", "保留", "新增"])
        #expect(try app.calendar().semesters.count == 3)
    }

    @Test func aSemesterWithRecordsKeepsItsStartAndWeeks() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "80", on: "2026-01-05"))
        let moved = try calendar("""
            semesters:
              - {year: 2025-2026, ordinal: 1, start: 2025-09-01, end: 2026-02-28, teaching_start: 2025-09-15, teaching_weeks: 18}
            """)
        #expect(throws: AppError.self) { try app.setCalendar(moved, by: admin) }
        #expect(try app.calendar().semesters[0].teachingStart == LocalDate("2025-09-08"))
        let empty = try calendar("""
            semesters:
              - {year: 2025-2026, ordinal: 2, start: 2026-03-01, end: 2026-08-31, teaching_start: 2026-03-09, teaching_weeks: 17}
            """)
        #expect(try app.setCalendar(empty, by: admin).semesters.map(\.status) == ["保留", "修改"])
    }

    @Test func onlyAnAdminSetsTheCalendar() throws {
        let app = try TestSchool.make()
        #expect(throws: AppError.adminRequired(staff: "老师H1（H1）", action: "修改校历")) {
            try app.setCalendar(TestSchool.calendar, by: StaffID(rawValue: "H1"))
        }
    }
}

@Suite struct InitTests {
    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("czk-init-\(UUID().uuidString).sqlite").path
    }

    @Test func initCreatesAnOwnerOnlyDatabaseWithTheDefaultRulesAndAnAdmin() throws {
        let path = path()
        defer { try? CardDatabaseFiles.remove(path) }
        let admin = Staff(id: StaffID(rawValue: "A9"), name: "钱校长", isAdmin: true)
        let (app, summary) = try CardApp.initCollege(at: path, school: "测试学院", admin: admin, password: "校长的密码123",
                                                     rules: try CardApp.ruleFiles(nil), clock: .fixed(LocalDate("2026-10-01")!), hasher: .testing)
        #expect(summary.points == 65)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try app.ruleBook().points.count == 65)
        _ = try app.importRoster(RosterKind.courses, text: "课程代码,课程名称\nC1,语文\n", file: "c.csv", by: admin.id)
        // The first admin can log in with the password given to init, and the hash is not the password.
        let login = try app.login("A9", password: "校长的密码123")
        #expect(login.principal.isAdmin)
        let stored = try app.database.read { try $0.login("A9") }
        #expect(stored?.passwordHash.contains("校长的密码123") == false)
    }

    @Test func initRefusesAnExistingFileAndLeavesItAlone() throws {
        let path = path()
        defer { try? CardDatabaseFiles.remove(path) }
        try Data("别的文件".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AppError.databaseExists(path: path)) {
            try CardApp.initCollege(at: path, school: "x", admin: Staff(id: StaffID(rawValue: "A"), name: "a", isAdmin: true),
                                    password: "a-long-enough-password", rules: try CardApp.ruleFiles(nil), clock: .system, hasher: .testing)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "别的文件")
    }
}

/// Removes a test database with its WAL files.
enum CardDatabaseFiles {
    static func remove(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
