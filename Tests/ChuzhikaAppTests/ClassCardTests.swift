import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSeeding
import ChuzhikaTestSupport
import Foundation
import Testing

/// Class cards: derived points from members' records, recorded points by their owner.
@Suite struct ClassCardTests {
    func line(_ report: ClassReport, _ id: String) throws -> ClassReport.PointLine {
        try #require(report.points.first { $0.id == id })
    }

    @Test func derivedPointsFollowTheMembersRecords() throws {
        let app = try TestSchool.make(today: "2026-01-20")
        // 学期学分绩 of C1's three students: one below 60 → 学业未合格比率 33.3% (≥20 → -6)
        for (student, gpa) in [("S11", "55"), ("S12", "75"), ("S13", "88")] {
            _ = try app.record(TestSchool.draft("H1", "academic.gpa", student, gpa, on: "2026-01-05"))
        }
        // 违纪频次 1, 0, 2 → class sum 3 (≥1 → 0), ratio 66.7% (≥15 → -5)
        for (student, count) in [("S11", "1"), ("S12", "0"), ("S13", "2")] {
            _ = try app.record(TestSchool.draft("X1", "personal.violations", student, count, on: "2026-01-05"))
        }
        let card = try app.classCard("C1", semester: "2025-2026-1")
        let fail = try line(card, "academic.class_fail_ratio")
        #expect(fail.value == "33.3%")
        #expect(fail.points == Points(-6))
        #expect(try line(card, "personal.class_violations").value == "3")
        #expect(try line(card, "personal.class_violations").points == Points(0))
        #expect(try line(card, "personal.class_violation_ratio").points == Points(-5))
        #expect(card.domains.first { $0.domain == .personal }?.semester == Points(-5))
    }

    @Test("班级采分点在写入时记账：更正一名成员的学分绩，班级的学业未合格比率随之重记，班级卡读自记账")
    func derivedClassPointsArePostedOnWrite() throws {
        let app = try TestSchool.make(today: "2026-01-20")
        for (student, gpa) in [("S11", "55"), ("S12", "75"), ("S13", "88")] {
            _ = try app.record(TestSchool.draft("H1", "academic.gpa", student, gpa, on: "2026-01-05"))
        }
        func classLedger() throws -> Int {
            try app.database.read {
                try $0.countForTesting("""
                    SELECT COALESCE(SUM(l.points), 0) FROM ledgerEntry l JOIN scoringPoint p ON p.id = l.scoringPointId
                    WHERE l.subjectKind = 1 AND p.code = 'academic.class_fail_ratio'
                    """)
            }
        }
        #expect(try classLedger() == -600, "one of three below 60: 33.3% → -6, in hundredths")
        var correction = TestSchool.draft("H1", "academic.gpa", "S11", "65", on: "2026-01-05")
        correction.isCorrection = true
        correction.correctionReason = "登记错误"
        _ = try app.record(correction)
        #expect(try classLedger() == 400, "nobody below 60 now: 0% → +4; the old credit reversed, not deleted")
        let card = try app.classCard("C1", semester: "2025-2026-1")
        #expect(try line(card, "academic.class_fail_ratio").points == Points(4))
        #expect(card.domains.first { $0.domain == .academic }?.semester == Points(4))
    }

    @Test func weeklyClassPointsAverageTheirWeeks() throws {
        let app = try TestSchool.make(today: "2025-09-30")
        // Week 1: all three on time (100%); week 2: one of three late (66.7%) → mean 83.3% → -2
        for student in ["S11", "S12", "S13"] {
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", student, "是", on: "2025-09-09", session: 1))
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", student, student == "S13" ? "否" : "是", on: "2025-09-16", session: 1))
        }
        let line = try line(try app.classCard("C1", semester: "2025-2026-1"), "academic.class_punctuality")
        #expect(line.periods == 2)
        #expect(line.value == "均 83.3%（2 期）")
        #expect(line.points == Points(-2))
    }

    @Test func aRecordedValueOverridesTheDerivation() throws {
        let app = try TestSchool.make(today: "2026-01-20")
        _ = try app.record(TestSchool.draft("X1", "personal.humanities", "S11", "50", on: "2026-01-05"))
        _ = try app.record(TestSchool.draft("H1", "personal.class_humanities", "C1", "90", on: "2026-01-06"))
        let line = try line(try app.classCard("C1", semester: "2025-2026-1"), "personal.class_humanities")
        #expect(line.value == "90")
        #expect(line.points == Points(5))
    }

    @Test func everyClassPointHasAValueOrAReason() throws {
        let app = try TestSchool.make(today: "2026-01-20")
        let card = try app.classCard("C1", semester: "2025-2026-1")
        #expect(card.points.count == 19)
        for line in card.points {
            #expect(line.points != nil || !(line.reason ?? "").isEmpty, "\(line.name)")
        }
        let graduation = try line(card, "career.class_employer_evaluation")
        #expect(graduation.reason?.contains("毕业学年 2026-2027") == true)
        let recorded = try line(card, "academic.class_self_study")
        #expect(recorded.reason?.contains("尚未录入") == true)
    }

