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
    public let points: Int
    public let ruleVersion: String
    public let records: Int
    public let sampleStudent: String
    public let sampleAtRisk: String
    public let sampleTeacher: String
}

extension CardApp {
    /// Prepares `path` for a demo: a missing or empty file, or an earlier demo, is fine (an
    /// earlier demo is removed); a database holding a real college is refused.
    public static func prepareDemoDatabase(at path: String) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return }
        let database: CardDatabase
        do {
            database = try CardDatabase(path: path)
        } catch {
            throw AppError.notADemoDatabase(path: path)
        }
        let (kind, empty) = try database.read { (try $0.meta("kind"), try $0.isEmpty()) }
        if empty && kind == nil { return }
        guard kind == "demo" else { throw AppError.notADemoDatabase(path: path) }
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
            try manager.removeItem(atPath: path + suffix)
        }
    }

    /// Loads a school's roster, calendar and rules into this empty database, in one transaction.
    public func loadSchool(_ seed: SchoolSeed, rules: [RuleSource], kind: String) throws {
        let checked = RuleBookLoader.load(rules)
        guard let book = checked.book else { throw AppError.inputProblems(checked.errors) }
        try database.write { session in
            guard try session.isEmpty() else { throw AppError.notADemoDatabase(path: "该数据库") }
            try session.setMeta("kind", kind)
            try session.setMeta("school", seed.name)
            try session.insert(seed.roster)
            try session.insert(seed.calendar)
            try session.insertRuleSet(version: book.version, files: rules, appliedBy: kind, at: clock.now())
        }
    }

    /// Loads the demo college and its rules into this (fresh) database and records a
    /// deterministic semester for every student and class.
    public func loadDemo(seeds: String, rules: [RuleSource], semesters count: Int = 2) throws -> DemoSummary {
        let checked = RuleBookLoader.load(rules)
        guard let book = checked.book else { throw AppError.inputProblems(checked.errors) }
        let seed = try SeedLoader.load(folder: seeds)
        try loadSchool(seed, rules: rules, kind: "demo")
        var generator = DemoRecords(roster: seed.roster, calendar: seed.calendar)
        var total = 0
        for semester in seed.calendar.semesters.prefix(count) {
            let drafts = generator.generate(for: semester)
            _ = try importRecords(drafts)
            total += drafts.count
        }
        let roster = seed.roster
        return DemoSummary(
            school: seed.name, departments: roster.departments.count, majors: roster.majors.count,
            classes: roster.classes.count, students: roster.students.count, staff: roster.staff.count,
            semesters: seed.calendar.semesters.map(\.id.rawValue), points: book.points.count,
            ruleVersion: book.version, records: total, sampleStudent: roster.students.first?.id.rawValue ?? "",
            sampleAtRisk: roster.students.dropFirst(5).first?.id.rawValue ?? "",
            sampleTeacher: roster.assignments.first { $0.role == .courseTeacher }?.staff.rawValue ?? "")
    }
}
