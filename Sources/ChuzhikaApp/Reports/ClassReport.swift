import ChuzhikaCore

/// A class card (学生集体（班级）发展): class points per domain, subtotals, total, rank. Plain values.
public struct ClassReport: Hashable, Codable, Sendable {
    public struct PointLine: Hashable, Codable, Sendable {
        public let id: String
        public let name: String
        public let domain: Domain
        public let timing: String
        /// 录入 or how it derives from members' records.
        public let source: String
        /// The value shown: one period's value, or the mean over the semester's periods.
        public let value: String?
        /// How many periods of the semester have a value.
        public let periods: Int
        public let points: Points?
        /// Why there is no value.
        public let reason: String?
    }

    public struct DomainLine: Hashable, Codable, Sendable {
        public let domain: Domain
        public let name: String
        public let semester: Points
        public let valueAdded: Points?
    }

    public let classID: String
    public let className: String
    public let cohort: Int
    public let students: Int
    public let semester: String
    public let semesterName: String
    public let domains: [DomainLine]
    public let total: Points
    /// 增值 like for like (同期), as on a student's card: against ``valueAddedSemester`` as it
    /// stood on ``valueAddedAsOf``; nil while the previous semester holds nothing.
    public let totalValueAdded: Points?
    public let valueAddedSemester: String?
    public let valueAddedAsOf: LocalDate?
    /// 1 is best, among the classes of the same cohort.
    public let rank: Int
    public let classesInCohort: Int
    public let points: [PointLine]
    /// Said to a reader who sees only the points they own (a 任课教师): no subtotals, total or rank.
    public let notice: String?
    /// The data the risk rules wait for in this class today (one item per point).
    public var missingData: [MissingData] = []

    /// Whether the reader sees only their own points: then `domains` is empty, `total` zero and `rank` 0.
    public var isPartial: Bool { notice != nil }
}
