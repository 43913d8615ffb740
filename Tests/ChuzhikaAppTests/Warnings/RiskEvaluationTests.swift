@testable import ChuzhikaApp
@testable import ChuzhikaSheets
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// The replayed warning lifecycle, on its own.
@Suite struct RiskBacktestTests {
    let student = StudentID(rawValue: "S1")
    let day1 = LocalDate("2026-02-28")!, day2 = LocalDate("2026-08-31")!, day3 = LocalDate("2027-02-28")!

    @Test("缺少数据不消除已开启的预警；条件不成立才消除")
    func undeterminedKeepsAWarningOpenAndClearClosesIt() {
        var backtest = RiskBacktest()
        backtest.apply(.raised(.red, evidence: "", condition: ""), for: student, rule: "r", on: day1)
        backtest.apply(.undetermined(missing: ["share_failed"]), for: student, rule: "r", on: day2)
        #expect(backtest.state(of: student, rule: "r")?.isOpen == true)
        backtest.apply(.clear, for: student, rule: "r", on: day3)
        #expect(backtest.state(of: student, rule: "r")?.isOpen == false)
        #expect(backtest.open(student).isEmpty)
    }

    @Test("开启期间保持见过的最高等级；再次开启时记住第一次预警的日子")
    func anOpenWarningKeepsItsHighestLevelAndAReopeningKeepsTheFirstDay() {
        var backtest = RiskBacktest()
        backtest.apply(.raised(.red, evidence: "", condition: ""), for: student, rule: "r", on: day1)
        backtest.apply(.raised(.yellow, evidence: "", condition: ""), for: student, rule: "r", on: day2)
        #expect(backtest.state(of: student, rule: "r")?.level == .red)
        backtest.apply(.clear, for: student, rule: "r", on: day2)
        backtest.apply(.raised(.yellow, evidence: "", condition: ""), for: student, rule: "r", on: day3)
        let state = backtest.state(of: student, rule: "r")
        #expect(state?.level == .yellow && state?.openedOn == day3 && state?.firstOpenedOn == day1)
        backtest.apply(.undetermined(missing: []), for: student, rule: "other", on: day3)
        #expect(backtest.state(of: student, rule: "other") == nil, "no data opens nothing")
    }
}

/// `czk risks evaluate` on a small college whose outcomes are known.
@Suite struct RiskEvaluationTests {
    static let risks = """
        risks:
          - id: course.failing
            name: 挂科过多
            category: 学业
            levels:
              - {level: 红, when: "share_failed >= 50"}
              - {level: 黄, when: "share_failed >= 25"}
            evidence: [share_failed]
            notify: [班主任, 辅导员]
            advice: 安排学业帮扶
            missing: ignore
          - id: finance.hardship
            name: 经济困难
            category: 理财
            levels:
              - {level: 黄, when: "hardship == 1"}
            evidence: [hardship]
            notify: [辅导员]
            advice: 落实资助
            missing: ignore

        """
    static func rules(_ text: String = risks) throws -> [RuleSource] {
        try Repository.shippedRules().replacing("risks.yaml") { _ in text }
    }

    /// S11 退学 (2026-05-01): fails everything in semester 1, no result in semester 2.
    /// S12 退学 (no date): fails half in semester 1, passes everything in semester 2.
    /// S13 毕业: passes in semester 1, fails a quarter in semester 2.
    /// S21 毕业: passes both. S22 在读: fails in semester 2.
    /// S23 退学 (2026-03-15): no result at all, on the 经济困难 register from semester 1.
    static let outcomes = "学号,结局,结局日期\nS11,退学,2026-05-01\nS12,流失,\nS13,毕业,\nS21,正常,\nS22,在读,\nS23,Dropout,2026-03-15\n"
    static let firstDay = LocalDate("2026-01-20")!, secondDay = LocalDate("2026-07-15")!

    /// The college of the docs above, scanned on `firstDay` and again on `secondDay` (today).
    static func college() throws -> CardApp {
        let first = try TestSchool.make(today: firstDay.description, rules: rules())
        let header = "学号,课程,学分,成绩,考试性质,学期\n"
        _ = try first.importCourseResults(header + """
            S11,程序设计,4,40,正考,2025-2026-1
            S12,程序设计,4,55,正考,2025-2026-1
            S12,电工电子,4,80,正考,2025-2026-1
            S13,程序设计,4,80,正考,2025-2026-1
            S21,程序设计,4,90,正考,2025-2026-1
            S22,程序设计,4,70,正考,2025-2026-1

            """, file: "成绩1.csv", by: first.principal("A1"))
        try first.changeGroup("S23", group: "经济困难", adding: true, reason: "低保", by: first.principal("A1"))
        _ = try first.scanRisks(by: first.principal("A1"))
        let second = CardApp(database: first.database, clock: .fixed(secondDay))
        _ = try second.importCourseResults(header + """
            S12,高等数学,4,75,正考,2025-2026-2
            S13,高等数学,3,80,正考,2025-2026-2
            S13,体育,1,40,正考,2025-2026-2
            S21,高等数学,4,85,正考,2025-2026-2
            S22,高等数学,4,30,正考,2025-2026-2

            """, file: "成绩2.csv", by: second.principal("A1"))
        _ = try second.scanRisks(by: second.principal("A1"))
        return second
    }

