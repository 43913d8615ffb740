import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaRules
import ChuzhikaStore

/// What a course-results import wrote.
public struct ResultImportReport: Hashable, Codable, Sendable {
    public let file: String
    public let results: Int
    /// Rows equal to a result already imported (the same sheet again): not written.
    public let unchanged: Int
    public let students: Int
    public let failed: Int
    /// Warnings the results raised, raised higher or closed.
    public internal(set) var warnings: [WarningChange]
    /// The same, counted by rule and level, with the withheld ones counted by category.
    public internal(set) var warningSummary = WarningChangeSummary([])
}

/// A student's course results and what they add up to, semester by semester.
public struct ResultsReport: Hashable, Codable, Sendable {
    public struct Line: Hashable, Codable, Sendable {
        public let semester: String
        public let course: String
        public let credits: Double
        public let grade: String
        public let sitting: String
        public let isPass: Bool
    }

    public let studentID: String
    public let name: String
    public let results: [Line]
    public let indicators: [ResultIndicators]
}

extension CardApp {
    /// The columns of a results sheet in the template's order, each with the headers it is
    /// accepted under (the first is the template's).
    public static let resultColumnList: [(key: String, names: [String])] = [
        ("student", ["学号", "student"]), ("course", ["课程", "课程名称", "course"]), ("credits", ["学分", "credits"]),
        ("grade", ["成绩", "grade", "mark"]), ("sitting", ["考试性质", "sitting"]), ("semester", ["学期", "semester"]),
    ]
    static let resultColumns = Dictionary(uniqueKeysWithValues: resultColumnList.map { ($0.key, $0.names) })
    /// The header row of a results sheet: 学号,课程,学分,成绩,考试性质,学期.
    public static var resultHeader: [String] { resultColumnList.map { $0.names[0] } }

    /// Imports a 教务 results sheet (学号, 课程, 学分, 成绩, 考试性质, 学期), all or nothing.
    ///
    /// A 任课教师 imports the results of the courses they teach, for the classes they teach them
    /// in; 教研室 those of their 专业; the admin any. Every bad row is named by its line.
    public func importCourseResults(
        _ text: String, file: String, semester fixed: SemesterID? = nil, by principal: Principal
    ) throws -> ResultImportReport {
        let (sheet, parseProblems) = Sheet.parse(text, file: file)
        guard parseProblems.isEmpty else { throw AppError.inputProblems(parseProblems) }
        return try importCourseResults(sheet, semester: fixed, by: principal)
    }

    /// The same, from a sheet already read (CSV in any encoding, or .xlsx: ``SheetFile``).
    public func importCourseResults(_ sheet: Sheet, semester fixed: SemesterID? = nil, by principal: Principal) throws -> ResultImportReport {
        var report = try importCourseResultsAll(sheet, semester: fixed, by: principal)
        (report.warnings, report.warningSummary) = try told(report.warnings, to: principal)
        return report
    }

