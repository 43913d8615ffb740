import ChuzhikaCore

/// One student's raw balance in one semester and domain (before caps), with their class.
public struct MemberBalance: Hashable, Sendable {
    public let student: StudentID
    public let schoolClass: ClassID
    public let semester: SemesterID
    public let domain: Domain
    public let points: Points

    public init(student: StudentID, schoolClass: ClassID, semester: SemesterID, domain: Domain, points: Points) {
        self.student = student
        self.schoolClass = schoolClass
        self.semester = semester
        self.domain = domain
        self.points = points
    }
}

/// What is recorded for one subject, point and period.
public struct RecordedPeriod: Hashable, Sendable {
    /// When the first record was written (ISO 8601).
    public let firstRecordedAt: String
    /// Whether a live (not superseded) record stands.
    public let isLive: Bool

    public init(firstRecordedAt: String, isLive: Bool) {
        self.firstRecordedAt = firstRecordedAt
        self.isLive = isLive
    }
}

/// One member's recorded value, as class cards read them.
public struct MemberValue: Hashable, Sendable {
    public let student: StudentID
    public let periodKey: String
    public let date: LocalDate
    public let value: RecordValue

    public init(student: StudentID, periodKey: String, date: LocalDate, value: RecordValue) {
        self.student = student
        self.periodKey = periodKey
        self.date = date
        self.value = value
    }
}

/// One entry of the special-group register as it stands.
public struct GroupStanding: Hashable, Sendable {
    public let student: StudentID
    public let group: String
    public let reason: String
    public let since: LocalDate
    public let addedBy: String

    public init(student: StudentID, group: String, reason: String, since: LocalDate, addedBy: String) {
        self.student = student
        self.group = group
        self.reason = reason
        self.since = since
        self.addedBy = addedBy
    }
}
