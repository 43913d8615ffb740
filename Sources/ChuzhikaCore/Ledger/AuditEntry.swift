/// One line of the audit trail (审计日志): who did what to whom, when, and how it ended.
///
/// Every write, every refusal, every login event and every read of a sensitive item or of
/// another person's card is appended; nothing is ever changed or removed.
public struct AuditEntry: Hashable, Codable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case ok, refused, failed

        public var chineseName: String {
            switch self {
            case .ok: "成功"
            case .refused: "拒绝"
            case .failed: "失败"
            }
        }
    }

    public var id: Int64?
    public let at: String
    /// The 工号 or 学号 of the person acting (the admin, when an admin acts for someone).
    public let actor: String
    /// The person an admin acted as, if any.
    public let actingAs: String?
    /// The command or use case: `record`, `account`, `login` …
    public let action: String
    /// Whom or what it was about: a 学号, a class, a record id.
    public let subject: String
    public let outcome: Outcome
    public let detail: String

    /// The same entry with another detail (the record id is known only once it is written).
    public func with(detail: String) -> AuditEntry {
        AuditEntry(id: id, at: at, actor: actor, actingAs: actingAs, action: action, subject: subject, outcome: outcome, detail: detail)
    }

    public init(
        id: Int64? = nil, at: String, actor: String, actingAs: String? = nil, action: String, subject: String,
        outcome: Outcome, detail: String = ""
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.actingAs = actingAs
        self.action = action
        self.subject = subject
        self.outcome = outcome
        self.detail = detail
    }
}
