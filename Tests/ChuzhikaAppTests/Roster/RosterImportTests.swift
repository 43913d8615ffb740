import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk roster import`: sheets in, dated changes out, nobody deleted.
@Suite struct RosterImportTests {
    let admin = StaffID(rawValue: "A1")

    func rosterRows(_ app: CardApp) throws -> Int {
        try app.database.read { try $0.rosterCounts().students }
    }

    @Test func newStudentsAreAddedAndKnownOnesLeftAlone() throws {
        let app = try TestSchool.make()
        // Given a sheet with one known student as they are and one new student
        let sheet = "学号,姓名,班级\nS11,张三,C1\nS14,周九,C1\n"
        // When the admin imports it
        let report = try app.importRoster(.students, text: sheet, file: "学生.csv", by: admin)
        // Then one is added, one is unchanged, and the new student can be recorded for
        #expect(report.changes.map(\.action) == ["added"])
        #expect(report.changes.first?.line == 3)
        #expect(report.unchanged == 1)
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S14", "80", on: "2026-01-05"))
    }

    @Test func aDryRunReportsExactlyWhatWouldChangeAndWritesNothing() throws {
        let app = try TestSchool.make()
        let sheet = "学号,姓名,班级,状态,日期\nS11,张三,C2,在读,2025-11-01\nS12,李四,C1,退学,2025-11-02\nS13,王小五,C1,,\nS15,新生,C2,,\n"
        let before = try app.database.read { try $0.rosterState() }
        let dry = try app.importRoster(.students, text: sheet, file: "学生.csv", by: admin, dryRun: true)
        #expect(dry.isDryRun)
        #expect(dry.changes.map(\.action) == ["moved", "ended", "changed", "added"])
        #expect(dry.changes[0].detail == "班级 C1 → C2（2025-11-01）")
        let after = try app.database.read { try $0.rosterState() }
        #expect(after.students == before.students)
        // The real import makes exactly the changes the dry run listed.
        let real = try app.importRoster(.students, text: sheet, file: "学生.csv", by: admin)
        #expect(real.changes == dry.changes)
    }

    @Test("离校的学生不删除：储值卡保留，离校日之后不能再录入")
    func aStudentWhoLeavesKeepsTheirCard() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S12", "90", on: "2026-01-05"))
        _ = try app.importRoster(.students, text: "学号,姓名,班级,状态,日期\nS12,李四,C1,退学,2026-01-08\n", file: "s.csv", by: admin)
        // The card is still there with its points
        let card = try app.account(of: "S12")
        #expect(card.semesterTotal > .zero)
        // A record dated after leaving is refused; one dated before is still possible
        #expect(throws: AppError.studentEnded("S12", name: "李四", on: LocalDate("2026-01-08")!, reason: "退学")) {
            try app.record(TestSchool.draft("H1", "academic.perfect_attendance", "S12", "90", on: "2026-01-09"))
        }
        _ = try app.record(TestSchool.draft("H1", "academic.perfect_attendance", "S12", "90", on: "2025-12-31"))
        // And the student no longer shows on the class's due list
        let due = try app.due(for: StaffID(rawValue: "H1"), on: LocalDate("2026-01-10")!, ahead: 30)
        #expect(!due.items.contains { $0.subject == "S12" })
        #expect(due.items.contains { $0.subject == "S11" })
    }

    @Test func aMovedStudentIsRecordedByTheNewClassTeacher() throws {
        let app = try TestSchool.make(today: "2025-11-10")
        _ = try app.importRoster(.students, text: "学号,姓名,班级,日期\nS11,张三,C2,2025-11-01\n", file: "s.csv", by: admin)
        #expect(throws: AppError.self) { try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "80", on: "2026-01-05")) }
        _ = try app.record(TestSchool.draft("H2", "academic.gpa", "S11", "80", on: "2026-01-05"))
    }

    @Test func anEndedAssignmentNoLongerGrantsRecording() throws {
        let app = try TestSchool.make(today: "2025-11-10")
        let sheet = "工号,角色,班级,课程,系部,专业,状态,日期\nH1,班主任,C1,,,,结束,2025-11-01\nH2,班主任,C1,,,,,2025-11-01\n"
        let report = try app.importRoster(.assignments, text: sheet, file: "a.csv", by: admin)
        #expect(report.changes.map(\.action) == ["ended", "added"])
        #expect(throws: AppError.self) { try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "80", on: "2026-01-05")) }
        _ = try app.record(TestSchool.draft("H2", "academic.gpa", "S11", "80", on: "2026-01-05"))
    }

    @Test func everyBadRowIsNamedAndNothingIsWritten() throws {
        let app = try TestSchool.make()
        let sheet = "学号,姓名,班级,状态,日期\nS31,甲,C9,,\nS32,,C1,,\nS33,丙,C1,休假,\nS34,丁,C1,,2026-02-30\nS11,张三,C1,,\nS11,张三,C1,,\nS35,戊,C1,,\n"
        var caught: [Diagnostic] = []
        do {
            _ = try app.importRoster(.students, text: sheet, file: "学生.csv", by: admin)
        } catch AppError.inputProblems(let problems) {
            caught = problems
        }
        #expect(caught.map(\.location.line) == [2, 3, 4, 5, 7])
        #expect(caught[0].message == "没有班级 C9")
        #expect(caught[1].message == "没有填写姓名")
        #expect(caught[2].message.contains("未知的状态“休假”"))
        #expect(caught[3].message.contains("2026 年 2 月只有 28 天"))
        #expect(caught[4].message == "与第 6 行重复")
        #expect(try rosterRows(app) == 6, "S35 on a good row was not written either")
    }

    @Test func aSheetWithoutItsColumnsSaysWhichAndShowsTheHeader() throws {
        let app = try TestSchool.make()
        #expect(throws: AppError.self) { try app.importRoster(.students, text: "code,name\nS40,甲\n", file: "x.csv", by: admin) }
        do {
            _ = try app.importRoster(.students, text: "学号,姓名\nS40,甲\n", file: "x.csv", by: admin)
        } catch AppError.inputProblems(let problems) {
            #expect(problems.first?.message == "缺少列 班级")
            #expect(problems.first?.hint?.contains("学号,姓名,班级,状态,日期") == true)
        }
    }

    @Test func onlyAnAdminMayChangeTheRoster() throws {
        let app = try TestSchool.make()
        #expect(throws: AppError.adminRequired(staff: "老师H1（H1）", action: "修改花名册")) {
            try app.importRoster(.students, text: "学号,姓名,班级\nS40,甲,C1\n", file: "x.csv", by: StaffID(rawValue: "H1"))
        }
        #expect(try rosterRows(app) == 6)
    }

    @Test func classesBringTheirMajorsAndDepartmentsAndCannotChangeCohort() throws {
        let app = try TestSchool.make()
        let sheet = "班级代码,班级名称,专业代码,专业名称,系部代码,系部名称,入学年份,学制\nNEW1,新班,M9,新专业,D9,新系,2025,3\n"
        let report = try app.importRoster(.classes, text: sheet, file: "c.csv", by: admin)
        #expect(report.changes.map(\.action) == ["added", "added", "added"])
        let changed = "班级代码,班级名称,专业代码,入学年份\nC1,软件2401班,M1,2023\n"
        #expect(throws: AppError.self) { try app.importRoster(.classes, text: changed, file: "c.csv", by: admin) }
    }

    @Test func staffLeaveWithADateAndCannotRecordAfterwards() throws {
        let app = try TestSchool.make(today: "2025-11-10")
        let report = try app.importRoster(.staff, text: "工号,姓名,管理员,状态,日期\nK1,老师K1,否,离职,2025-11-01\n", file: "t.csv", by: admin)
        #expect(report.changes.map(\.action) == ["ended"])
        #expect(throws: AppError.staffEnded("K1", name: "老师K1", on: LocalDate("2025-11-01")!)) {
            try app.record(TestSchool.draft("K1", "academic.punctuality", "S11", "是", on: "2025-10-15", session: 1))
        }
    }

    @Test func theShippedTemplatesImportIntoANewCollege() throws {
        // Given a college started from nothing but the templates
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (app, _) = try CardApp.initCollege(
            at: path, school: "测试学院", admin: Staff(id: StaffID(rawValue: "admin"), name: "管理员", isAdmin: true),
            password: "initial-password-1", rules: try Repository.shippedRules(), clock: .fixed(LocalDate("2026-10-15")!), hasher: .testing)
        let template = try #require(CardApp.template("calendar.yaml"))
        let (calendar, problems) = CalendarReader.read(template, file: "calendar.yaml")
        #expect(problems.isEmpty)
        _ = try app.setCalendar(try #require(calendar), by: StaffID(rawValue: "admin"))
        for kind in RosterKind.allCases {
            let text = try #require(CardApp.template("\(kind.rawValue).csv"))
            _ = try app.importRoster(kind, text: text, file: "\(kind.rawValue).csv", by: StaffID(rawValue: "admin"))
        }
        // When the template's 班主任 records the first value
        let receipt = try app.record(TestSchool.draft("T101", "academic.extracurricular", "2026010101", "3", on: "2026-10-15"))
        // Then it is on the student's card
        #expect(receipt.subjectName == "李明")
        #expect(try app.account(of: "2026010101").recent.count == 1)
    }
}
