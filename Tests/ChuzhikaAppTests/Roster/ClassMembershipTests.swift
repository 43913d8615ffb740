import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Testing

/// A class card of a past semester counts that semester's members, from the roster's trail of moves.
@Suite struct ClassMembershipTests {
    @Test("调班后，上学期的班级卡仍按上学期的成员计算")
    func aPastSemestersClassCardKeepsTheMembersOfThatSemester() throws {
        // Given S11 (60%) and S12 (100%) of C1 have a week's 全勤率 in the first semester
        let app = try TestSchool.make(today: "2026-03-10")
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "60", on: "2025-10-17"))
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S12", "100", on: "2025-10-17"))
        // When S11 moves to C2 from the second semester on
        let moved = try app.importRoster(
            .students, text: "学号,姓名,班级,状态,日期\nS11,张三,C2,在读,2026-03-02\n", file: "调班.csv", by: StaffID(rawValue: "A1"))
        #expect(moved.changes.map(\.action) == ["moved"])
        // Then the first semester's C1 card still has S11: three members, 全勤率 the mean of 60 and 100
        let first = "2025-2026-1"
        let c1 = try app.classCard("C1", semester: first)
        #expect(c1.students == 3)
        #expect(c1.points.first { $0.id == "academic.class_full_attendance" }?.value == "80%")
        // And C2's card of that semester neither counts S11 nor takes their record
        let c2 = try app.classCard("C2", semester: first)
        #expect(c2.students == 3)
        #expect(c2.points.first { $0.id == "academic.class_full_attendance" }?.value == nil)
        // While in the second semester S11 is C2's
        #expect(try app.classCard("C2", semester: "2025-2026-2").students == 4)
        #expect(try app.classCard("C1", semester: "2025-2026-2").students == 2)
        // And the class report of the first semester lists S11 among C1's members
        let report = try app.classDevelopmentReport("C1", by: app.admin(), semester: first)
        #expect(report.members.map(\.id).sorted() == ["S11", "S12", "S13"])
    }

    @Test func aMoveReadsBackFromItsTrailWords() throws {
        let move = ClassMove(student: StudentID(rawValue: "S11"), from: ClassID(rawValue: "WL2401"),
                             to: ClassID(rawValue: "RJ2401"), on: LocalDate("2026-03-02")!)
        #expect(move.detail == "班级 WL2401 → RJ2401（2026-03-02）")
        #expect(ClassMove(student: "S11", detail: move.detail) == move)
        #expect(ClassMove(student: "S11", detail: "新生，班级 WL2401") == nil)
    }
}
