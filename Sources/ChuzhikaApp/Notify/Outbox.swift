import ChuzhikaCore
import ChuzhikaStore

extension NotifySession {
    /// Puts a warning's event in the outbox, in the transaction of the change itself: if that
    /// rolls back, nobody is told of a change that did not happen. Each event has one key, so
    /// writing it twice (a scan run again) tells nobody twice.
    func tell(
        _ kind: OutboxEvent.Kind, warning id: Int64, rule: String, category: WarningCategory, level: WarningLevel,
        subject: Subject, at time: String
    ) throws {
        let key = "warning-\(id)-\(kind.rawValue)" + (kind == .escalated ? "-\(level)" : "")
        _ = try enqueue(OutboxEvent(key: key, kind: kind, warning: id, rule: rule, category: category, level: level,
                                    subject: subject.code, createdAt: time))
    }
}
