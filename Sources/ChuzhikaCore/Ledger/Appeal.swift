/// A 申诉 (appeal): a student disputes one record on their card; its owner corrects or rejects.
///
/// Nothing is edited in place: the appeal and its one answer are appended, and a correction is
/// a new record that supersedes the disputed one and names the appeal in its reason.
public struct Appeal: Hashable, Codable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case corrected, rejected

        public var chineseName: String { self == .corrected ? "已更正" : "已驳回" }
    }

    public struct Answer: Hashable, Codable, Sendable {
        public let outcome: Outcome
        public let reason: String
        public let by: String
        public let at: String
        public let correction: RecordID?

        public init(outcome: Outcome, reason: String, by: String, at: String, correction: RecordID?) {
            self.outcome = outcome
            self.reason = reason
            self.by = by
            self.at = at
            self.correction = correction
        }
    }

    public let id: Int64
    public let record: RecordID
    public let student: StudentID
    public let reason: String
    public let openedAt: String
    public let answer: Answer?

    public init(id: Int64, record: RecordID, student: StudentID, reason: String, openedAt: String, answer: Answer?) {
        self.id = id
        self.record = record
        self.student = student
        self.reason = reason
        self.openedAt = openedAt
        self.answer = answer
    }

    /// `待处理`, `已更正` or `已驳回`.
    public var statusName: String { answer?.outcome.chineseName ?? "待处理" }
}
