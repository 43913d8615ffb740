import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// 诊改报告: numbers that come from the data, the reader's scope, and nothing sensitive to
/// anyone but the 辅导员.
@Suite struct ReportTests {
    /// Semester-end week of 2025-2026-1, with 学期末 GPAs for class C1: 90, 70, 60.
    func school() throws -> CardApp { try TestSchool.makeGraded() }

    @Test("学生报告：班级平均、班内排名、优势和待提升都由数据算出")
    func theStudentReportComparesWithTheClassFromTheData() throws {
        let app = try school()
        let admin = try app.principal("A1")
        let cards = try ["S11", "S12", "S13"].map { try app.account(of: $0, by: admin) }
        let academic = cards.map { $0.domains[0].semester.hundredths }
        try #require(academic[0] > academic[2], "a higher GPA scores more: \(academic)")

        let best = try app.studentReport(of: "S11", by: app.principal("H1"))
        let mean = Points(Double(academic.reduce(0, +)) / 100 / 3)
        #expect(best.comparison[0].classAverage == mean)
        #expect(best.comparison[0].student == cards[0].domains[0].semester)
        #expect(best.comparison.last?.name == "总分汇总")
        #expect(best.classSize == 3)
        #expect(best.rankInClass == 1 + cards.filter { $0.semesterTotal > cards[0].semesterTotal }.count)
        #expect(best.strengths.contains { $0.id == "academic.gpa" }, "\(best.strengths)")
        #expect(!best.improvements.contains { $0.id == "academic.gpa" })

        let last = try app.studentReport(of: "S13", by: app.principal("H1"))
        #expect(last.improvements.contains { $0.id == "academic.gpa" }, "\(last.improvements)")
        #expect(last.advice.contains { $0.hasPrefix("「\(last.improvements[0].name)」") }, "\(last.advice)")
        #expect(last.rankInClass == 3)
        #expect(last.trend.map(\.semester) == ["2025-2026-1"])
    }

    @Test("学生只能看本人的报告；任课教师、其他班主任被拒绝")
    func readersOutsideTheScopeAreRefused() throws {
        let app = try school()
        let own = try app.studentReport(by: app.principal("S11"))
        #expect(own.card.studentID == "S11" && own.card.isOwnCard)
        #expect(throws: AppError.self) { try app.studentReport(of: "S12", by: app.principal("S11")) }
        #expect(throws: AppError.self) { try app.studentReport(of: "S11", by: app.principal("K1")) }
        #expect(throws: AppError.self) { try app.studentReport(of: "S11", by: app.principal("H2")) }
        #expect(throws: AppError.self) { try app.classDevelopmentReport("C1", by: app.principal("S11")) }
        #expect(throws: AppError.self) { try app.classDevelopmentReport("C1", by: app.principal("H2")) }
        let refusals = try app.database.read { try $0.audit(subject: nil, by: "K1", since: nil, limit: 10) }
        #expect(refusals.contains { $0.outcome == .refused }, "a refused report is audited")
    }

    @Test("理财预警只出现在辅导员看到的报告里，并注明保密")
    func sensitiveWarningsReachOnlyTheCounselor() throws {
        let app = try school()
        _ = try app.flagRisk("S11", category: .finance, reason: "多次向同学借款", by: app.principal("H1"))
        _ = try app.flagRisk("S11", category: .academic, reason: "连续两周未交作业", by: app.principal("H1"))
        let counselor = try app.studentReport(of: "S11", by: app.principal("F1"))
        #expect(counselor.warnings.contains { $0.category == "理财" })
        #expect(counselor.isConfidential)
        let head = try app.studentReport(of: "S11", by: app.principal("H1"))
        #expect(!head.warnings.contains { $0.category == "理财" } && head.warnings.contains { $0.category == "学业" })
        #expect(!head.isConfidential)
        let own = try app.studentReport(by: app.principal("S11"))
        #expect(own.warnings.map(\.category) == ["学业"], "a student sees their 学业 reminder, never 理财")
        let classReport = try app.classDevelopmentReport("C1", by: app.principal("H1"))
        #expect(!classReport.warnings.contains { $0.category == "理财" })
        #expect(try app.classDevelopmentReport("C1", by: app.principal("F1")).warnings.contains { $0.category == "理财" })
    }

