import ChuzhikaCore

/// Score records: appended, superseded with a reason, never changed.
public protocol RecordSession: AnyObject {
    /// Appends a record; returns its id.
    ///
    /// - Throws: ``StoreError/duplicateRecord(existing:)`` when a live record holds the same
    ///   subject, point and period.
    func insert(_ record: ScoreRecord) throws -> RecordID
    /// Appends new records (none supersedes another), many rows a statement, each only where no
    /// live record holds its subject, point and period; answers each one's id, or nil where the
    /// slot was taken (by a live record or an earlier one of `records`) and nothing was written.
    func insertIfFree(_ records: [ScoreRecord]) throws -> [RecordID?]
    func liveRecordID(_ subject: Subject, _ point: PointID, periodKey: String) throws -> RecordID?
    func record(_ id: RecordID) throws -> ScoreRecord?
    func liveRecords(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [ScoreRecord]
    func liveValues(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [(RecordID, RecordValue)]
    /// The same for several points in one query: each point's values, oldest first (a point with
    /// none is missing).
    func liveValues(_ subject: Subject, points: [PointID], semester: SemesterID) throws -> [PointID: [RecordValue]]
    func memberValues(of schoolClass: ClassID, _ point: PointID, semester: SemesterID) throws -> [MemberValue]
    func recentRecords(_ subject: Subject, limit: Int) throws -> [(record: ScoreRecord, staffName: String)]
    func lastRecordID() throws -> Int64
    func recordCount(in semester: SemesterID) throws -> Int
    /// What is recorded for each of `periodKeys` of a point in a class (its members', or the class's own).
    func recordedPeriods(_ point: PointID, periodKeys: [String], scope: Scope, in schoolClass: ClassID, semester: SemesterID) throws
        -> [String: RecordedPeriod]
}
