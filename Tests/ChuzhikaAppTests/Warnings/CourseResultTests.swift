import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

@Suite struct ResultIndicatorTests {
    let first = SemesterID(rawValue: "2025-2026-1"), second = SemesterID(rawValue: "2025-2026-2")

    func result(_ course: String, _ credits: Double, _ grade: CourseResult.Grade, _ sitting: CourseResult.Sitting = .regular,
                _ semester: SemesterID? = nil) -> CourseResult {
        CourseResult(student: StudentID(rawValue: "S11"), course: course, credits: credits, grade: grade, sitting: sitting,
                     semester: semester ?? first)
    }

    @Test func failedCreditsShareAndWeightedAverage() {
        let results = [result("高数", 4, .mark(52)), result("英语", 3, .mark(80)), result("体育", 1, .label("缺考")),
                       result("制图", 2, .label("合格"))]
        let i = ResultIndicators.compute(results, order: [first])[0]
        #expect(i.creditsEnrolled == 10)
        #expect(i.creditsFailed == 5)
        #expect(i.shareFailed == 50)
        #expect(i.coursesPassed == 2)
        #expect(i.weightedAverage == 64)  // (52×4 + 80×3) / 7 = 448 / 7
        #expect(i.cumulativeFailedCredits == 5)
    }

    @Test("补考通过消除挂科，累计挂科学分随之减少")
    func aMakeupPassClearsTheFailure() {
        let results = [result("高数", 4, .mark(52)), result("英语", 3, .mark(50)),
                       result("高数", 4, .mark(65), .makeup, second), result("物理", 3, .mark(40), .regular, second)]
        let both = ResultIndicators.compute(results, order: [first, second])
        #expect(both[0].cumulativeFailedCredits == 7)
        #expect(both[1].creditsEnrolled == 3, "a makeup is not a new enrolment")
        #expect(both[1].cumulativeFailedCredits == 6, "英语 3 + 物理 3; 高数 cleared by its 补考")
    }
}

@Suite struct CourseResultImportTests {
    let sheet = "学号,课程,学分,成绩,考试性质,学期\nS11,程序设计,4,55,正考,2025-2026-1\nS12,程序设计,4,优秀,正考,2025-2026-1\n"

