import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// Warnings raised on write, escalated, closed, raised again as a new episode, and followed up.
@Suite struct WarningLifecycleTests {
    /// Teaching week 10 of 2025-2026-1.
    func school() throws -> CardApp { try TestSchool.make(today: "2025-11-12") }

    func attendance(_ app: CardApp, _ student: String, _ value: String, friday: String, correct: Bool = false) throws -> RecordReceipt {
        var draft = TestSchool.draft("H1", "academic.full_attendance", student, value, on: friday)
        draft.isCorrection = correct
        draft.correctionReason = correct ? "补录" : nil
        return try app.record(draft)
    }

    @Test("一条记录让学生越过阈值，同一条命令就报出预警；再扫描不会重复")
    func aRecordThatCrossesAThresholdRaisesTheWarningAtOnce() throws {
        let app = try school()
        let receipt = try attendance(app, "S11", "90", friday: "2025-09-12")
        let raised = try #require(receipt.warnings.first { $0.rule == "attendance.chronic" })
        #expect(raised.level == .orange)
        #expect(raised.change == "新预警")
        #expect(raised.evidence.contains("10"))
        let admin = try app.principal("A1")
        _ = try app.scanRisks(by: admin)
        #expect(try app.scanRisks(by: admin).isEmpty, "a second scan over the same data changes nothing")
        let s11 = try app.database.read { try $0.warnings(of: StudentID(rawValue: "S11")) }
        #expect(s11.filter { $0.rule == "attendance.chronic" }.count == 1)
    }

    @Test func aWorseningConditionRaisesTheLevelOnTheSameWarning() throws {
        let app = try school()
        _ = try attendance(app, "S11", "90", friday: "2025-09-12")
        let worse = try attendance(app, "S11", "60", friday: "2025-09-19")
        let change = try #require(worse.warnings.first)
        #expect(change.change == "升级")
        #expect(change.level == .red)
        let line = try app.risk(change.warning, by: app.principal("H1"))
        #expect(line.level == "红")
        #expect(line.history.map(\.kind) == ["opened", "escalated"])
    }

    @Test("条件消失即消除；再次出现时开新一轮，并链接上一轮")
    func aWarningClosesAndComesBackAsANewEpisode() throws {
        let app = try school()
        let first = try #require(try attendance(app, "S11", "90", friday: "2025-09-12").warnings.first)
        let cleared = try attendance(app, "S11", "100", friday: "2025-09-12", correct: true)
        #expect(cleared.warnings.first?.change == "消除")
        let again = try #require(try attendance(app, "S11", "80", friday: "2025-09-19").warnings.first)
        #expect(again.change == "再次预警")
        let warning = try #require(try app.database.read { try $0.warning(again.warning) })
        #expect(warning.episode == 2)
        #expect(warning.previous == first.warning)
    }

    @Test func theCounselorAcknowledgesFollowsUpAndResolves() throws {
        let app = try school()
        let id = try #require(try attendance(app, "S11", "90", friday: "2025-09-12").warnings.first).warning
        let f1 = try app.principal("F1")
        #expect(try app.actOnRisk(id, .acknowledge, by: f1).status == "已确认")
        #expect(try app.actOnRisk(id, .note(kind: "谈心谈话", text: "了解到家中有事"), by: f1).status == "跟进中")
        let resolved = try app.actOnRisk(id, .resolve(reason: "出勤恢复正常"), by: f1)
        #expect(resolved.status == "已解决")
        #expect(resolved.history.map(\.kind) == ["opened", "ack", "note", "resolve"])
        #expect(throws: AppError.self) { try app.actOnRisk(id, .acknowledge, by: f1) }
        // Someone the rule does not tell cannot act on it.
        #expect(throws: AppError.self) { try app.risk(id, by: app.principal("H2")) }
    }

