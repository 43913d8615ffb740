import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Testing

/// `czk risks outcomes` on a cohort whose follow-ups are known: every figure is exact.
@Suite struct RiskOutcomesTests {
    /// Semester 2025-2026-1 (to 2026-02-28), then 2025-2026-2 (to 2026-08-31): outcomes are read
    /// at the end of the second, or today if earlier.
    @Test func theFiguresOfAKnownCohortAreExact() throws {
        let time = ManualTime()
        let base = try TestSchool.make(today: "2025-10-15")
        let app = CardApp(database: base.database, clock: .manual(LocalDate("2025-10-15")!, time))
        let day = 86_400
        func flag(_ code: String, _ category: WarningCategory, by staff: String) throws -> Int64 {
            try app.flagRisk(code, category: category, reason: "理由", by: app.principal(staff))
        }
        func note(_ id: Int64, _ kind: String, by staff: String) throws {
            _ = try app.actOnRisk(id, .note(kind: kind, text: "经过"), by: app.principal(staff))
        }
        // 10-15: five warnings.
        let talked = try flag("S11", .academic, by: "H1")      // 谈心谈话 on day 2, resolved on day 10
        let helped = try flag("S12", .academic, by: "H1")      // 学业帮扶 on day 5, still open
        let ignored = try flag("S21", .academic, by: "H2")     // nobody acts
        let referred = try flag("S13", .psychological, by: "F1")  // 转介心理中心 on day 3; S13 leaves in April
        let relapsed = try flag("S11", .employment, by: "H1")  // acknowledged on day 1, resolved day 20, flagged again day 30
        time.advance(day)
        _ = try app.actOnRisk(relapsed, .acknowledge, by: app.principal("H1"))
        time.advance(day)
        try note(talked, "谈心谈话", by: "F1")
        time.advance(day)
        try note(referred, "转介心理中心", by: "F1")
        time.advance(2 * day)
        try note(helped, "学业帮扶", by: "H1")
        time.advance(5 * day)
        _ = try app.actOnRisk(talked, .resolve(reason: "已补交"), by: app.principal("F1"))
        time.advance(10 * day)
        _ = try app.actOnRisk(relapsed, .resolve(reason: "已找到实习"), by: app.principal("H1"))
        time.advance(10 * day)
        let again = try flag("S11", .employment, by: "H1")
        // In the next semester: a warning opened and acted on then is not this semester's.
        time.advance(150 * day)  // 2026-03-14
        let later = try flag("S22", .academic, by: "H2")
        try note(later, "家校联系", by: "H2")
        try app.database.write { session in
            try session.apply([RosterChange(.endStudent(StudentID(rawValue: "S13"), on: LocalDate("2026-04-01")!, reason: "退学"),
                                            kind: .students, action: .ended, code: "S13", name: "王五", detail: "退学", line: 2)],
                              source: "test", by: "A1", at: "2026-03-14T12:00:00Z")
        }
        time.advance(200 * day)  // 2026-09-30: after the next semester's end

        let outcomes = try app.riskOutcomes(semester: "2025-2026-1", by: app.admin())
        #expect(outcomes.asOf == LocalDate("2026-08-31")!)
        func row(_ category: String, _ action: String) -> RiskOutcomes.Row? {
            outcomes.rows.first { $0.category == category && $0.action == action }
        }
        #expect(outcomes.rows.count == 6, "\(outcomes.rows.map { "\($0.category) \($0.action)" })")
        #expect(row("学业", "谈心谈话").map { ($0.warnings, $0.resolved, $0.medianDaysToAction) } ?? (0, 0, nil) == (1, 1, 2))
        #expect(row("学业", "学业帮扶").map { ($0.warnings, $0.stillOpen, $0.medianDaysToAction) } ?? (0, 0, nil) == (1, 1, 5))
        #expect(row("学业", RiskOutcomes.nobodyActed).map { ($0.warnings, $0.stillOpen, $0.medianDaysToAction) } ?? (0, 0, 0) == (1, 1, nil))
        #expect(row("心理", "转介心理中心").map { ($0.warnings, $0.left, $0.medianDaysToAction) } ?? (0, 0, nil) == (1, 1, 3))
        #expect(row("就业", "仅确认").map { ($0.warnings, $0.reopened, $0.medianDaysToAction) } ?? (0, 0, nil) == (1, 1, 1))
        // The second episode (opened on day 30, in this semester) nobody acted on.
        #expect(row("就业", RiskOutcomes.nobodyActed).map { ($0.warnings, $0.stillOpen) } ?? (0, 0) == (1, 1))
        #expect(!outcomes.rows.contains { $0.action == "家校联系" }, "acted on in the next semester")
        _ = (ignored, again)

        // Read at an earlier day, the relapse and the leaving have not happened yet.
        // (Resolved on 11-04, flagged again on 11-14.)
        let early = CardApp(database: base.database, clock: .fixed(LocalDate("2025-11-10")!))
        let sooner = try early.riskOutcomes(semester: "2025-2026-1", by: early.admin())
        #expect(sooner.asOf == LocalDate("2025-11-10")!)
        #expect(sooner.rows.first { $0.action == "仅确认" }?.resolved == 1)
        #expect(sooner.rows.first { $0.action == "转介心理中心" }?.stillOpen == 1)

        // The college report carries them, 心理 in one line per category with small counts masked.
        let report = try app.collegeReport(by: app.admin(), semester: "2025-2026-1")
        let lines = report.followUps?.forCirculation ?? []
        #expect(lines.contains(["心理", "（各规则合计）", "—", "<3", "学生离校 <3", "—"]), "\(lines)")
        #expect(!lines.contains { $0[0] == "心理" && $0[2] == "转介心理中心" }, "a 心理 measure in a circulated report")
        #expect(lines.contains(["学业", "手动预警（学业）", "谈心谈话", "1", "人工解除 1", "2"]), "\(lines)")

        // A 班主任 counts only what they may see: no 心理, no other class.
        let headTeacher = try app.riskOutcomes(semester: "2025-2026-1", by: app.principal("H1"))
        #expect(Set(headTeacher.rows.map(\.category)) == ["学业", "就业"])
        #expect(headTeacher.rows.reduce(0) { $0 + $1.warnings } == 4)
        // The class report counts its own class only (C2's ignored warning is not C1's), for those
        // who see the whole class; a 任课教师's report has no such section.
        let classReport = try app.classDevelopmentReport("C1", by: app.principal("F1"), semester: "2025-2026-1")
        let classLines = classReport.followUps?.forCirculation ?? []
        #expect(classReport.followUps?.rows.reduce(0) { $0 + $1.warnings } == 5, "\(classLines)")
        #expect(!classLines.contains { $0[2] == RiskOutcomes.nobodyActed && $0[0] == "学业" }, "C2's warning in C1's report")
        #expect(classLines.contains { $0[0] == "心理" }, "the class's 辅导员 sees the 心理 line")
        let asAdmin = try app.classDevelopmentReport("C1", by: app.admin(), semester: "2025-2026-1").followUps?.rows ?? []
        #expect(!asAdmin.isEmpty && !asAdmin.contains { $0.category == "心理" }, "in one class, <3 can point at a student")
        let otherClass = try app.classDevelopmentReport("C2", by: app.admin(), semester: "2025-2026-1")
        #expect(otherClass.followUps?.rows.map(\.action) == [RiskOutcomes.nobodyActed])
        #expect(try app.classDevelopmentReport("C1", by: app.principal("K1"), semester: "2025-2026-1").followUps == nil)
        #expect(throws: AppError.self) { _ = try app.riskOutcomes(semester: "2025-2026-1", by: app.principal("S11")) }
        #expect(throws: AppError.self) { _ = try app.riskOutcomes(semester: "2030-2031-1", by: app.admin()) }
    }
}
