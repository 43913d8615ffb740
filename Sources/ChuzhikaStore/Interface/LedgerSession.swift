import ChuzhikaCore

/// The ledger (储值记账): entries appended by the one write path, balances folded from them.
public protocol LedgerSession: AnyObject {
    /// Takes, until the transaction ends, the right to post these subjects' ledgers and to
    /// re-evaluate their warnings (nil: every subject of the college); waits while another
    /// transaction holds any of it. Posting reads balances and live records and appends from
    /// what it read, so two transactions posting one subject at once would each append from a
    /// stale read: the write path takes this before it reads. Take what a transaction needs in
    /// one call (the engine orders it); a call after `nil` (everything) adds nothing.
    func lockForPosting(_ subjects: [Subject]?) throws
    func append(_ entries: [LedgerEntry], at time: String) throws
    /// The balance of each record's account for one subject, point and semester.
    func balances(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [String: Points]
    /// The balances and live values of `points` (nil: every point) of `subjects` in `semesters`,
    /// in a few statements (what ``balances(_:_:semester:)`` and `liveValues` answer one key at a
    /// time).
    func postingReads(_ subjects: [Subject], semesters: [SemesterID], points: [PointID]?) throws -> PostingReads
    func domainTotals(_ subject: Subject) throws -> [SemesterID: [Domain: Points]]
    func classDomainTotals(_ classes: [ClassID], semester: SemesterID) throws -> [ClassID: [Domain: Points]]
    func pointTotals(_ subject: Subject, semester: SemesterID) throws -> [PointID: Points]
    func creditedPoints(records: [RecordID]) throws -> [RecordID: Points]
    /// Every (subject, point, semester) with ledger entries in these semesters.
    func scoredKeys(in semesters: [SemesterID]) throws -> [(Subject, PointID, SemesterID)]
    /// Every current student's balance per semester and domain, of the given classes (nil: all).
    func memberBalances(classes: [ClassID]?, semesters: [SemesterID]) throws -> [MemberBalance]
    func memberPointTotals(of schoolClass: ClassID, semester: SemesterID) throws -> [StudentID: [PointID: Points]]
}