    func sheet(_ text: String = outcomes, file: String = "结局.csv") throws -> Sheet {
        let (sheet, problems) = Sheet.parse(text, file: file)
        try #require(problems.isEmpty)
        return sheet
    }

    func line(_ report: RiskEvaluation, _ kind: String, _ name: String, level: String? = nil) throws -> BacktestScore {
        try #require(report.lines.first { $0.kind == kind && ($0.name == name || $0.rule == name) && $0.level == level }).score
    }

    @Test("检出率、误报率、精确率和提前周数按构造的结局算出")
    func theScoresAreWhatTheCollegeWasBuiltToGive() throws {
        let app = try Self.college()
        let report = try app.evaluateRisks(outcomes: sheet(), by: app.principal("A1"))
        #expect(report.semester == "2025-2026-2")
        #expect(report.scanDays == [LocalDate("2026-02-28")!, Self.secondDay], "semester 1 at its end, semester 2 today")
        #expect((report.dropouts, report.graduates, report.enrolled) == (3, 2, 1))
        // Any warning: S11 (still open: no data in semester 2) and S23 of the dropouts; S13 of the graduates.
        let overall = try line(report, "全部", "任一预警")
        #expect((overall.dropoutsFlagged, overall.graduatesFlagged, overall.enrolledFlagged) == (2, 1, 1))
        #expect(overall.recall == 2.0 / 3 && overall.falseAlarms == 1.0 / 2 && overall.precision == 2.0 / 3)
        // Lead time from the stored first warnings (both opened on the first day).
        let leads = [Self.firstDay.days(until: LocalDate("2026-05-01")!), Self.firstDay.days(until: LocalDate("2026-03-15")!)]
        #expect(overall.leadTimes == 2)
        #expect(overall.medianLeadWeeks == Double(leads.reduce(0, +)) / 2 / 7)
        let failing = try line(report, "规则", "course.failing")
        #expect(failing.recall == 1.0 / 3 && failing.falseAlarms == 1.0 / 2 && failing.precision == 1.0 / 2)
        let red = try line(report, "等级", "course.failing", level: "红"), yellow = try line(report, "等级", "course.failing", level: "黄")
        #expect((red.dropoutsFlagged, red.graduatesFlagged, red.precision) == (1, 0, 1))
        #expect((yellow.dropoutsFlagged, yellow.graduatesFlagged, yellow.precision) == (0, 1, 0))
        #expect(try line(report, "类别", "理财").dropoutsFlagged == 1)
    }

    @Test("回测与扫描留在数据库里的预警一致")
    func theEvaluationAgreesWithTheWarningsTheScansLeft() throws {
        let app = try Self.college()
        let report = try app.evaluateRisks(outcomes: sheet(), by: app.principal("A1"))
        let open = try app.database.read { try $0.allWarnings(activeOnly: true) }.map(\.warning).filter { $0.subject.scope == .individual }
        let flagged = Set(open.map(\.subject.code))
        let outcome = ["S11": "退学", "S12": "退学", "S13": "毕业", "S21": "毕业", "S22": "在读", "S23": "退学"]
        let overall = try line(report, "全部", "任一预警")
        #expect(overall.dropoutsFlagged == flagged.filter { outcome[$0] == "退学" }.count)
        #expect(overall.graduatesFlagged == flagged.filter { outcome[$0] == "毕业" }.count)
    }

