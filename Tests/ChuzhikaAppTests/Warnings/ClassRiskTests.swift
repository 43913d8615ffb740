import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// Class rules: a class whose 违纪学生比率 or 学业未合格比率 passes a threshold is warned, and
/// the warning reaches that class's 班主任 and 学工办, not another class's.
@Suite struct ClassRiskTests {
    /// Semester-end week of 2025-2026-1: 违纪频次 may be recorded.
    func school() throws -> CardApp { try TestSchool.make(today: "2026-01-07") }

    func violations(_ app: CardApp, _ student: String, _ count: String) throws -> RecordReceipt {
        try app.record(TestSchool.draft("X1", "personal.violations", student, count, on: "2026-01-05"))
    }

    @Test("班级违纪学生比率越过阈值：同一条命令报出班级预警，告知该班班主任和学工办")
    func aClassWhoseViolationShareCrossesTheThresholdIsWarned() throws {
        let app = try school()
        let first = try violations(app, "S11", "0")
        #expect(!first.warnings.contains { $0.rule == "class.discipline_rate" }, "0 of 1 recorded member")
        _ = try violations(app, "S12", "0")
        let third = try violations(app, "S13", "1")  // 1 of 3 = 33.3 % ≥ 25 %
        let raised = try #require(third.warnings.first { $0.rule == "class.discipline_rate" })
        #expect(raised.student == "C1")
        #expect(raised.level == .orange)
        #expect(raised.evidence.hasPrefix("本学期违纪学生比率(%) 33.3 ≥ 25"), "\(raised.evidence)")

        let head = try app.risks(by: app.principal("H1"))
        let line = try #require(head.first { $0.rule == "class.discipline_rate" })
        #expect(line.scope == "班级" && line.schoolClass == "C1")
        #expect(try app.risks(by: app.principal("X1")).contains { $0.id == line.id }, "学工办 of the department")
        #expect(try !app.risks(by: app.principal("H2")).contains { $0.id == line.id }, "another class's 班主任")
        #expect(try !app.risks(by: app.principal("K1")).contains { $0.id == line.id }, "a course teacher is not told")
    }

    @Test("班级比率回落后预警消除；再扫描不重复")
    func theClassWarningClosesWhenTheShareFalls() throws {
        let app = try school()
        _ = try violations(app, "S11", "0")
        _ = try violations(app, "S12", "1")
        _ = try violations(app, "S13", "0")
        var correction = TestSchool.draft("X1", "personal.violations", "S12", "0", on: "2026-01-05")
        correction.isCorrection = true
        correction.correctionReason = "误录"
        let receipt = try app.record(correction)
        #expect(receipt.warnings.contains { $0.rule == "class.discipline_rate" && $0.change == "消除" })
        _ = try app.scanRisks(by: app.principal("A1"))
        #expect(try app.scanRisks(by: app.principal("A1")).isEmpty)
    }

    @Test("学业未合格比率来自课程成绩")
    func failureShareComesFromCourseResults() throws {
        let app = try school()
        let sheet = """
            学号,课程,学分,成绩,考试性质,学期
            S11,高等数学,4,52,正考,2025-2026-1
            S12,高等数学,4,75,正考,2025-2026-1
            S13,高等数学,4,88,正考,2025-2026-1
            """
        let report = try app.importCourseResults(sheet, file: "成绩.csv", by: app.principal("A1"))
        let classWarning = try #require(report.warnings.first { $0.rule == "class.failure_rate" })
        #expect(classWarning.student == "C1" && classWarning.level == .orange)  // 1 of 3 ≥ 30 %
        // The same sheet again adds nothing; a different mark for an imported sitting is refused.
        let again = try app.importCourseResults(sheet, file: "成绩.csv", by: app.principal("A1"))
        #expect(again.results == 0 && again.unchanged == 3 && again.warnings.isEmpty)
        #expect(throws: AppError.self) {
            try app.importCourseResults(sheet.replacingOccurrences(of: "S11,高等数学,4,52", with: "S11,高等数学,4,62"),
                                        file: "成绩.csv", by: app.principal("A1"))
        }
    }

    @Test func classRulesMayOnlyReadClassIndicators() throws {
        let text = """
            version: t
            risks:
              - id: c.one
                name: 一
                scope: class
                category: 违纪
                levels:
                  - {level: 黄, when: "violations >= 4"}
                notify: [班主任]
                advice: 谈话
            """
        let result = RuleBookLoader.load([RuleSource(path: "risks.yaml", text: text)])
        #expect(result.errors.contains { $0.location.line == 8 && $0.message.contains("未知指标 violations") })
    }
}
