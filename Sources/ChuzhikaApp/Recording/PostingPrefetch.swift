import ChuzhikaCore
import ChuzhikaStore

/// What posting reads for a group of subjects, read before their posts in a few statements
/// (``LedgerSession/postingReads(_:semesters:)``): a write that posts thousands of points asks
/// the database a few times per few hundred subjects instead of twice per point. A key of a
/// subject and semester that was read and holds nothing is empty, not unknown; any other key is
/// read from the session as before.
///
/// Valid while the write posts: posting appends to ``PendingLedger`` (whose sums are added to
/// these balances) and changes no record.
final class PostingPrefetch {
    private struct Covered: Hashable {
        let subject: Subject
        let semester: SemesterID
    }

    private let reads: PostingReads
    private let covered: Set<Covered>
    /// The points read (nil: every point).
    private let points: Set<PointID>?

    /// - Parameter points: only these points (nil: every point); any other is read from the session.
    init(_ session: CardSession, subjects: [Subject], semesters: [SemesterID], points: Set<PointID>? = nil) throws {
        reads = try session.postingReads(subjects, semesters: semesters, points: points.map { Array($0) })
        covered = Set(subjects.flatMap { subject in semesters.map { Covered(subject: subject, semester: $0) } })
        self.points = points
    }

    private func covers(_ subject: Subject, _ point: PointID, _ semester: SemesterID) -> Bool {
        points?.contains(point) != false && covered.contains(Covered(subject: subject, semester: semester))
    }

    /// The stored balances of a key, or nil when this prefetch did not read it.
    func balances(_ subject: Subject, _ point: PointID, semester: SemesterID) -> [String: Points]? {
        guard covers(subject, point, semester) else { return nil }
        return reads.balances[PostingKey(subject: subject, point: point, semester: semester)] ?? [:]
    }

    /// The live values of a key, oldest first (those dated up to `asOf` when set), or nil when
    /// this prefetch did not read it.
    func values(_ subject: Subject, _ point: PointID, semester: SemesterID, asOf: LocalDate?) -> [(RecordID, RecordValue)]? {
        guard covers(subject, point, semester) else { return nil }
        let all = reads.values[PostingKey(subject: subject, point: point, semester: semester)] ?? []
        return all.filter { asOf == nil || $0.date <= asOf! }.map { ($0.id, $0.value) }
    }
}
