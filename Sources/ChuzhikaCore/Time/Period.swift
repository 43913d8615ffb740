/// The span a record belongs to, derived from a date and a point's ``Timing``.
///
/// One live record is allowed per subject, point and period; ``key`` is what the store
/// makes unique. ``semester`` is the semester whose account the record is credited to.
public struct Period: Hashable, Codable, Sendable {
    public let timing: Timing
    /// Stable key: `2025-09-08#3`, `2025-2026-1:W05`, `2025-09`, `2025-2026-1`, `2025-2026`.
    public let key: String
    /// What people read: `2025-09-08 第3节`, `第5教学周`, `2025年9月`, `2025-2026学年第一学期`.
    public let label: String
    public let start: LocalDate
    public let end: LocalDate
    /// The first day a record for this period may be made.
    public let opensOn: LocalDate
    /// The day by which the record is expected.
    public let dueOn: LocalDate
    public let semester: SemesterID

    public init(
        timing: Timing, key: String, label: String, start: LocalDate, end: LocalDate,
        opensOn: LocalDate? = nil, dueOn: LocalDate? = nil, semester: SemesterID
    ) {
        self.timing = timing
        self.key = key
        self.label = label
        self.start = start
        self.end = end
        self.opensOn = opensOn ?? start
        self.dueOn = dueOn ?? end
        self.semester = semester
    }
}

/// The year a class enrolled and how long its programme lasts; it places the once-only timings.
public struct Cohort: Hashable, Codable, Sendable {
    public let enrollmentYear: Int
    public let programYears: Int

    public init(enrollmentYear: Int, programYears: Int = 3) {
        self.enrollmentYear = enrollmentYear
        self.programYears = programYears
    }

    /// `2024-2025` for the 2024 cohort.
    public var firstAcademicYear: String { "\(enrollmentYear)-\(enrollmentYear + 1)" }
    /// The academic year in which the cohort graduates.
    public var graduationAcademicYear: String {
        let y = enrollmentYear + programYears - 1
        return "\(y)-\(y + 1)"
    }
    /// The cohort's first semester: `2025-2026-1` for the 2025 cohort.
    public var firstSemester: SemesterID { SemesterID(rawValue: "\(firstAcademicYear)-1") }
}
