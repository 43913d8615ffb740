import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaPostgres
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// Several colleges beside each other (on PostgreSQL: in one database), and a province that
/// sees their aggregates and never a student.
@Suite struct CollegesTests {
    /// Two colleges with the same codes (学号 S11, admin A1 …): only the college a person belongs
    /// to ever answers them.
    func twoColleges() throws -> (CardApp, CardApp) {
        let a = try TestSchool.make(today: "2026-01-07")
        let b = try TestSchool.make(today: "2026-01-07")
        _ = try a.record(TestSchool.draft("H1", "academic.gpa", "S11", "90", on: "2026-01-05"))
        _ = try b.record(TestSchool.draft("H1", "academic.gpa", "S11", "50", on: "2026-01-05"))
        for app in [a, b] {
            try app.database.write { try $0.saveLogin("A1", kind: "staff", passwordHash: try PasswordHasher.testing.hash("college-pass")) }
        }
        return (a, b)
    }

    @Test("学校 A 的人看不到学校 B：A 的登录在 B 无效，同一学号在两校各是各的记录")
    func aPersonOfOneCollegeNeverSeesAnother() throws {
        let (a, b) = try twoColleges()
        let token = try a.login("A1", password: "college-pass").token
        #expect(try a.principal(token: token).code == "A1")
        #expect(throws: AppError.notLoggedIn) { try b.principal(token: token) }
        let admin = try a.principal(token: token)
        let seen = try a.account(of: "S11", by: admin).recent.map(\.value)
        #expect(seen == ["90"], "A's admin sees A's S11 only: \(seen)")
        #expect(try a.database.read { try $0.countForTesting("SELECT count(*) FROM record") } == 1)
        #expect(try b.database.read { try $0.countForTesting("SELECT count(*) FROM record") } == 1)
    }

    @Test(
        "省级只读角色：看得到各校汇总、班级卡和预警数（心理小数目不显示），读不到任何学生的表",
        .enabled(if: TestStores.postgresURL != nil, "needs CZK_TEST_POSTGRES"))
    func theProvinceSeesAggregatesAndNeverAStudent() throws {
        let owner = try #require(TestStores.postgresURL)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        func college(_ code: String) throws -> CardApp {
            try TestSchool.make(today: "2026-01-07", store: try TestStores.store(on: #require(TestStores.college(named: "\(code)_\(suffix)"))))
        }
        let a = try college("pa")
        let b = try college("pb")
        for (app, gpa) in [(a, "90"), (b, "60")] {
            _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", gpa, on: "2026-01-05"))
            _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S12", "70", on: "2026-01-05"))
        }
        // One 心理 warning in A: too few to show a province.
        try a.database.write {
            try $0.executeForTesting("""
                INSERT INTO warning(studentId, ruleId, category, level, status, episode, openedOn, evidence, condition, isNoData)
                SELECT id, 'psych.test', '心理', '黄', 'open', 1, '2026-01-05', '', '', 0 FROM student WHERE code = 'S13'
                """)
        }
        #expect(try PostgresProvince.refresh(ownerURL: owner) >= 2)
        // While the province's views exist, every college dropped rebuilds them over all the
        // others: the suite's hundreds of throwaway colleges would, for the rest of the run.
        // Under the province's lock, as a college's drop takes it.
        defer {
            try? a.database.write { session in
                try session.executeForTesting("SELECT pg_advisory_xact_lock(hashtext('czk_province'))")
                try session.executeForTesting("DROP SCHEMA IF EXISTS province CASCADE")
            }
        }
        let reviewer = "reviewer_\(suffix)"
        try a.database.write { try $0.executeForTesting("CREATE ROLE \(reviewer) LOGIN IN ROLE czk_province") }
        var url = try #require(URLComponents(string: owner))
        url.user = reviewer
        let province = try PostgresProvince(url: try #require(url.string))

        let colleges = try province.colleges().filter { $0.college.hasSuffix(suffix) }
        #expect(colleges.map(\.college) == ["pa_\(suffix)", "pb_\(suffix)"])
        #expect(colleges.allSatisfy { $0.students == 6 && $0.classes == 2 && $0.records == 2 })
        let cards = try province.classCards(semester: "2025-2026-1").filter { $0.college == "pa_\(suffix)" && $0.schoolClass == "C1" }
        let academic = try #require(cards.first { $0.domain == Domain.academic.rawValue })
        #expect(academic.members == 2 && academic.average == academic.total / 2)
        let psych = try province.warningCounts().filter { $0.college == "pa_\(suffix)" && $0.category == "心理" }
        #expect(psych.count == 1 && psych[0].count == nil, "a count under \(WarningCount.minimumSensitiveCount) is withheld")

        for table in ["student", "record", "ledgerEntry", "warning", "login", "audit"] {
            #expect(throws: StoreError.self, "the reviewer read \(table)") {
                try province.executeForTesting("SELECT * FROM college_pa_\(suffix).\(table)")
            }
        }

        // A college dropped (a demo replaced, a failed migration's target) takes the province's
        // views with it in PostgreSQL; they come back over the colleges left, in one transaction.
        var third: CardApp? = try college("pc")
        #expect(try PostgresProvince.refresh(ownerURL: owner) >= 3)
        #expect(try province.colleges().contains { $0.college == "pc_\(suffix)" })
        third = nil
        _ = third
        let left = try province.colleges().filter { $0.college.hasSuffix(suffix) }.map(\.college)
        #expect(left == ["pa_\(suffix)", "pb_\(suffix)"], "the province lost its views, or kept a dropped college")
        #expect(try province.warningCounts().contains { $0.college == "pa_\(suffix)" })
    }
}
