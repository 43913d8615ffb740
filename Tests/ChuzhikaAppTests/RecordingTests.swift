import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// `czk record`: the happy path and every refusal. A refusal writes nothing.
@Suite struct RecordingTests {
    func recordCount(_ app: CardApp, _ subject: Subject, _ point: String, _ semester: String = "2025-2026-1") throws -> Int {
        try app.database.read { try $0.liveRecords(subject, PointID(rawValue: point), semester: SemesterID(rawValue: semester)).count }
    }

    func expectRefusal(_ app: CardApp, _ draft: RecordDraft, _ expected: (AppError) -> Bool) throws {
        let before = try app.database.read { try $0.domainTotals(.student(StudentID(rawValue: "S11"))) }
        do {
            _ = try app.record(draft)
            Issue.record("recorded, but should have been refused")
        } catch let error as AppError {
            #expect(expected(error), "unexpected refusal: \(error)")
            #expect(error.errorDescription?.isEmpty == false)
        }
        let after = try app.database.read { try $0.domainTotals(.student(StudentID(rawValue: "S11"))) }
        #expect(before == after)
    }

    // MARK: - Happy paths

    @Test func aHeadTeacherRecordsAGradeAndTheCardIsCredited() throws {
        // Given the small school
        let app = try TestSchool.make()
        // When the 班主任 of C1 records a 学期学分绩 of 85 for S11
        let receipt = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "85"))
        // Then the record exists and the 85 band (≥80 → 9) is credited to 学业发展
        #expect(receipt.pointsChange == Points(9))
        #expect(receipt.period == "2025-2026学年第一学期")
        let totals = try app.database.read { try $0.domainTotals(.student(StudentID(rawValue: "S11"))) }
        #expect(totals[SemesterID(rawValue: "2025-2026-1")]?[.academic] == Points(9))
    }

    @Test func aPointMayBeNamedInChinese() throws {
        let app = try TestSchool.make()
        let receipt = try app.record(TestSchool.draft("H1", "学期学分绩", "S11", "85"))
        #expect(receipt.pointName == "学期学分绩")
    }

    @Test func perSessionRecordsFeedOneSemesterRate() throws {
        let app = try TestSchool.make()
        // 4 sessions on time, 1 late: 80% → the 80 band of 准时率 (0 points); a 5th on time: 83% still 0
        for (day, value) in [("2025-09-08", "是"), ("2025-09-09", "是"), ("2025-09-10", "是"), ("2025-09-11", "是")] {
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", "S11", value, on: day, session: 1))
        }
        let allOnTime = try app.account(of: "S11")
        #expect(allOnTime.points.first { $0.id == "academic.punctuality" }?.points == Points(6))
        let late = try app.record(TestSchool.draft("K1", "academic.punctuality", "S11", "否", on: "2025-09-12", session: 1))
        #expect(late.pointsChange == Points(-6))  // 100% → 80%: from +6 to 0
        #expect(try recordCount(app, .student(StudentID(rawValue: "S11")), "academic.punctuality") == 5)
    }

    @Test func aClassPointIsRecordedForTheClass() throws {
        let app = try TestSchool.make()
        let receipt = try app.record(TestSchool.draft("H1", "academic.class_self_study", "C1", "88", on: "2026-01-05"))
        #expect(receipt.subjectName == "软件2401班")
        #expect(receipt.pointsChange == Points(5))
    }

    // MARK: - Owner rules, one per role

    @Test("班主任: own class only")
    func headTeacherOwnsOwnClass() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S12", "70"))
        try expectRefusal(app, TestSchool.draft("H2", "academic.gpa", "S11", "70")) {
            if case .wrongOwner(_, let point, let owners, _) = $0 { return point == "学期学分绩" && owners == [.headTeacher] }
            return false
        }
    }

    @Test("任课教师: only the classes they teach, with the course")
    func courseTeacherOwnsTaughtClasses() throws {
        let app = try TestSchool.make()
        let ok = try app.record(TestSchool.draft("K1", "academic.homework", "S11", "是", on: "2025-09-10", session: 2))
        #expect(ok.pointsChange != Points(0))
        try expectRefusal(app, TestSchool.draft("K1", "academic.homework", "S21", "是", on: "2025-09-10", session: 2)) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
        // A 班主任 may not record a 任课教师 point.
        try expectRefusal(app, TestSchool.draft("H1", "academic.homework", "S11", "是", on: "2025-09-11", session: 2)) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    @Test("任课教师 of another course may not record 思想政治课程成绩")
    func courseBoundPointsNeedTheirCourse() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("K1", "personal.ideological_course", "S11", "80")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    @Test("任课教师 teaching two courses in a class must say which")
    func twoCoursesNeedACourse() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("K2", "academic.preview", "S21", "是", on: "2025-09-10", session: 1)) {
            if case .courseRequired(let choices) = $0 { return choices.count == 2 } else { return false }
        }
        _ = try app.record(TestSchool.draft("K2", "academic.preview", "S21", "是", on: "2025-09-10", session: 1, course: "L"))
        try expectRefusal(app, TestSchool.draft("K2", "academic.preview", "S22", "是", on: "2025-09-10", session: 1, course: "X")) {
            $0 == .notYourCourse(CourseID(rawValue: "X"))
        }
    }

    @Test("辅导员: the classes they counsel")
    func counselorOwnsCounselledClasses() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("F1", "personal.counseling", "S11", "2"))
        try expectRefusal(app, TestSchool.draft("F1", "personal.counseling", "S21", "2")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    @Test("学工办: the classes of their department")
    func studentAffairsOwnsTheDepartment() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("X1", "personal.quality_assessment", "S12", "91"))
        try expectRefusal(app, TestSchool.draft("X1", "personal.quality_assessment", "S21", "91")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    @Test("教研室: the classes of their major; 职业生涯规划 is shared with 学工办")
    func teachingOfficeOwnsTheMajor() throws {
        let app = try TestSchool.make(today: "2025-11-20")
        _ = try app.record(TestSchool.draft("Y2", "career.career_plan", "S21", "良好", on: "2025-11-20"))
        try expectRefusal(app, TestSchool.draft("Y1", "career.maturity", "S21", "70")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
        _ = try app.record(TestSchool.draft("Y1", "career.maturity", "S11", "70"))
        // 学工办 X1 (department D1) may record 职业生涯规划 too, but only for D1 students: S21 is in D2.
        try expectRefusal(app, TestSchool.draft("X1", "career.career_plan", "S22", "合格", on: "2025-11-20")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    @Test("体育老师: the classes they teach PE")
    func peTeacherOwnsTheirClasses() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("P1", "personal.fitness", "S13", "82"))
        try expectRefusal(app, TestSchool.draft("P1", "personal.fitness", "S23", "82")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    @Test func anAdminIsNotAnOwner() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("A1", "academic.gpa", "S11", "85")) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }

    // MARK: - Other refusals

    @Test func unknownPointSuggestsNearOnes() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("H1", "academic.gpaa", "S11", "85")) {
            if case .unknownPoint(_, let suggestions) = $0 { return suggestions.contains { $0.contains("academic.gpa") } }
            return false
        }
    }

    @Test func aSwitchedOffPointIsRefused() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("K1", "academic.exam_score", "S11", "85")) {
            $0 == .pointDisabled(PointID(rawValue: "academic.exam_score"), name: "考试成绩")
        }
    }

    @Test func unknownSubjectAndUnknownStaffAreRefused() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("H1", "academic.gpa", "S99", "85")) { $0 == .unknownSubject("S99") }
        // Someone not on the roster is nobody: they cannot act at all.
        try expectRefusal(app, TestSchool.draft("Z9", "academic.gpa", "S11", "85")) { $0 == .unknownSubject("Z9") }
    }

    @Test func theSubjectMustFitThePointsScope() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("H1", "academic.gpa", "C1", "85")) {
            $0 == .scopeMismatch(point: "学期学分绩", expected: .individual, code: "C1")
        }
        try expectRefusal(app, TestSchool.draft("H1", "academic.class_self_study", "S11", "85")) {
            $0 == .scopeMismatch(point: "自学能力", expected: .class, code: "S11")
        }
    }

    @Test(arguments: [("101", "outOfRange"), ("-1", "outOfRange"), ("优", "notANumber"), ("", "empty")])
    func valuesOutOfRangeOrOfTheWrongKindAreRefused(value: String, kind: String) throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("H1", "academic.gpa", "S11", value)) {
            guard case .invalidValue(_, let error) = $0 else { return false }
            return "\(error)".hasPrefix(kind)
        }
    }

    @Test func aLevelMustBeOneOfTheScale() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("X1", "personal.sanction", "S11", "开除")) {
            if case .invalidValue(_, .unknownLevel) = $0 { return true } else { return false }
        }
    }

    @Test func aDateOutsideThePeriodsCalendarIsRefused() throws {
        let app = try TestSchool.make()
        try expectRefusal(app, TestSchool.draft("H1", "academic.full_attendance", "S11", "100", on: "2026-02-10")) {
            if case .period(.notTeachingWeek) = $0 { return true } else { return false }
        }
        try expectRefusal(app, TestSchool.draft("K1", "academic.punctuality", "S11", "是", on: "2025-09-10")) {
            $0 == .period(.sessionRequired)
        }
        try expectRefusal(app, TestSchool.draft("H1", "academic.gpa", "S11", "85", on: "2027-01-01")) {
            $0 == .period(.outsideCalendar(LocalDate("2027-01-01")!))
        }
    }

    // MARK: - Duplicates and corrections

    @Test func aSecondRecordForThePeriodIsRefusedAndNamesTheFirst() throws {
        let app = try TestSchool.make()
        let first = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "100", on: "2025-09-15"))
        // Same teaching week, another day: same period.
        try expectRefusal(app, TestSchool.draft("H1", "academic.full_attendance", "S11", "80", on: "2025-09-19")) {
            if case .duplicateRecord(let existing, let value, let by, let date) = $0 {
                return existing == first.record && value == "100" && by == "老师H1" && date == LocalDate("2025-09-15")
            }
            return false
        }
        // The refused value was never kept: the card lists the first one alone.
        let kept = try app.account(of: "S11", semester: "2025-2026-1").recent.map(\.value)
        #expect(kept == ["100%"])
        // The next week is a new period.
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "80", on: "2025-09-22"))
    }

    @Test func aCorrectionSupersedesWithAReasonAndKeepsTheOldRecord() throws {
        let app = try TestSchool.make()
        let first = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "55"))
        #expect(first.pointsChange == Points(-6))
        var fix = TestSchool.draft("H1", "academic.gpa", "S11", "91")
        fix.isCorrection = true
        fix.correctionReason = "补考成绩录入"
        let corrected = try app.record(fix)
        #expect(corrected.superseded == first.record)
        #expect(corrected.pointsChange == Points(18))  // -6 reversed, +12 credited
        let old = try app.database.read { try $0.record(first.record) }
        #expect(old?.value.text == "55")
        let new = try app.database.read { try $0.record(corrected.record) }
        #expect(new?.reason == "补考成绩录入")
        #expect(new?.supersedes == first.record)
        let account = try app.account(of: "S11")
        #expect(account.domains.first { $0.domain == .academic }?.semester == Points(12))
    }

    @Test func aCorrectionWithoutReasonIsRefused() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "55"))
        var fix = TestSchool.draft("H1", "academic.gpa", "S11", "91")
        fix.isCorrection = true
        try expectRefusal(app, fix) { $0 == .correctionWithoutReason }
        fix.correctionReason = "   "
        try expectRefusal(app, fix) { $0 == .correctionWithoutReason }
    }

    @Test func aCorrectionNeedsSomethingToCorrect() throws {
        let app = try TestSchool.make()
        var fix = TestSchool.draft("H1", "academic.gpa", "S11", "91")
        fix.isCorrection = true
        fix.correctionReason = "更正"
        try expectRefusal(app, fix) {
            if case .nothingToCorrect = $0 { return true } else { return false }
        }
    }

    @Test func aCorrectionByAnotherClassTeacherIsRefused() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "55"))
        var fix = TestSchool.draft("H2", "academic.gpa", "S11", "91")
        fix.isCorrection = true
        fix.correctionReason = "更正"
        try expectRefusal(app, fix) {
            if case .wrongOwner = $0 { return true } else { return false }
        }
    }
}
