import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSQLite
import ChuzhikaSeeding
import ChuzhikaTestSupport
import Foundation
import Testing

/// The nightly `czk check` and `czk restore` as the calendar moves: days passing — a semester
/// ending, the next one starting — are not damage. A check on any later day passes on an
/// untouched card, and a clean backup restores on any later day; real damage still fails.
@Suite struct CalendarTurnTests {
    /// The demo built in week 11 of the first semester, as a college's card stands in November.
    /// In a file (for backup and restore), or on the suite's engine.
    static func demo(inFile: Bool = false) throws -> (CardApp, String, SchoolCalendar) {
        let path = NSTemporaryDirectory() + "czk-turn-\(UUID().uuidString).sqlite"
        let november = Clock.fixed(LocalDate("2025-11-20")!)
        let built = inFile ? try CardApp.open(path: path, clock: november, hasher: .testing)
            : CardApp(database: try TestStores.fresh(), clock: november, hasher: .testing)
        _ = try built.loadDemo(try SeedLoader.demo(), rules: try Repository.shippedRules(), semesters: 1)
        return (built, path, try built.calendar())
    }

    /// Every boundary of the year after the demo's day: each semester's last day and the day
    /// after, its teaching start, and the first day of the next year.
    static func boundaries(_ calendar: SchoolCalendar, after day: LocalDate) -> [LocalDate] {
        let days = calendar.semesters.flatMap { [$0.end, $0.end.adding(days: 1), $0.start, $0.teachingStart] }
        return Array(Set(days.filter { $0 > day })).sorted()
    }

    @Test func theNightlyCheckPassesOnEveryBoundaryOfTheYear() throws {
        let (built, _, calendar) = try Self.demo()
        let days = Self.boundaries(calendar, after: built.clock.today())
        #expect(days.count >= 4)
        for day in days {
            let report = try CardApp(database: built.database, clock: .fixed(day)).check()
            #expect(report.problems == [], "czk check on \(day): \(report.problems.prefix(3))")
        }
    }

    @Test func aNovemberBackupRestoresOnEveryBoundaryOfTheYear() throws {
        let (built, path, calendar) = try Self.demo(inFile: true)
        let backup = path + ".backup"
        try built.backup(to: backup)
        for day in Self.boundaries(calendar, after: built.clock.today()) {
            let target = path + ".restored-\(day)"
            let report = try CardApp.restore(from: backup, to: target, force: false, clock: .fixed(day))
            #expect(report.isClean, "restore on \(day)")
            try SQLiteStore.remove(at: target)
        }
    }

    @Test func aWriteOnTheSemestersLastDayIsJudgedOnThatDay() throws {
        let (built, _, calendar) = try Self.demo()
        let autumn = try #require(calendar.semester(containing: built.clock.today()))
        let spring = try #require(calendar.semesters.first { $0.teachingStart > autumn.end }?.teachingStart)
        // The 班主任 records on the last day of the autumn: the sheet's students are re-evaluated
        // that day (not on the last scan's day, not on the day of the check).
        let lastDay = CardApp(database: built.database, clock: .fixed(autumn.end), hasher: .testing)
        let students = try lastDay.database.read { try $0.students(in: ClassID(rawValue: "WL2401")).map(\.id.rawValue) }
        let drafts = students.map {
            RecordDraft(staff: StaffID(rawValue: "T101"), point: "academic.teacher_communication", subject: $0, value: "1",
                        date: autumn.end)
        }
        _ = try lastDay.importRecords(drafts, by: lastDay.principal("T101"))
        let report = try CardApp(database: built.database, clock: .fixed(spring)).check()
        #expect(report.problems == [], "czk check on \(spring): \(report.problems.prefix(3))")
    }

    @Test func damageIsStillFoundAfterTheSemesterTurns() throws {
        let (built, _, calendar) = try Self.demo()
        let spring = try #require(calendar.semesters.first { $0.teachingStart > built.clock.today() }?.teachingStart)
        // A warning's evidence changed by hand: no day's rules give that.
        try built.database.write { session in
            try session.executeForTesting("UPDATE warning SET evidence = evidence || '（改）' WHERE id = (SELECT MIN(id) FROM warning WHERE status = 'open')")
        }
        let report = try CardApp(database: built.database, clock: .fixed(spring)).check()
        #expect(report.problems.map(\.kind) == ["预警"], "\(report.problems)")
    }
}
