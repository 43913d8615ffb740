/// The school calendar: semesters in order. It turns a date and a ``Timing`` into a ``Period``.
public struct SchoolCalendar: Hashable, Codable, Sendable {
    public let semesters: [Semester]

    public init(semesters: [Semester]) {
        self.semesters = semesters.sorted { $0.start < $1.start }
    }

    public func semester(containing date: LocalDate) -> Semester? {
        semesters.first { $0.contains(date) }
    }

    public func semester(_ id: SemesterID) -> Semester? { semesters.first { $0.id == id } }

    /// The semester before `id`, for value added.
    public func semester(before id: SemesterID) -> Semester? {
        guard let index = semesters.firstIndex(where: { $0.id == id }), index > 0 else { return nil }
        return semesters[index - 1]
    }

    public func semesters(ofYear year: String) -> [Semester] {
        semesters.filter { $0.academicYear == year }
    }

    /// The period a record made on `date` belongs to.
    ///
    /// - Parameters:
    ///   - session: the class session of the day (第几节), required for 每次课前.
    ///   - cohort: the subject's cohort, required for 第一学期中 and 毕业前.
    /// - Throws: ``CalendarError`` when the date is outside the calendar or the period is not open.
    public func period(
        for timing: Timing, on date: LocalDate, session: Int? = nil, cohort: Cohort
    ) throws(CalendarError) -> Period {
        guard let semester = semester(containing: date) else { throw .outsideCalendar(date) }
        switch timing {
        case .perSession:
            guard let session else { throw .sessionRequired }
            guard (1...12).contains(session) else { throw .sessionOutOfRange(session) }
            guard semester.teachingWeek(of: date) != nil else {
                throw .notTeachingWeek(date, semester.id)
            }
            return Period(
                timing: timing, key: "\(date)#\(session)", label: "\(date) 第\(session)节",
                start: date, end: date, semester: semester.id)
        case .weekly:
            guard let week = semester.teachingWeek(of: date) else {
                throw .notTeachingWeek(date, semester.id)
            }
            return weekPeriod(week, of: semester)
        case .monthly:
            return monthPeriod(containing: date, fallback: semester)
        case .semesterEnd:
            return semesterPeriod(semester)
        case .yearStart, .yearEnd:
            return yearPeriod(semester.academicYear, timing: timing, fallback: semester)
        case .firstSemesterMid:
            guard let first = self.semester(cohort.firstSemester) else {
                throw .firstSemesterNotInCalendar(cohort.firstSemester)
            }
            let period = firstSemesterPeriod(first)
            guard date >= period.opensOn else { throw .notYetOpen(timing, opensOn: period.opensOn) }
            return period
        case .beforeGraduation:
            let year = cohort.graduationAcademicYear
            guard semester.academicYear == year else {
                throw .notGraduationYear(date, graduationYear: year)
            }
            return graduationPeriod(year, fallback: semester)
        }
    }

    // MARK: - Periods by kind

    public func weekPeriod(_ week: Int, of semester: Semester) -> Period {
        let span = semester.span(ofWeek: week)
        let padded = week < 10 ? "0\(week)" : "\(week)"
        return Period(
            timing: .weekly, key: "\(semester.id.rawValue):W\(padded)",
            label: "\(semester.academicYear)-\(semester.ordinal) 第\(week)教学周",
            start: span.start, end: span.end, dueOn: span.end.adding(days: -2),
            semester: semester.id)
    }

    public func monthPeriod(containing date: LocalDate, fallback: Semester) -> Period {
        let first = LocalDate(year: date.year, month: date.month, day: 1)!  // day 1 of an existing month
        let last = date.endOfMonth
        let owner = semester(containing: last) ?? fallback
        let key = String(first.description.prefix(7))
        return Period(
            timing: .monthly, key: key, label: "\(date.year)年\(date.month)月",
            start: first, end: last, semester: owner.id)
    }

    public func semesterPeriod(_ semester: Semester) -> Period {
        Period(
            timing: .semesterEnd, key: semester.id.rawValue, label: semester.chineseName,
            start: semester.start, end: semester.end, dueOn: semester.teachingEnd,
            semester: semester.id)
    }

    public func yearPeriod(_ year: String, timing: Timing, fallback: Semester) -> Period {
        let inYear = semesters(ofYear: year)
        let first = inYear.first ?? fallback
        let last = inYear.last ?? fallback
        let isStart = timing == .yearStart
        return Period(
            timing: timing, key: year, label: "\(year)学年" + (isStart ? "初" : "末"),
            start: first.start, end: last.end,
            dueOn: isStart ? first.teachingStart.adding(days: 27) : last.teachingEnd,
            semester: isStart ? first.id : last.id)
    }

    public func firstSemesterPeriod(_ first: Semester) -> Period {
        Period(
            timing: .firstSemesterMid, key: first.id.rawValue, label: "\(first.chineseName)期中起",
            start: first.start, end: first.end, opensOn: first.middle,
            dueOn: first.teachingEnd, semester: first.id)
    }

    public func graduationPeriod(_ year: String, fallback: Semester) -> Period {
        let inYear = semesters(ofYear: year)
        let last = inYear.last ?? fallback
        return Period(
            timing: .beforeGraduation, key: "G\(year)", label: "\(year)学年（毕业前）",
            start: (inYear.first ?? fallback).start, end: last.end, dueOn: last.teachingEnd,
            semester: last.id)
    }
}
