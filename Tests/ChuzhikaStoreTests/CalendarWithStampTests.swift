import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// What a write or a card read asks first, the calendar and the rule sets' stamp, comes in one
/// statement on the engine the tests run on, and answers as the two separate reads do: with no
/// semester and no rule set yet, and after each is added (a new rule set must change the stamp, or
/// a process would keep scoring with the rules it parsed before).
@Suite struct CalendarWithStampTests {
    @Test func theCalendarAndTheRuleStampReadTogetherAnswerAsTheyDoApart() throws {
        let db = try TestStores.fresh()
        func read() throws -> (together: ([Semester], String), apart: ([Semester], String)) {
            try db.read { session in
                let (calendar, stamp) = try session.calendarWithRuleSetStamp()
                return ((calendar.semesters, stamp), (try session.calendar().semesters, try session.ruleSetStamp()))
            }
        }
        let empty = try read()
        #expect(empty.together.0.isEmpty)
        #expect(empty.together.1 == empty.apart.1)

        // Rules before any semester (`czk init` applies them before `czk calendar set`).
        try db.write { try $0.insertRuleSet(version: "t.1", files: [], appliedBy: "A001", at: "2025-09-01T08:00:00Z") }
        let ruled = try read()
        #expect(ruled.together.0.isEmpty)
        #expect(ruled.together.1 != empty.together.1)
        #expect(ruled.together.1 == ruled.apart.1)

        try db.write { try $0.insert(TestSchool.calendar) }
        let dated = try read()
        #expect(dated.together.0 == TestSchool.calendar.semesters)
        #expect(dated.together.0 == dated.apart.0)
        #expect(dated.together.1 == ruled.together.1)

        try db.write { try $0.insertRuleSet(version: "t.2", files: [], appliedBy: "A001", at: "2025-09-02T08:00:00Z") }
        let changed = try read()
        #expect(changed.together.1 != dated.together.1)
        #expect(changed.together.1 == changed.apart.1)
        #expect(changed.together.0 == dated.together.0)
    }
}
