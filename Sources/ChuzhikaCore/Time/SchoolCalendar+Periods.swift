extension SchoolCalendar {
    /// Every period of a timing that belongs to a semester, in order.
    ///
    /// Used by class cards (the weeks of a weekly class point) and by due lists (what could be
    /// owed). 每次课前 gives none: without a timetable the sessions are not known. The once-only
    /// timings give their period only in the semester that owns it (学年初 in the year's first
    /// semester, 第一学期中 in the cohort's first, 毕业前 in the graduation year's last).
    public func periods(of timing: Timing, in semester: Semester, cohort: Cohort) -> [Period] {
        switch timing {
        case .perSession:
            return []
        case .weekly:
            return (1...max(semester.teachingWeeks, 1)).map { weekPeriod($0, of: semester) }
        case .monthly:
            var months: [Period] = []
            var day = semester.teachingStart
            while day <= semester.teachingEnd {
                months.append(monthPeriod(containing: day, fallback: semester))
                day = day.endOfMonth.adding(days: 1)
            }
            return months.filter { $0.semester == semester.id }
        case .semesterEnd:
            return [semesterPeriod(semester)]
        case .yearStart, .yearEnd:
            let period = yearPeriod(semester.academicYear, timing: timing, fallback: semester)
            return period.semester == semester.id ? [period] : []
        case .firstSemesterMid:
            return cohort.firstSemester == semester.id ? [firstSemesterPeriod(semester)] : []
        case .beforeGraduation:
            let period = graduationPeriod(semester.academicYear, fallback: semester)
            return semester.academicYear == cohort.graduationAcademicYear && period.semester == semester.id ? [period] : []
        }
    }
}
