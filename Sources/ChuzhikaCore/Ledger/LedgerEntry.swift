/// Points credited to an account by the rule engine.
///
/// Entries are append-only. When what a key should hold changes (a correction, a new
/// record in a rate period, new rules), the old amount is reversed by a new entry and the
/// new amount credited; an account is the sum of its entries.
public struct LedgerEntry: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case credit
        case reversal
    }

    public let subject: Subject
    public let point: PointID
    public let domain: Domain
    public let semester: SemesterID
    /// What the amount stands for: `r:<recordId>` for one record, `p:<semester>` for a period aggregate.
    public let key: String
    public let points: Points
    public let kind: Kind
    public let record: RecordID?
    /// The rule set version that computed it.
    public let ruleVersion: String
    /// Why: `录入`, `更正`, `规则变更` …
    public let reason: String
    public let createdBy: StaffID?

    public init(
        subject: Subject, point: PointID, domain: Domain, semester: SemesterID, key: String,
        points: Points, kind: Kind, record: RecordID?, ruleVersion: String, reason: String,
        createdBy: StaffID?
    ) {
        self.subject = subject
        self.point = point
        self.domain = domain
        self.semester = semester
        self.key = key
        self.points = points
        self.kind = kind
        self.record = record
        self.ruleVersion = ruleVersion
        self.reason = reason
        self.createdBy = createdBy
    }
}