    @Test("心理、理财预警只给该生辅导员；学生的储值卡只提醒学业和就业")
    func sensitiveWarningsReachOnlyTheCounselor() throws {
        let app = try school()
        // 学工办 puts S11 on the 学费欠缴 register: a 理财 warning, which X1 is not told of.
        let told = try app.changeGroup("S11", group: "学费欠缴", adding: true, reason: "未缴学费", by: app.principal("X1"))
        #expect(!told.contains { $0.category == .finance })
        _ = try attendance(app, "S11", "90", friday: "2025-09-12")
        let counselor = try app.risks(by: app.principal("F1"))
        #expect(Set(counselor.map(\.category)).isSuperset(of: ["理财", "学业"]))
        for person in ["H1", "A1", "X1"] {
            let lines = try app.risks(by: app.principal(person))
            #expect(!lines.contains { $0.category == "理财" || $0.category == "心理" }, "\(person)")
        }
        #expect(throws: AppError.self) { try app.risks(by: app.principal("S11")) }
        let card = try app.account(by: app.principal("S11"))
        #expect(card.reminders.count == 1)
        #expect(card.reminders.first?.contains("长期缺勤") == true)
        let json = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        #expect(!json.contains("学费欠缴") && !json.contains("理财"))
    }

    @Test("没有考勤记录不是学生的预警：班主任的待录清单上按班级说一次")
    func noAttendanceIsAMissingDataItemForTheOwnerNotAWarning() throws {
        let app = try school()
        _ = try app.scanRisks(by: app.principal("A1"))
        let lines = try app.risks(by: app.principal("H1"))
        #expect(!lines.contains { $0.student == "S12" && $0.rule == "attendance.chronic" }, "no warning for missing data")
        let due = try app.due(for: nil, by: app.principal("H1"))
        let item = try #require(due.missingData.first { $0.pointID == "academic.full_attendance" })
        #expect(item.kind == "missing-data" && item.schoolClass == "C1" && item.staff == ["H1"])
        #expect(item.rules == ["attendance.chronic"])
        // S11 has a week recorded in the fixture? Count what the class lacks, not more.
        #expect(item.students >= 1 && item.students <= item.members && item.members == 3)
        // The class card says it too; the 辅导员 of the class does not record attendance.
        #expect(try app.classCard("C1", by: app.principal("H1")).missingData.map(\.pointID) == ["academic.full_attendance"])
        #expect(try app.due(for: nil, by: app.principal("F1")).missingData.isEmpty)
        // Once attendance is in, the item goes.
        for student in ["S11", "S12", "S13"] { _ = try attendance(app, student, "100", friday: "2025-09-12") }
        #expect(try app.due(for: nil, by: app.principal("H1")).missingData.isEmpty)
        // Early in a semester nobody owes attendance yet.
        let early = try TestSchool.make(today: "2025-09-15")
        _ = try early.scanRisks(by: early.principal("A1"))
        #expect(try early.risks(by: early.principal("H1")).isEmpty)
        #expect(try early.due(for: nil, by: early.principal("H1")).missingData.isEmpty)
    }

    @Test("一门课的成绩：三门以下不按比例判断；同班多数已有成绩时，没有成绩的学生预警")
    func courseResultsRaiseTheShareAndMissingResultWarnings() throws {
        let app = try school()
        // One student's one result early on: neither a share warning nor "missing" classmates.
        let one = "学号,课程,学分,成绩,考试性质,学期\nS11,程序设计,8,40,正考,2025-2026-1\n"
        let first = try app.importCourseResults(one, file: "成绩.csv", by: app.principal("K1"))
        #expect(!first.warnings.contains { $0.rule == "course.failed_share" || $0.rule == "course.missing_results" })
        // Two more of S11's courses failed, and S12 with results: S13 alone has none.
        let more = """
            学号,课程,学分,成绩,考试性质,学期
            S11,数据库,4,50,正考,2025-2026-1
            S11,网络,4,55,正考,2025-2026-1
            S12,程序设计,8,80,正考,2025-2026-1
            """
        let second = try app.importCourseResults(more, file: "成绩2.csv", by: app.principal("A1"))
        #expect(second.warnings.contains { $0.student == "S11" && $0.rule == "course.failed_share" && $0.level == .red })
        #expect(second.warnings.contains { $0.student == "S11" && $0.rule == "course.nothing_passed" })
        #expect(second.warnings.contains { $0.student == "S13" && $0.rule == "course.missing_results" && $0.level == .orange },
                "S13 was not in the sheet, yet the class's results speak of them")
        #expect(!second.warnings.contains { $0.student == "S12" })
    }
}

