import ChuzhikaCore
import ChuzhikaStore

/// Ledger entries a write has worked out but not yet appended. The write path posts every
/// touched point first and appends all their entries at the end, in a few multi-row statements;
/// meanwhile a balance read for a key counts what is pending for it, so posting a key twice in one
/// write never credits it twice.
final class PendingLedger {
    private(set) var entries: [LedgerEntry] = []
    private var sums: [PostingKey: [String: Points]] = [:]

    func add(_ new: [LedgerEntry]) {
        for entry in new {
            let key = PostingKey(subject: entry.subject, point: entry.point, semester: entry.semester)
            sums[key, default: [:]][entry.key, default: .zero] = (sums[key]?[entry.key] ?? .zero) + entry.points
        }
        entries += new
    }

    /// `stored` (the balances in the database) with what is pending for the same key.
    func balances(_ stored: [String: Points], _ subject: Subject, _ point: PointID, _ semester: SemesterID) -> [String: Points] {
        guard let pending = sums[PostingKey(subject: subject, point: point, semester: semester)] else { return stored }
        var result = stored
        for (credit, points) in pending { result[credit] = (result[credit] ?? .zero) + points }
        return result
    }

    /// Appends everything pending, then forgets it.
    func flush(to session: CardSession, at time: String) throws {
        guard !entries.isEmpty else { return }
        try session.append(entries, at: time)
        entries = []
        sums = [:]
    }
}
