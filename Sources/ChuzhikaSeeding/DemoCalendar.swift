import ChuzhikaApp
import ChuzhikaCore

/// The demo's calendar: every academic year from its first cohort's to the one that contains
/// today, so that `czk due`, `czk account` and the README's examples make sense on any day.
///
/// Each year follows the usual pattern of a Chinese college: the first semester runs from
/// 1 September to the end of February, the second from 1 March to 31 August (holidays
/// included); 18 teaching weeks each, starting on the first Monday after 1 September and the
/// first Monday from 1 March.
public enum DemoCalendar {
    public static func make(firstYear: Int, today: LocalDate) -> SchoolCalendar {
        let todayYear = today.month >= 9 ? today.year : today.year - 1
        let lastYear = max(firstYear, todayYear)
        var semesters: [Semester] = []
        for year in firstYear...lastYear {
            let name = "\(year)-\(year + 1)"
            let autumn = LocalDate(year: year, month: 9, day: 1)!  // 1 September exists
            let spring = LocalDate(year: year + 1, month: 3, day: 1)!  // 1 March exists
            semesters.append(Semester(
                academicYear: name, ordinal: 1, start: autumn, end: spring.adding(days: -1),
                teachingStart: monday(after: autumn), teachingWeeks: 18))
            semesters.append(Semester(
                academicYear: name, ordinal: 2, start: spring, end: LocalDate(year: year + 1, month: 8, day: 31)!,  // exists
                teachingStart: monday(onOrAfter: spring), teachingWeeks: 18))
        }
        return SchoolCalendar(semesters: semesters)
    }

    static func monday(onOrAfter day: LocalDate) -> LocalDate { day.adding(days: (8 - day.weekday) % 7) }

    static func monday(after day: LocalDate) -> LocalDate { monday(onOrAfter: day.adding(days: 1)) }
}