    @Test("--semester 回测到第一学期末：S12 那时还有预警")
    func anEarlierSemesterIsEvaluatedAsItsScanLeftIt() throws {
        let app = try Self.college()
        let report = try app.evaluateRisks(outcomes: sheet(), semester: "2025-2026-1", by: app.principal("A1"))
        #expect(report.scanDays == [LocalDate("2026-02-28")!])
        let overall = try line(report, "全部", "任一预警")
        #expect((overall.dropoutsFlagged, overall.graduatesFlagged) == (3, 0))
        #expect(throws: AppError.unknownSemester("2030-2031-1")) {
            try app.evaluateRisks(outcomes: sheet(), semester: "2030-2031-1", by: app.principal("A1"))
        }
    }

    @Test("--rules 用另一套规则回测，数据库不变")
    func otherRulesAreEvaluatedWithoutChangingTheDatabase() throws {
        let app = try Self.college()
        func counts() throws -> [Int] {
            try app.database.read { session in
                [try session.allWarnings(activeOnly: false).count, try session.ruleSets().count,
                 try session.countForTesting("SELECT COUNT(*) FROM warningEvent"), try session.countForTesting("SELECT COUNT(*) FROM audit")]
            }
        }
        let before = try counts()
        // Stricter: 黄 from 30% of the credits failed.
        let strict = try Self.rules(Self.risks.replacingOccurrences(of: "share_failed >= 25", with: "share_failed >= 30"))
        let report = try app.evaluateRisks(outcomes: sheet(), rules: strict, rulesName: "试行规则", by: app.principal("A1"))
        #expect(try counts() == before)
        #expect(report.rules.hasPrefix("试行规则"))
        // At 30% S13's quarter no longer counts: no graduate flagged.
        #expect(try line(report, "全部", "任一预警").graduatesFlagged == 0)
        // The simulated first warning is the end of semester 1 (nothing stored is used).
        let leads = [LocalDate("2026-02-28")!.days(until: LocalDate("2026-05-01")!), LocalDate("2026-02-28")!.days(until: LocalDate("2026-03-15")!)]
        #expect(try line(report, "全部", "任一预警").medianLeadWeeks == Double(leads.reduce(0, +)) / 2 / 7)
    }

    @Test("阈值扫描：>= 规则的检出率和误报率随阈值单调不增，现行阈值与规则一行相同")
    func aSweepOfAGreaterOrEqualRuleIsMonotoneAndMatchesTheRuleAtItsThreshold() throws {
        let app = try Self.college()
        let report = try app.evaluateRisks(outcomes: sheet(), sweep: "course.failing", by: app.principal("A1"))
        let sweep = try #require(report.sweep)
        #expect(sweep.indicator == "share_failed" && sweep.current == 50)
        #expect(sweep.lines.map(\.threshold) == Array(stride(from: 0.0, through: 100, by: 5)), "a percentage: 0–100 in steps of 5")
        for (a, b) in zip(sweep.lines, sweep.lines.dropFirst()) {
            #expect(b.rule.dropoutsFlagged <= a.rule.dropoutsFlagged && b.rule.graduatesFlagged <= a.rule.graduatesFlagged)
            #expect(b.overall.dropoutsFlagged <= a.overall.dropoutsFlagged)
        }
        let current = try #require(sweep.lines.first { $0.isCurrent })
        #expect(current.threshold == 50)
        #expect(current.rule == (try line(report, "规则", "course.failing")), "the sweep replays the same evaluation")
        #expect(current.overall == (try line(report, "全部", "任一预警")))
        let chosen = try app.evaluateRisks(outcomes: sheet(), sweep: "course.failing", thresholds: [10, 60], by: app.principal("A1"))
        #expect(chosen.sweep?.lines.map(\.threshold) == [10, 60])
        #expect(throws: AppError.self) { try app.evaluateRisks(outcomes: sheet(), sweep: "finance.nothing", by: app.principal("A1")) }
    }

    @Test("结局表有错：缺列、不认识的结局、不在花名册的学号，都指出行号")
    func aBadSheetIsRefusedWithEveryProblemByLine() throws {
        let app = try Self.college()
        func problems(_ text: String) throws -> [Diagnostic] {
            do {
                _ = try app.evaluateRisks(outcomes: sheet(text), by: app.principal("A1"))
            } catch AppError.inputProblems(let problems) {
                return problems
            }
            Issue.record("the sheet was accepted")
            return []
        }
        let noCode = try problems("学生,结局\nS11,退学\n")
        #expect(noCode.count == 1 && noCode[0].message.contains("缺少列 学号") && noCode[0].location.line == 1)
        let noOutcome = try problems("学号,状态\nS11,退学\n")
        #expect(noOutcome.first?.message.contains("缺少列 结局") == true)
        let rows = try problems("学号,结局,结局日期\nS11,退学,\nS12,休学,\nS99,毕业,\nS13,毕业,2026-13-01\nS11,毕业,\n")
        #expect(rows.map(\.location.line) == [3, 4, 5, 6])
        #expect(rows[0].message.contains("休学") && rows[1].message.contains("S99") && rows[3].message.contains("第 2 行"))
        #expect(rows.allSatisfy { $0.location.file == "结局.csv" && $0.hint != nil })
    }

    @Test("只有管理员可以回测，拒绝留审计")
    func onlyTheAdminMayEvaluate() throws {
        let app = try Self.college()
        #expect(throws: AppError.adminRequired(staff: try app.principal("F1").label, action: "回测预警规则")) {
            try app.evaluateRisks(outcomes: sheet(), by: app.principal("F1"))
        }
        let refused = try app.database.read { try $0.countForTesting("SELECT COUNT(*) FROM audit WHERE action = 'risks evaluate'") }
        #expect(refused == 1)
    }

    @Test("OULAD 的英文表头和标签也认")
    func theOULADSheetIsRead() throws {
        let app = try Self.college()
        let text = "学号,outcome,final_result\nS11,Dropout,Withdrawn\nS13,Graduate,Pass\nS22,Enrolled,Fail\n"
        let report = try app.evaluateRisks(outcomes: sheet(text), by: app.principal("A1"))
        #expect((report.dropouts, report.graduates, report.enrolled) == (1, 1, 1))
    }
}
