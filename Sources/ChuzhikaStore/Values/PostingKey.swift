import ChuzhikaCore

/// One account of the ledger's posting: a subject's point in a semester.
public struct PostingKey: Hashable, Sendable {
    public let subject: Subject
    public let point: PointID
    public let semester: SemesterID

    public init(subject: Subject, point: PointID, semester: SemesterID) {
        self.subject = subject
        self.point = point
        self.semester = semester
    }
}

/// What posting reads, for many subjects at once: every credit key's balance and every live
/// value (oldest first, with its date) of their points in some semesters. The write path reads it in a few
/// statements instead of two per posted point (one round trip each on PostgreSQL).
public struct PostingReads: Sendable {
    public var balances: [PostingKey: [String: Points]] = [:]
    public var values: [PostingKey: [(id: RecordID, value: RecordValue, date: LocalDate)]] = [:]

    public init() {}
}
