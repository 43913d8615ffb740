import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Brings the ledger of one subject, point and semester in line with its live records.
///
/// For each credit key whose balance differs from what the rules say it should hold, the
/// old amount is reversed and the new one credited. Nothing is updated or deleted.
struct LedgerPoster {
    let session: CardSession
    let book: RuleBook
    let clock: Clock

    /// Posts what changed; returns the net change of the subject's balance for this point.
    @discardableResult
    func post(
        _ point: ScoringPoint, for subject: Subject, semester: SemesterID, reason: String, by staff: StaffID?
    ) throws -> Points {
        let records = try session.liveRecords(subject, point.id, semester: semester)
        let (credits, problems) = Scorer.credits(for: point, records: records, semester: semester) { other in
            guard let otherPoint = book[other],
                let values = try? session.liveRecords(subject, other, semester: semester).map(\.value),
                !values.isEmpty
            else { return nil }
            return Indicator.value(of: values, kind: otherPoint.value.kind)
        }
        if let problem = problems.first {
            throw AppError.scoringFailed(point: point.name, message: problem.error.localizedDescription)
        }
        let expected = Dictionary(uniqueKeysWithValues: credits.map { ($0.key, $0) })
        let balances = try session.balances(subject, point.id, semester: semester)
        var entries: [LedgerEntry] = []
        var change = Points.zero
        for key in Set(expected.keys).union(balances.keys).sorted() {
            let current = balances[key] ?? .zero
            let target = expected[key]?.points ?? .zero
            guard current != target else { continue }
            let record = expected[key]?.record ?? key.recordID
            func entry(_ points: Points, _ kind: LedgerEntry.Kind) -> LedgerEntry {
                LedgerEntry(subject: subject, point: point.id, domain: point.domain, semester: semester, key: key,
                            points: points, kind: kind, record: record, ruleVersion: book.version, reason: reason,
                            createdBy: staff)
            }
            if current != .zero { entries.append(entry(-current, .reversal)) }
            if target != .zero { entries.append(entry(target, .credit)) }
            change = change + target - current
        }
        try session.append(entries, at: clock.now())
        return change
    }
}

extension String {
    /// The record id inside a `r:<id>` credit key.
    var recordID: RecordID? {
        guard hasPrefix("r:"), let id = Int64(dropFirst(2)) else { return nil }
        return RecordID(rawValue: id)
    }
}