    private func importCourseResultsAll(_ sheet: Sheet, semester fixed: SemesterID?, by principal: Principal) throws -> ResultImportReport {
        let file = sheet.file
        return try refusalsAudited(principal, "results import", subject: file) {
            guard principal.student == nil else { throw AppError.forbidden("学生不能导入成绩") }
            var columns: [String: String] = [:]
            var problems: [Diagnostic] = []
            for (key, names) in Self.resultColumns {
                if let found = names.first(where: sheet.headers.contains) { columns[key] = found }
            }
            for key in ["student", "course", "credits", "grade"] where columns[key] == nil {
                problems.append(Diagnostic(SourceLocation(file: file, line: 1), "缺少列 \(Self.resultColumns[key]![0])",
                                           hint: "第一行应当是：" + Self.resultHeader.joined(separator: ",")))
            }
            if columns["semester"] == nil && fixed == nil {
                problems.append(Diagnostic(SourceLocation(file: file, line: 1), "缺少列 学期", hint: "或用 --semester 指定整表的学期"))
            }
            guard problems.isEmpty else { throw AppError.inputProblems(problems) }
            let calendar = try calendar()
            let books = try ruleBooks()
            return try database.write { session in
                var results: [(CourseResult, Int)] = []
                var unchanged = 0
                var seen: [String: Int] = [:]
                // The sheet's students and the results they have, read together: a few statements
                // per 500 students, not three a row.
                let codes = sheet.rows.compactMap { row in columns["student"].flatMap { row[$0] }.map(TypedText.normalized) }
                let students = try session.studentsWithEnds(codes.map { StudentID(rawValue: $0) }).mapValues(\.student)
                var earlierResults: [String: CourseResult] = [:]
                let known = students.keys.sorted { $0.rawValue < $1.rawValue }
                for start in stride(from: 0, to: known.count, by: session.evidenceChunk) {
                    let chunk = Array(known[start..<min(start + session.evidenceChunk, known.count)])
                    for earlier in try session.results(ofStudents: chunk) where earlierResults[Self.key(earlier)] == nil {
                        earlierResults[Self.key(earlier)] = earlier
                    }
                }
                var classes: [ClassID: SchoolClass?] = [:]
                for row in sheet.rows {
                    let location = SourceLocation(file: file, line: row.line)
                    do {
                        let result = try courseResult(row, columns: columns, fixed: fixed, calendar: calendar) { students[$0] != nil }
                        try checkMayImport(result, of: students[result.student], principal: principal, session: session) { id in
                            if let known = classes[id] { return known }
                            let found = try session.schoolClass(id)
                            classes[id] = found
                            return found
                        }
                        let key = Self.key(result)
                        if let first = seen[key] { throw AppError.badCell("与第 \(first) 行重复") }
                        seen[key] = row.line
                        if let earlier = earlierResults[key] {
                            if earlier.grade == result.grade && earlier.credits == result.credits {
                                unchanged += 1
                                continue
                            }
                            throw AppError.badCell(
                                "\(result.student.rawValue) 的“\(result.course)”\(result.semester.rawValue) \(result.sitting.chineseName)成绩已导入过，"
                                    + "且与这一行不同（原为 \(earlier.grade.text)）：成绩只能由教务更正后重新导出")
                        }
                        results.append((result, row.line))
                    } catch let error as AppError {
                        problems.append(Diagnostic(location, error.errorDescription ?? "", hint: error.recoverySuggestion))
                    }
                }
                guard problems.isEmpty else { throw AppError.inputProblems(problems) }
                var pipeline = pipeline(session, books: books, calendar: calendar, by: principal.auditActor)
                try session.insert(results.map { ($0.0, "\(file):\($0.1)") }, by: principal.auditActor, at: clock.now())
                for (result, _) in results { pipeline.touchedResults(of: result.student) }
                let warnings = try pipeline.finish(
                    audit: entry(principal, principal.code, "results import", file, .ok, "\(results.count) 条成绩")).warnings
                return ResultImportReport(file: file, results: results.count, unchanged: unchanged, students: Set(results.map(\.0.student)).count,
                                          failed: results.filter { !$0.0.grade.isPass }.count, warnings: warnings)
            }
        }
    }

    /// A result's student, course, semester and sitting: a sheet holds each once, the card too.
    private static func key(_ result: CourseResult) -> String {
        "\(result.student.rawValue)|\(result.course)|\(result.semester.rawValue)|\(result.sitting.rawValue)"
    }

    private func courseResult(
        _ row: Sheet.Row, columns: [String: String], fixed: SemesterID?, calendar: SchoolCalendar, isStudent: (StudentID) -> Bool
    ) throws -> CourseResult {
        func cell(_ key: String) -> String? { columns[key].flatMap { row[$0] }.map(TypedText.normalized) }
        guard let code = cell("student") else { throw AppError.badCell("没有填写学号") }
        guard isStudent(StudentID(rawValue: code)) else { throw AppError.unknownSubject(code) }
        guard let course = cell("course") else { throw AppError.badCell("没有填写课程") }
        guard let credits = cell("credits").flatMap(Double.init), credits > 0, credits <= 30 else {
            throw AppError.badCell("学分“\(cell("credits") ?? "")”应为 0 到 30 之间的数")
        }
        guard let gradeText = cell("grade") else { throw AppError.badCell("没有填写成绩") }
        let grade: CourseResult.Grade
        if let mark = Double(gradeText) {
            guard (0...100).contains(mark) else { throw AppError.badCell("成绩 \(gradeText) 超出 0–100") }
            grade = .mark(mark)
        } else if (CourseResult.Grade.passing + CourseResult.Grade.failing).contains(gradeText) {
            grade = .label(gradeText)
        } else {
            throw AppError.badCell("成绩“\(gradeText)”既不是 0–100 的分数，也不是等级（\((CourseResult.Grade.passing + CourseResult.Grade.failing).joined(separator: "/"))）")
        }
        let sittingText = cell("sitting") ?? "正考"
        guard let sitting = CourseResult.Sitting(chinese: sittingText) else {
            throw AppError.badCell("考试性质“\(sittingText)”应为 正考、补考 或 重修")
        }
        let semester = cell("semester").map(SemesterID.init(rawValue:)) ?? fixed
        guard let semester, calendar.semester(semester) != nil else { throw AppError.unknownSemester(cell("semester") ?? "") }
        return CourseResult(student: StudentID(rawValue: code), course: course, credits: credits, grade: grade,
                            sitting: sitting, semester: semester)
    }