    @Test func theDemoClassCardIsFullAndRanked() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app = try CardApp.open(path: path, clock: .fixed(LocalDate("2026-01-20")!))
        _ = try app.loadDemo(try SeedLoader.demo(), rules: try Repository.shippedRules(), semesters: 1)
        let card = try app.classCard("WL2401")
        for line in card.points {
            #expect(line.points != nil || line.reason != nil, "\(line.name)")
            if line.timing != "毕业前" { #expect(line.points != nil, "\(line.name): \(line.reason ?? "")") }
        }
        #expect(card.classesInCohort == 3)
        let ranks = try ["WL2401", "RJ2401", "JD2401"].map { try app.classCard($0).rank }.sorted()
        #expect(ranks.first == 1)
        #expect(ranks.allSatisfy { (1...3).contains($0) })
    }
}

/// `czk due`: 采分时点 × 采分主体 as a checklist.
@Suite struct DueTests {
    @Test("On a Friday a 班主任 who has not recorded sees this week's 全勤率 due today")
    func fridayShowsTheWeeksAttendance() throws {
        let app = try TestSchool.make(today: "2025-09-19")  // Friday of teaching week 2
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "100", on: "2025-09-12"))
        let list = try app.due(for: StaffID(rawValue: "H1"))
        let attendance = list.items.filter { $0.pointID == "academic.full_attendance" }
        let thisWeek = attendance.filter { $0.periodKey == "2025-2026-1:W02" }
        #expect(Set(thisWeek.map(\.subject)) == ["S11", "S12", "S13"])
        #expect(thisWeek.allSatisfy { $0.status == "今天到期" })
        // Last week: S11 was recorded; S12 and S13 are 7 days overdue.
        let lastWeek = attendance.filter { $0.periodKey == "2025-2026-1:W01" }
        #expect(Set(lastWeek.map(\.subject)) == ["S12", "S13"])
        #expect(lastWeek.allSatisfy { $0.daysOverdue == 7 })
        // Only H1's class and H1's points.
        #expect(list.items.allSatisfy { ["S11", "S12", "S13", "C1"].contains($0.subject) && $0.staff == "H1" })
    }

    @Test func recordingClearsTheItem() throws {
        let app = try TestSchool.make(today: "2025-09-19")
        for student in ["S11", "S12", "S13"] {
            _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", student, "100", on: "2025-09-19"))
        }
        let list = try app.due(for: StaffID(rawValue: "H1"))
        #expect(!list.items.contains { $0.periodKey == "2025-2026-1:W02" && $0.pointID == "academic.full_attendance" })
    }

    @Test func ownersSeeOnlyTheirPointsAndAnAdminSeesEveryone() throws {
        let app = try TestSchool.make(today: "2026-01-12")  // the day after teaching ends
        let pe = try app.due(for: StaffID(rawValue: "P1"), ahead: 0)
        #expect(Set(pe.items.map(\.pointID)) == ["personal.fitness"])
        #expect(Set(pe.items.map(\.subject)) == ["S11", "S12", "S13"])
        // K1 teaches 程序设计: not the 思政 or 创新创业 course grades.
        let course = try app.due(for: StaffID(rawValue: "K1"), ahead: 0)
        #expect(!course.items.contains { $0.pointID == "personal.ideological_course" || $0.pointID == "career.innovation_course" })
        let everyone = try app.due(for: StaffID(rawValue: "A1"), ahead: 0)
        #expect(Set(everyone.items.map(\.staff)).isSuperset(of: ["H1", "H2", "X1", "Y1", "P1", "F1"]))
        // Derived class points are never due.
        #expect(!everyone.items.contains { $0.pointID == "personal.class_violations" })
        #expect(everyone.items.contains { $0.pointID == "academic.class_self_study" && $0.subject == "C1" })
    }

    @Test func firstSemesterCareerPlanIsDueOnlyForFreshmenFromTheMiddle() throws {
        let before = try TestSchool.make(today: "2025-10-20")
        #expect(!(try before.due(for: StaffID(rawValue: "Y2"), ahead: 100).items.contains { $0.pointID == "career.career_plan" }))
        let after = try TestSchool.make(today: "2025-11-20")
        let plans = try after.due(for: StaffID(rawValue: "Y2"), ahead: 100).items.filter { $0.pointID == "career.career_plan" }
        #expect(Set(plans.map(\.subject)) == ["S21", "S22", "S23"])  // C2 is the 2025 cohort
        #expect(!(try after.due(for: StaffID(rawValue: "Y1"), ahead: 100).items.contains { $0.pointID == "career.career_plan" }))
    }
}
