/// A raised risk (预警) for one student or one class, from one rule, in one episode.
///
/// One warning per student, rule and episode: a worsening condition raises its level in place
/// (the step is in its history); when the condition comes back after it ended, a new episode
/// links the old one.
public struct Warning: Hashable, Codable, Sendable {
    public struct Event: Hashable, Codable, Sendable {
        public let kind: String
        public let level: WarningLevel
        public let detail: String
        public let by: String
        public let at: String

        public init(kind: String, level: WarningLevel, detail: String, by: String, at: String) {
            self.kind = kind
            self.level = level
            self.detail = detail
            self.by = by
            self.at = at
        }

        /// 产生, 升级, 确认, 跟进, 解除, 消除 — what happened, in words.
        public var kindName: String {
            switch kind {
            case "opened": "产生"
            case "escalated": "升级"
            case "closed": "消除"
            case "ack": "确认"
            case "note": "跟进"
            case "resolve": "解除"
            default: kind
            }
        }
    }

    public let id: Int64
    /// The student, or the class for a class rule (违纪学生比率 …).
    public let subject: Subject
    public let rule: String
    public let category: WarningCategory
    public let level: WarningLevel
    public let status: WarningStatus
    public let episode: Int
    public let previous: Int64?
    public let openedOn: LocalDate
    public let evidence: String
    public let condition: String
    public let isNoData: Bool

    /// The student, for a student's warning.
    public var student: StudentID? {
        if case .student(let id) = subject { return id }
        return nil
    }

    public init(
        id: Int64, subject: Subject, rule: String, category: WarningCategory, level: WarningLevel, status: WarningStatus,
        episode: Int, previous: Int64?, openedOn: LocalDate, evidence: String, condition: String, isNoData: Bool
    ) {
        self.id = id
        self.subject = subject
        self.rule = rule
        self.category = category
        self.level = level
        self.status = status
        self.episode = episode
        self.previous = previous
        self.openedOn = openedOn
        self.evidence = evidence
        self.condition = condition
        self.isNoData = isNoData
    }
}