    /// 任课教师: a course they teach in the student's class; 教研室: the student's 专业; admin: any.
    /// - Parameters:
    ///   - student: the result's student, as read for the whole sheet.
    ///   - schoolClass: a class by its code (looked up once per import).
    private func checkMayImport(
        _ result: CourseResult, of student: Student?, principal: Principal, session: CardSession,
        schoolClass: (ClassID) throws -> SchoolClass?
    ) throws {
        if principal.isAdmin { return }
        guard let student, let schoolClass = try schoolClass(student.schoolClass) else {
            throw AppError.unknownSubject(result.student.rawValue)
        }
        let allowed = try principal.assignments.contains { assignment in
            switch (assignment.role, assignment.reach) {
            case (.teachingOffice, .major(let major)): return major == schoolClass.major
            // A system's token limited to a class or a 系部 (the integration API).
            case (.teachingOffice, .schoolClass(let id)): return principal.isSystem && id == schoolClass.id
            case (.teachingOffice, .department(let id)): return try principal.isSystem && session.department(ofMajor: schoolClass.major) == id
            case (.courseTeacher, .course(let course, let inClass)):
                guard inClass == schoolClass.id else { return false }
                let name = try session.course(course)?.name ?? course.rawValue
                return name == result.course || course.rawValue == result.course
            default: return false
            }
        }
        guard allowed else {
            throw AppError.forbidden(principal.isSystem
                ? "令牌“\(principal.name)”不能导入 \(schoolClass.id.rawValue) 的成绩：它只限于别的班级或系部"
                : "您不教 \(schoolClass.id.rawValue) 的“\(result.course)”，也不是该专业的教研室，不能导入这条成绩")
        }
    }

    /// A student's results and indicators, for whoever may read their whole card.
    public func results(of code: String? = nil, by principal: Principal) throws -> ResultsReport {
        let code = code.map(TypedText.normalized) ?? principal.student?.id.rawValue ?? ""
        return try refusalsAudited(principal, "results", subject: code) {
            if let me = principal.student, me.id.rawValue != code { throw AppError.forbidden(AccessPolicy.Refusal.otherStudent) }
            let book = try ruleBook()
            let calendar = try calendar()
            return try database.read { session in
                guard let student = try session.student(StudentID(rawValue: code)), let schoolClass = try session.schoolClass(student.schoolClass)
                else { throw AppError.unknownSubject(code) }
                let view = AccessPolicy.cardView(principal, of: student, in: schoolClass,
                                                 department: try session.department(ofMajor: schoolClass.major), book: book)
                guard let view, view.points == nil else { throw AppError.forbidden(AccessPolicy.Refusal.notYourStudent) }
                let results = try session.results(of: student.id)
                let order = calendar.semesters.map(\.id).filter { id in results.contains { $0.semester == id } }
                return ResultsReport(
                    studentID: student.id.rawValue, name: student.name,
                    results: results.map {
                        .init(semester: $0.semester.rawValue, course: $0.course, credits: $0.credits, grade: $0.grade.text,
                              sitting: $0.sitting.chineseName, isPass: $0.grade.isPass)
                    },
                    indicators: ResultIndicators.compute(results, order: order))
            }
        }
    }
}
