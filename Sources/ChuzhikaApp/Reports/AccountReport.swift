import ChuzhikaCore

/// A student's card (储值卡账户): subtotals per domain, totals, recent records. Plain values.
public struct AccountReport: Hashable, Codable, Sendable {
    public struct DomainLine: Hashable, Codable, Sendable {
        public let domain: Domain
        public let name: String
        /// 科目小计 for the semester, after the domain's semester cap.
        public let semester: Points
        /// The same before the cap, when the cap cut it.
        public let uncapped: Points?
        /// 增值 (同期): this semester's subtotal minus the previous semester's as it stood on
        /// ``AccountReport/valueAddedAsOf``; nil while the previous semester holds nothing.
        public let valueAdded: Points?
        /// 科目小计 since enrolment (each semester capped).
        public let sinceEnrolment: Points
        /// Per semester, oldest first: the trend behind 增值.
        public let bySemester: [Points]
    }

    public struct PointLine: Hashable, Codable, Sendable {
        public let id: String
        public let name: String
        public let domain: Domain
        public let points: Points
        /// A sensitive point this reader may know exists, but not its content.
        public let isWithheld: Bool
        /// The recorded value of a point that scores nothing (a sensitive one), for those who may see it.
        public let value: String?
    }

    /// One 申诉 (appeal) of the student and its outcome.
    public struct AppealLine: Hashable, Codable, Sendable {
        public let id: Int64
        public let recordID: Int64
        public let pointName: String
        public let value: String
        public let reason: String
        public let status: String
        public let answer: String?
        public let correctionID: Int64?
    }

    public struct EntryLine: Hashable, Codable, Sendable {
        public let date: LocalDate
        public let pointID: String
        public let pointName: String
        public let domain: Domain?
        public let period: String
        public let value: String
        /// Points this record earned by itself; nil when the point scores the semester together.
        public let points: Points?
        public let recordedBy: String
        public let isCorrection: Bool
        /// The record's id: what `czk appeal` takes.
        public let recordID: Int64
        /// The status of an appeal on this record, if there is one.
        public let appeal: String?
    }

    public let studentID: String
    public let name: String
    public let classID: String
    public let className: String
    public let semester: String
    public let semesterName: String
    public let semesters: [String]
    /// Each semester of `semesters` with its subtotals and 总分汇总 (empty on a partial card).
    public let trend: [SemesterScores]
    public let domains: [DomainLine]
    /// 总分汇总 for the semester: the weighted sum of the capped subtotals.
    public let semesterTotal: Points
    /// 增值 of the 总分汇总 over the previous semester, like for like (同期).
    public let totalValueAdded: Points?
    /// The semester 增值 compares with, and the last day of it counted: as far into its teaching
    /// as today is into this one (its end once this semester has ended). Nil without 增值.
    public let valueAddedSemester: String?
    public let valueAddedAsOf: LocalDate?
    public let totalSinceEnrolment: Points
    public let points: [PointLine]
    public let recent: [EntryLine]
    public let appeals: [AppealLine]
    /// The reader sees only the points they own (a 任课教师, a 体育老师): no subtotals or totals.
    public let isPartial: Bool
    public let isOwnCard: Bool
    /// Whether sensitive content (心理) is shown: to the student's 辅导员 only.
    public let showsSensitive: Bool
    /// On the student's own card: their active 学业 and 就业 warnings, as encouragement and advice
    /// (never a 心理 or 理财 one).
    public let reminders: [String]
}
