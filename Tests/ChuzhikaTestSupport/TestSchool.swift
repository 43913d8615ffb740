import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import Foundation

/// Paths of the repository, found from this file.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static var scoringRules: String { root.appendingPathComponent("ScoringRules").path }
    public static var demoSeeds: String { root.appendingPathComponent("Seeds/demo-school").path }

    public static func shippedRules() throws -> [RuleSource] { try RuleDirectory.read(scoringRules) }
}

/// A small school in an in-memory database with the shipped rules: 2 departments, 2 classes
/// (2024 and 2025 cohorts), 3 students each, one staff member per role.
///
/// Staff: H1 班主任 of C1, H2 班主任 of C2, K1 任课教师 of course K in C1, K2 teaches two
/// courses (K, L) in C2, F1 辅导员 of C1, X1 学工办 of department D1 (class C1 only), Y1 教研室
/// of major M1 (class C1), Y2 教研室 of M2, P1 体育老师 of C1, A1 admin.
public enum TestSchool {
    public static let calendar = SchoolCalendar(semesters: [
        Semester(academicYear: "2025-2026", ordinal: 1, start: LocalDate("2025-09-01")!, end: LocalDate("2026-02-28")!,
                 teachingStart: LocalDate("2025-09-08")!, teachingWeeks: 18),
        Semester(academicYear: "2025-2026", ordinal: 2, start: LocalDate("2026-03-01")!, end: LocalDate("2026-08-31")!,
                 teachingStart: LocalDate("2026-03-02")!, teachingWeeks: 18),
    ])

    public static let roster: Roster = {
        let d1 = DepartmentID(rawValue: "D1"), d2 = DepartmentID(rawValue: "D2")
        let m1 = MajorID(rawValue: "M1"), m2 = MajorID(rawValue: "M2")
        let c1 = ClassID(rawValue: "C1"), c2 = ClassID(rawValue: "C2")
        let k = CourseID(rawValue: "K"), l = CourseID(rawValue: "L")
        func staff(_ code: String, _ role: OwnerRole, _ reach: Assignment.Reach) -> Assignment {
            Assignment(staff: StaffID(rawValue: code), role: role, reach: reach)
        }
        return Roster(
            departments: [Department(id: d1, name: "信息工程系"), Department(id: d2, name: "机电工程系")],
            majors: [Major(id: m1, name: "软件技术", department: d1), Major(id: m2, name: "机电一体化", department: d2)],
            classes: [
                SchoolClass(id: c1, name: "软件2401班", major: m1, cohort: Cohort(enrollmentYear: 2024)),
                SchoolClass(id: c2, name: "机电2501班", major: m2, cohort: Cohort(enrollmentYear: 2025)),
            ],
            students: [
                Student(id: StudentID(rawValue: "S11"), name: "张三", schoolClass: c1),
                Student(id: StudentID(rawValue: "S12"), name: "李四", schoolClass: c1),
                Student(id: StudentID(rawValue: "S13"), name: "王五", schoolClass: c1),
                Student(id: StudentID(rawValue: "S21"), name: "赵六", schoolClass: c2),
                Student(id: StudentID(rawValue: "S22"), name: "钱七", schoolClass: c2),
                Student(id: StudentID(rawValue: "S23"), name: "孙八", schoolClass: c2),
            ],
            courses: [Course(id: k, name: "程序设计"), Course(id: l, name: "电工电子")],
            staff: ["H1", "H2", "K1", "K2", "F1", "X1", "Y1", "Y2", "P1"].map { Staff(id: StaffID(rawValue: $0), name: "老师\($0)") }
                + [Staff(id: StaffID(rawValue: "A1"), name: "管理员", isAdmin: true)],
            assignments: [
                staff("H1", .headTeacher, .schoolClass(c1)), staff("H2", .headTeacher, .schoolClass(c2)),
                staff("K1", .courseTeacher, .course(k, in: c1)),
                staff("K2", .courseTeacher, .course(k, in: c2)), staff("K2", .courseTeacher, .course(l, in: c2)),
                staff("F1", .counselor, .schoolClass(c1)), staff("X1", .studentAffairs, .department(d1)),
                staff("Y1", .teachingOffice, .major(m1)), staff("Y2", .teachingOffice, .major(m2)),
                staff("P1", .peTeacher, .schoolClass(c1)),
            ])
    }()

    /// A fresh in-memory card with this school and the shipped rules (or `rules`), on a fixed day.
    public static func make(today: String = "2025-10-15", rules: [RuleSource]? = nil, store: (any CardStore)? = nil) throws -> CardApp {
        let database = try store ?? TestStores.fresh()
        let files = try rules ?? Repository.shippedRules()
        guard let book = RuleBookLoader.load(files).book else { throw AppError.noRules }
        try database.write { session in
            try session.insert(roster)
            try session.insert(calendar)
            try session.insertRuleSet(version: book.version, files: files, appliedBy: "test", at: "2025-09-01T00:00:00Z")
        }
        return CardApp(database: database, clock: .fixed(LocalDate(today)!))
    }

    /// The school in the semester-end week of 2025-2026-1 with 学期末 GPAs for class C1 (S11 90,
    /// S12 70, S13 60), recorded by its 班主任: what the report tests read.
    public static func makeGraded(hasher: PasswordHasher = .production) throws -> CardApp {
        let base = try make(today: "2026-01-07")
        let app = CardApp(database: base.database, clock: base.clock, hasher: hasher)
        for (student, gpa) in [("S11", "90"), ("S12", "70"), ("S13", "60")] {
            _ = try app.record(draft("H1", "academic.gpa", student, gpa, on: "2026-01-05"))
        }
        return app
    }

    /// A draft with the usual defaults.
    public static func draft(
        _ staff: String, _ point: String, _ subject: String, _ value: String, on date: String = "2025-10-15",
        session: Int? = nil, course: String? = nil
    ) -> RecordDraft {
        RecordDraft(staff: StaffID(rawValue: staff), point: point, subject: subject, value: value, date: LocalDate(date),
                    session: session, course: course.map(CourseID.init(rawValue:)))
    }
}

/// Replaces a rule file's text in the shipped set, for tests that change one rule.
extension Array where Element == RuleSource {
    public func replacing(_ file: String, _ transform: (String) -> String) -> [RuleSource] {
        map { $0.path.hasSuffix(file) ? RuleSource(path: $0.path, text: transform($0.text)) : $0 }
    }
}

extension TestSchool {
    /// The small school (or `roster`, written past every check) in a database file at `path`,
    /// for tests that run commands.
    public static func makeFile(at path: String, roster: Roster = TestSchool.roster) throws {
        let database = try CardApp.open(path: path).database
        let files = try Repository.shippedRules()
        guard let book = RuleBookLoader.load(files).book else { throw AppError.noRules }
        try database.write { session in
            try session.insert(roster)
            try session.insert(calendar)
            try session.insertRuleSet(version: book.version, files: files, appliedBy: "test", at: "2025-09-01T00:00:00Z")
        }
    }
}
