/// One semester of the school calendar, with its teaching weeks.
///
/// Semesters of a year are contiguous (`start`…`end` covers the holidays too), so every
/// day of the academic year belongs to exactly one semester; teaching weeks are the
/// `teachingWeeks` Monday-to-Sunday weeks from `teachingStart`.
public struct Semester: Hashable, Codable, Sendable {
    public let id: SemesterID
    /// `2025-2026`.
    public let academicYear: String
    /// 1 or 2.
    public let ordinal: Int
    public let start: LocalDate
    public let end: LocalDate
    /// The Monday of teaching week 1.
    public let teachingStart: LocalDate
    public let teachingWeeks: Int

    public init(
        academicYear: String, ordinal: Int, start: LocalDate, end: LocalDate,
        teachingStart: LocalDate, teachingWeeks: Int
    ) {
        self.id = SemesterID(rawValue: "\(academicYear)-\(ordinal)")
        self.academicYear = academicYear
        self.ordinal = ordinal
        self.start = start
        self.end = end
        self.teachingStart = teachingStart
        self.teachingWeeks = teachingWeeks
    }

    /// `2025-2026学年第一学期`.
    public var chineseName: String {
        "\(academicYear)学年第\(ordinal == 1 ? "一" : ordinal == 2 ? "二" : String(ordinal))学期"
    }

    /// The last day of teaching.
    public var teachingEnd: LocalDate { teachingStart.adding(days: teachingWeeks * 7 - 1) }

    /// The middle of the teaching weeks: 第一学期中 opens here.
    public var middle: LocalDate { teachingStart.adding(days: (teachingWeeks / 2) * 7) }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }

    /// The teaching week (1-based) a date falls in, or nil outside teaching.
    public func teachingWeek(of date: LocalDate) -> Int? {
        let offset = teachingStart.days(until: date)
        guard offset >= 0 else { return nil }
        let week = offset / 7 + 1
        return week <= teachingWeeks ? week : nil
    }

    /// Monday and Sunday of teaching week `week`.
    public func span(ofWeek week: Int) -> (start: LocalDate, end: LocalDate) {
        let monday = teachingStart.adding(days: (week - 1) * 7)
        return (monday, monday.adding(days: 6))
    }
}