    @Test("班级报告：按时、补录、未录按截止日计算；更正不算迟")
    func theClassReportCountsOnTimeLateAndNever() throws {
        let database = try TestStores.fresh()
        let files = try Repository.shippedRules()
        try database.write { session in
            try session.insert(TestSchool.roster)
            try session.insert(TestSchool.calendar)
            try session.insertRuleSet(version: "t", files: files, appliedBy: "test", at: "2025-09-01T00:00:00Z")
        }
        let inWeek = CardApp(database: database, clock: .fixed(LocalDate("2025-09-12")!))  // the week's due day
        let later = CardApp(database: database, clock: .fixed(LocalDate("2026-01-07")!))
        _ = try inWeek.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "100", on: "2025-09-12"))
        _ = try later.record(TestSchool.draft("H1", "academic.full_attendance", "S12", "100", on: "2025-09-12"))
        var fix = TestSchool.draft("H1", "academic.full_attendance", "S11", "90", on: "2025-09-12")
        fix.isCorrection = true
        fix.correctionReason = "漏记一次缺勤"
        _ = try later.record(fix)

        let report = try later.classDevelopmentReport("C1", by: later.principal("H1"), semester: "2025-2026-1")
        let line = try #require(report.timeliness.first { $0.label.hasPrefix("全勤率") }, "\(report.timeliness.map(\.label))")
        let semester = try #require(TestSchool.calendar.semester(SemesterID(rawValue: "2025-2026-1")))
        let weeks = TestSchool.calendar.periods(of: .weekly, in: semester, cohort: Cohort(enrollmentYear: 2024))
            .filter { $0.dueOn < LocalDate("2026-01-07")! }.count
        #expect(line.expected == 3 * weeks)
        #expect(line.onTime == 1, "S11 on the week's end, corrected later: still on time")
        #expect(line.late == 1, "S12 months after the due day")
        #expect(line.never == 3 * weeks - 2)
        #expect(line.owner == "班主任")
    }

    @Test("学院报告：管理员看全院，学工办只看本系部，其他人被拒绝；心理理财小数目不显示")
    func theCollegeReportIsForStudentAffairsAndTheAdmin() throws {
        let app = try school()
        let before = try app.collegeReport(by: app.principal("A1"))
        let yellow = { (report: CollegeReport) in report.warnings.first { $0.category == "学业" && $0.level == "黄" }?.count ?? 0 }
        let c1Before = before.units.first { $0.code == "C1" }?.warnings["学业"] ?? 0
        _ = try app.flagRisk("S11", category: .finance, reason: "多次向同学借款", by: app.principal("H1"))
        _ = try app.flagRisk("S12", category: .academic, reason: "连续两周未交作业", by: app.principal("H1"))
        let whole = try app.collegeReport(by: app.principal("A1"))
        #expect(whole.students == 6 && whole.classes == 2 && whole.scope == "全院")
        #expect(whole.units.filter { $0.level == "系部" }.map(\.code) == ["D1", "D2"])
        let finance = try #require(whole.warnings.first { $0.category == "理财" && $0.level == "黄" })
        #expect(finance.count == nil && finance.shown == "<3", "one 理财 warning is not a number anyone should read")
        #expect(yellow(whole) == yellow(before) + 1)
        let c1 = try #require(whole.units.first { $0.code == "C1" })
        #expect(c1.warnings["学业"] == c1Before + 1 && c1.warnings["理财"] == nil, "no sensitive counts per unit")

        let office = try app.collegeReport(by: app.principal("X1"))
        #expect(office.units.map(\.code) == ["D1", "M1", "C1"] && office.students == 3)
        #expect(throws: AppError.self) { try app.collegeReport(by: app.principal("H1")) }
        #expect(throws: AppError.self) { try app.collegeReport(by: app.principal("S11")) }
        let gpaOwner = try #require(whole.roles.first { $0.label == "班主任" })
        #expect(gpaOwner.expected > 0 && gpaOwner.onTime <= gpaOwner.expected)
    }

    @Test("分布：整数宽度的分段覆盖所有人")
    func distributionsUseRoundBinsThatCoverEveryone() {
        let values = [-3, 0, 12.5, 40, 43].map { Points($0) }
        let distribution = Distribution(name: "总分汇总", values: values)
        #expect(distribution.bins.map(\.count).reduce(0, +) == 5)
        #expect(distribution.bins.first?.lower == Points(-10) && distribution.bins.last.map { $0.upper > Points(43) } == true)
        #expect(Set(distribution.bins.map { ($0.upper - $0.lower).hundredths }) == [1_000])
        #expect(distribution.median == Points(12.5) && distribution.minimum == Points(-3) && distribution.maximum == Points(43))
        #expect(Distribution(name: "x", values: []).bins.isEmpty)
        #expect(Distribution(name: "x", values: [Points(5), Points(5)]).bins.map(\.count) == [2])
    }
}