extension WarningLifecycleTests {
    @Test("新学期开始、还没有新数据时，上学期的预警不会自己消除；新成绩说明好转时才消除")
    func aWarningNeverClosesOnlyBecauseANewSemesterBeganWithoutData() throws {
        let autumn = try school()
        let sheet = """
            学号,课程,学分,成绩,考试性质,学期
            S11,程序设计,4,30,正考,2025-2026-1
            S11,数据库,4,缺考,正考,2025-2026-1
            S11,网络,4,40,正考,2025-2026-1
            S12,程序设计,4,80,正考,2025-2026-1
            S12,数据库,4,75,正考,2025-2026-1
            S12,网络,4,70,正考,2025-2026-1
            S13,程序设计,4,80,正考,2025-2026-1
            """
        _ = try autumn.importCourseResults(sheet, file: "秋.csv", by: autumn.principal("A1"))
        func open(_ app: CardApp) throws -> Set<String> {
            Set(try app.risks(by: app.principal("F1")).filter { $0.student == "S11" }.map(\.rule))
        }
        #expect(try open(autumn) == ["course.failed_share", "course.nothing_passed"])
        // Spring: nothing recorded yet. A scan on the first day, and one a month in, close nothing.
        for day in ["2026-03-02", "2026-04-01"] {
            let spring = CardApp(database: autumn.database, clock: .fixed(LocalDate(day)!))
            let changes = try spring.scanRisks(by: spring.principal("A1"))
            #expect(!changes.contains { $0.student == "S11" && $0.change == "消除" }, "\(day)")
            #expect(try open(spring) == ["course.failed_share", "course.nothing_passed"], "\(day)")
        }
        // New results that pass: the evidence speaks, and the warnings close.
        let spring = CardApp(database: autumn.database, clock: .fixed(LocalDate("2026-06-20")!))
        let passes = """
            学号,课程,学分,成绩,考试性质,学期
            S11,英语,4,80,正考,2025-2026-2
            S11,体育,4,85,正考,2025-2026-2
            S11,数学,4,75,正考,2025-2026-2
            S11,程序设计,4,70,补考,2025-2026-2
            S11,数据库,4,70,补考,2025-2026-2
            S12,英语,4,80,正考,2025-2026-2
            S13,英语,4,80,正考,2025-2026-2
            """
        let report = try spring.importCourseResults(passes, file: "春.csv", by: spring.principal("A1"))
        #expect(report.warnings.contains { $0.student == "S11" && $0.rule == "course.nothing_passed" && $0.change == "消除" })
        #expect(report.warnings.contains { $0.student == "S11" && $0.rule == "course.failed_share" && $0.change == "消除" })
        #expect(try open(spring).isEmpty)
        #expect(try spring.check().problems.isEmpty)
    }

    @Test("班主任手动提出理财预警：只有辅导员看得到，不能重复提出")
    func aManualFinanceFlagReachesTheCounselorOnly() throws {
        let app = try school()
        let id = try app.flagRisk("S11", category: .finance, reason: "家长反映生活费用完", by: app.principal("H1"))
        #expect(try app.risk(id, by: app.principal("F1")).evidence == "家长反映生活费用完")
        #expect(throws: AppError.self) { try app.risk(id, by: app.principal("H1")) }
        #expect(throws: AppError.self) { try app.flagRisk("S11", category: .finance, reason: "again", by: app.principal("F1")) }
        #expect(throws: AppError.self) { try app.flagRisk("S21", category: .finance, reason: "x", by: app.principal("H1")) }
        // The scanner leaves a hand-raised warning alone.
        _ = try app.scanRisks(by: app.principal("A1"))
        #expect(try app.risk(id, by: app.principal("F1")).status == "待处理")
    }

    @Test func aRegisterSheetIsAllOrNothingAndRaisesTheFinanceWarning() throws {
        let app = try school()
        let bad = "学号,群体,原因,日期,状态\nS11,学费欠缴,未缴学费,2025-11-01,列入\nS12,贫困,x,,列入\nS21,经济困难,低保,,列入\n"
        var lines: [Int] = []
        do {
            _ = try app.importGroups(bad, file: "名册.csv", by: app.principal("F1"))
        } catch AppError.inputProblems(let problems) {
            lines = problems.map(\.location.line)
        }
        #expect(lines == [3, 4], "an unknown group, and a student of a class F1 does not counsel")
        #expect(try app.groupRegister(by: app.principal("F1")).isEmpty)
        let good = "学号,群体,原因\nS11,学费欠缴,未缴学费\n"
        let (rows, warnings) = try app.importGroups(good, file: "名册.csv", by: app.principal("F1"))
        #expect(rows == 1)
        #expect(warnings.contains { $0.rule == "finance.fees" && $0.level == .orange })
    }
}
