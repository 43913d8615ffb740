import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import Foundation

/// What `czk demo` created.
public struct DemoSummary: Hashable, Codable, Sendable {
    public let school: String
    public let departments: Int
    public let majors: Int
    public let classes: Int
    public let students: Int
    public let staff: Int
    public let semesters: [String]
    /// The semesters that received records, the last one up to yesterday.
    public let recordedSemesters: [String]
    public let points: Int
    public let ruleVersion: String
    public let records: Int
    public let today: LocalDate
    public let sampleStudent: String
    public let sampleAtRisk: String
    public let sampleTeacher: String
    public let sampleHeadTeacher: String
    public let sampleClass: String
}

extension CardApp {
    /// Loads a school's roster, calendar and rules into this empty database, in one transaction;
    /// with `password`, everyone gets a login with it (generated schools for benchmarks).
    public func loadSchool(_ seed: SchoolSeed, rules: [RuleSource], kind: String, password: String? = nil) throws {
        let checked = RuleBookLoader.load(rules)
        guard let book = checked.book else { throw AppError.inputProblems(checked.errors) }
        try database.write { session in
            guard try session.isEmpty() else { throw AppError.notADemoDatabase(path: "该数据库") }
            try session.setMeta("kind", kind)
            try session.setMeta("school", seed.name)
            try session.insert(seed.roster)
            try session.insert(seed.calendar)
            try session.insertRuleSet(version: book.version, appliesFrom: book.appliesFrom, files: RuleTree.compiled(rules), appliedBy: kind, at: clock.now())
            if let password { try giveDemoLogins(password: password, session: session) }
        }
    }

    /// Loads the demo college and its rules into this (fresh) database, with a calendar that
    /// contains today, and records the last `count` semesters up to yesterday for every student
    /// and class, through the same checks as a teacher's input.
    public func loadDemo(_ seeds: SchoolSheets, rules: [RuleSource], semesters count: Int = 2) throws -> DemoSummary {
        let checked = RuleBookLoader.load(rules)
        guard let book = checked.book else { throw AppError.inputProblems(checked.errors) }
        let today = clock.today()
        let roster: Roster = try database.write { session in
            guard try session.isEmpty() else { throw AppError.notADemoDatabase(path: "该数据库") }
            try session.setMeta("kind", "demo")
            try session.setMeta("school", seeds.name)
            try session.insertRuleSet(version: book.version, appliesFrom: book.appliesFrom, files: RuleTree.compiled(rules), appliedBy: "demo", at: clock.now())
            try loadRoster(seeds.sheets, by: "demo", session: session)
            try giveDemoLogins(password: Self.demoPassword, session: session)
            let roster = try session.rosterState().roster(on: today)
            let firstYear = roster.classes.map(\.cohort.enrollmentYear).min() ?? today.year
            try session.insert(DemoCalendar.make(firstYear: firstYear, today: today))
            return roster
        }
        let calendar = try calendar()
        let started = calendar.semesters.filter { $0.start <= today }
        let recorded = Array(started.suffix(count))
        var generator = DemoRecords(roster: roster, calendar: calendar)
        var total = 0
        for semester in recorded {
            let classes = roster.classes.filter { $0.cohort.isEnrolled(in: semester) }
            let drafts = generator.generate(for: semester, classes: classes)
                .filter { DemoRecords.isEntered($0, before: today, current: semester == recorded.last) }
            guard !drafts.isEmpty else { continue }
            _ = try importRecords(drafts, reevaluate: false)
            total += drafts.count
        }
        // Course results of the last semester, the special-group register and the year's 心理健康
        // 普查, from the labelled risk cohort, then one scan: warnings as they stand today.
        _ = try loadRiskCohort(RiskCohort(roster: roster, calendar: calendar, today: today, withRecords: false,
                                          keeping: RiskCohort.screeningPoints), by: "demo")
        let students = roster.students
        return DemoSummary(
            school: seeds.name, departments: roster.departments.count, majors: roster.majors.count,
            classes: roster.classes.count, students: students.count, staff: roster.staff.count,
            semesters: calendar.semesters.map(\.id.rawValue), recordedSemesters: recorded.map(\.id.rawValue),
            points: book.points.count, ruleVersion: book.version, records: total, today: today,
            sampleStudent: students.first?.id.rawValue ?? "", sampleAtRisk: students.dropFirst(5).first?.id.rawValue ?? "",
            sampleTeacher: roster.assignments.first { $0.role == .courseTeacher }?.staff.rawValue ?? "",
            sampleHeadTeacher: roster.assignments.first { $0.role == .headTeacher }?.staff.rawValue ?? "",
            sampleClass: students.first?.schoolClass.rawValue ?? "")
    }
}

extension Cohort {
    /// Whether the cohort is at the college during `semester` (enrolled, not yet graduated).
    func isEnrolled(in semester: Semester) -> Bool {
        let year = Int(semester.academicYear.prefix(4)) ?? 0
        return year >= enrollmentYear && year < enrollmentYear + programYears
    }
}
