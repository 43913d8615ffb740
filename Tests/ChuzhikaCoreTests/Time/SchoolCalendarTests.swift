import ChuzhikaCore
import Testing

/// Period derivation for every 采分时点.
@Suite struct SchoolCalendarTests {
    let calendar = SchoolCalendar(semesters: [
        Semester(academicYear: "2025-2026", ordinal: 1, start: LocalDate("2025-09-01")!, end: LocalDate("2026-02-28")!,
                 teachingStart: LocalDate("2025-09-08")!, teachingWeeks: 18),
        Semester(academicYear: "2025-2026", ordinal: 2, start: LocalDate("2026-03-01")!, end: LocalDate("2026-08-31")!,
                 teachingStart: LocalDate("2026-03-02")!, teachingWeeks: 18),
    ])
    let freshmen = Cohort(enrollmentYear: 2025)
    let seniors = Cohort(enrollmentYear: 2023)

    func period(_ timing: Timing, _ date: String, session: Int? = nil, cohort: Cohort? = nil) throws -> Period {
        try calendar.period(for: timing, on: LocalDate(date)!, session: session, cohort: cohort ?? freshmen)
    }

    @Test("每次课前 → that session of that day")
    func perSessionIsTheSession() throws {
        let p = try period(.perSession, "2025-09-10", session: 3)
        #expect(p.key == "2025-09-10#3")
        #expect(p.semester.rawValue == "2025-2026-1")
        #expect(try period(.perSession, "2025-09-10", session: 4).key != p.key)
    }

    @Test("每次课前 needs a session, in range, in a teaching week")
    func perSessionRefusals() {
        #expect(throws: CalendarError.sessionRequired) { try period(.perSession, "2025-09-10") }
        #expect(throws: CalendarError.sessionOutOfRange(13)) { try period(.perSession, "2025-09-10", session: 13) }
        #expect(throws: CalendarError.notTeachingWeek(LocalDate("2025-09-03")!, SemesterID(rawValue: "2025-2026-1"))) {
            try period(.perSession, "2025-09-03", session: 1)
        }
    }

    @Test("周末 → the teaching week, Monday to Sunday")
    func weeklyIsTheTeachingWeek() throws {
        let monday = try period(.weekly, "2025-09-15")
        let sunday = try period(.weekly, "2025-09-21")
        #expect(monday.key == "2025-2026-1:W02")
        #expect(sunday.key == monday.key)
        #expect(try period(.weekly, "2025-09-22").key == "2025-2026-1:W03")
        #expect(monday.label.contains("第2教学周"))
        #expect(throws: CalendarError.self) { try period(.weekly, "2026-02-10") }  // winter holiday
    }

    @Test("月末 → the calendar month")
    func monthlyIsTheMonth() throws {
        let p = try period(.monthly, "2025-10-31")
        #expect(p.key == "2025-10")
        #expect(try period(.monthly, "2025-10-01").key == "2025-10")
        #expect(p.dueOn.description == "2025-10-31")
    }

    @Test("学期末 → the semester")
    func semesterEndIsTheSemester() throws {
        #expect(try period(.semesterEnd, "2025-11-11").key == "2025-2026-1")
        #expect(try period(.semesterEnd, "2026-04-01").key == "2025-2026-2")
        #expect(try period(.semesterEnd, "2026-01-05").dueOn == calendar.semesters[0].teachingEnd)
    }

    @Test("学年初 and 学年末 → the academic year")
    func yearTimingsAreTheYear() throws {
        let start = try period(.yearStart, "2025-09-20")
        let end = try period(.yearEnd, "2026-06-30")
        #expect(start.key == "2025-2026")
        #expect(end.key == "2025-2026")
        #expect(try period(.yearStart, "2026-04-01").key == "2025-2026")  // late, same period
        #expect(start.semester.rawValue == "2025-2026-1")
        #expect(end.semester.rawValue == "2025-2026-2")
    }

    @Test("第一学期中 → the cohort's first semester, open from its middle")
    func firstSemesterMiddle() throws {
        let p = try period(.firstSemesterMid, "2025-11-20")
        #expect(p.key == "2025-2026-1")
        #expect(throws: CalendarError.notYetOpen(.firstSemesterMid, opensOn: calendar.semesters[0].middle)) {
            try period(.firstSemesterMid, "2025-09-20")
        }
        // A later record still belongs to the first semester.
        #expect(try period(.firstSemesterMid, "2026-03-10").key == "2025-2026-1")
        #expect(throws: CalendarError.firstSemesterNotInCalendar(SemesterID(rawValue: "2023-2024-1"))) {
            try period(.firstSemesterMid, "2025-11-20", cohort: seniors)
        }
    }

    @Test("毕业前 → the graduation year only")
    func beforeGraduation() throws {
        let p = try period(.beforeGraduation, "2026-05-10", cohort: seniors)
        #expect(p.key == "G2025-2026")
        #expect(throws: CalendarError.notGraduationYear(LocalDate("2026-05-10")!, graduationYear: "2027-2028")) {
            try period(.beforeGraduation, "2026-05-10")
        }
    }

    @Test func datesOutsideTheCalendarAreRefused() {
        #expect(throws: CalendarError.outsideCalendar(LocalDate("2026-11-23")!)) {
            try period(.semesterEnd, "2026-11-23")
        }
    }

    @Test func aSemesterListsThePeriodsOfEachTiming() {
        let first = calendar.semesters[0], second = calendar.semesters[1]
        #expect(calendar.periods(of: .weekly, in: first, cohort: freshmen).count == 18)
        #expect(calendar.periods(of: .monthly, in: first, cohort: freshmen).map(\.key) == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01"])
        #expect(calendar.periods(of: .semesterEnd, in: second, cohort: freshmen).map(\.key) == ["2025-2026-2"])
        #expect(calendar.periods(of: .yearStart, in: first, cohort: freshmen).count == 1)
        #expect(calendar.periods(of: .yearStart, in: second, cohort: freshmen).isEmpty)
        #expect(calendar.periods(of: .yearEnd, in: second, cohort: freshmen).count == 1)
        #expect(calendar.periods(of: .firstSemesterMid, in: first, cohort: freshmen).count == 1)
        #expect(calendar.periods(of: .firstSemesterMid, in: first, cohort: seniors).isEmpty)
        #expect(calendar.periods(of: .beforeGraduation, in: second, cohort: seniors).map(\.key) == ["G2025-2026"])
        #expect(calendar.periods(of: .beforeGraduation, in: first, cohort: seniors).isEmpty)
        #expect(calendar.periods(of: .perSession, in: first, cohort: freshmen).isEmpty)
    }
}