    @Test func theCourseTeacherImportsTheirCourseAndTheCardReaderSeesTheIndicators() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let report = try app.importCourseResults(sheet, file: "成绩.csv", by: app.principal("K1"))
        #expect(report.results == 2)
        #expect(report.failed == 1)
        let results = try app.results(of: "S11", by: app.principal("H1"))
        #expect(results.indicators.first?.creditsFailed == 4)
        #expect(try app.results(by: app.principal("S11")).results.count == 1)
        #expect(throws: AppError.self) { try app.results(of: "S12", by: app.principal("S11")) }
    }

    /// The rows an import refused (none if it went through).
    func refusedRows(_ importing: () throws -> ResultImportReport) throws -> [Diagnostic] {
        do {
            _ = try importing()
            return []
        } catch AppError.inputProblems(let problems) {
            return problems
        }
    }

    @Test func aBadRowChangesNothingAndNamesTheRow() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let bad = "学号,课程,学分,成绩,考试性质,学期\nS11,程序设计,4,55,正考,2025-2026-1\nS12,程序设计,四,80,正考,2025-2026-1\n"
            + "S13,程序设计,4,120,正考,2025-2026-1\nS99,程序设计,4,80,正考,2025-2026-1\nS11,程序设计,4,60,期中,2025-2026-1\n"
        let problems = try refusedRows { try app.importCourseResults(bad, file: "成绩.csv", by: app.principal("A1")) }
        #expect(problems.map(\.location.line) == [3, 4, 5, 6])
        #expect(try app.database.read { try $0.results(of: StudentID(rawValue: "S11")) }.isEmpty)
    }

    /// A row repeating an earlier one of the same sheet is named with that line; a row differing
    /// from a result already on the card is refused with the grade there; nothing is written.
    @Test func aRepeatedRowAndAChangedGradeAreRefusedRowByRow() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        _ = try app.importCourseResults(sheet, file: "成绩.csv", by: app.principal("K1"))
        let next = "学号,课程,学分,成绩,考试性质,学期\nS13,程序设计,4,70,正考,2025-2026-1\nS13,程序设计,4,71,正考,2025-2026-1\n"
            + "S11,程序设计,4,65,正考,2025-2026-1\nS12,程序设计,4,优秀,正考,2025-2026-1\n"
        let problems = try refusedRows { try app.importCourseResults(next, file: "成绩.csv", by: app.principal("K1")) }
        #expect(problems.map(\.location.line) == [3, 4])
        #expect(problems.first?.message.contains("与第 2 行重复") == true, "\(problems)")
        #expect(problems.last?.message.contains("原为 55") == true, "\(problems)")
        #expect(problems.allSatisfy { $0.hint?.contains("权限") != true }, "a bad row is no question of permission: \(problems)")
        #expect(try app.database.read { try $0.results(of: StudentID(rawValue: "S13")) }.isEmpty)
    }

    @Test func theSameSheetTwiceAddsNothingAndOtherTeachersCannotImport() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let first = try app.importCourseResults(sheet, file: "成绩.csv", by: app.principal("K1"))
        let again = try app.importCourseResults(sheet, file: "成绩.csv", by: app.principal("K1"))
        #expect(again.results == 0 && again.unchanged == first.results)
        #expect(try app.database.read { try $0.results(of: StudentID(rawValue: "S11")) }.count
                    == sheet.split(separator: "\n").filter { $0.hasPrefix("S11,") }.count)
        let other = "学号,课程,学分,成绩\nS11,电工电子,2,70\n"
        #expect(throws: AppError.self) {
            try app.importCourseResults(other, file: "x.csv", semester: SemesterID(rawValue: "2025-2026-1"), by: app.principal("K1"))
        }
        #expect(throws: AppError.self) {
            try app.importCourseResults(other, file: "x.csv", semester: SemesterID(rawValue: "2025-2026-1"), by: app.principal("S11"))
        }
        // 教研室 of the student's major may
        _ = try app.importCourseResults(other, file: "x.csv", semester: SemesterID(rawValue: "2025-2026-1"), by: app.principal("Y1"))
    }
}

@Suite struct GroupRegisterTests {
    @Test("名册：辅导员维护并看得到内容，学工办和管理员只知道有人在册，其他人看不到")
    func theRegisterIsKeptByCounselorsAndShownOnlyToThem() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        try app.changeGroup("S11", group: "经济困难", adding: true, reason: "家庭低保", by: app.principal("F1"))
        try app.changeGroup("S11", group: "学费欠缴", adding: true, reason: "未缴第一学期学费", by: app.principal("X1"))
        let counselor = try app.groupRegister(by: app.principal("F1"))
        #expect(Set(counselor.compactMap(\.group)) == ["经济困难", "学费欠缴"])
        let office = try app.groupRegister(by: app.principal("X1"))
        #expect(office.count == 1)
        #expect(office.first?.group == nil && office.first?.reason == nil)
        #expect(try app.groupRegister(by: app.principal("H2")).isEmpty)
        #expect(throws: AppError.self) { try app.groupRegister(by: app.principal("S11")) }
        #expect(throws: AppError.self) { try app.changeGroup("S11", group: "心理关注", adding: true, reason: "x", by: app.principal("H1")) }
        #expect(throws: AppError.self) { try app.changeGroup("S11", group: "贫困", adding: true, reason: "x", by: app.principal("F1")) }
    }

    @Test func endingKeepsTheHistoryAndCannotEndTwice() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let f1 = try app.principal("F1")
        try app.changeGroup("S11", group: "经济困难", adding: true, reason: "低保", by: f1)
        #expect(throws: AppError.self) { try app.changeGroup("S11", group: "经济困难", adding: true, reason: "again", by: f1) }
        try app.changeGroup("S11", group: "经济困难", adding: false, reason: "家庭情况好转", by: f1)
        #expect(try app.groupRegister(by: f1).isEmpty)
        #expect(throws: AppError.self) { try app.changeGroup("S11", group: "经济困难", adding: false, reason: "x", by: f1) }
        #expect(try app.database.read { try $0.countForTesting("SELECT COUNT(*) FROM groupEvent") } == 2)
    }
}
