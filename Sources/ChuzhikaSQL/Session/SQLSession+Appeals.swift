import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    public func insertAppeal(record: RecordID, student: StudentID, reason: String, at: String) throws -> Int64 {
        try insertReturningID(
            sql: "INSERT INTO appeal(recordId, studentCode, reason, openedAt) VALUES (?, ?, ?, ?)",
            arguments: [record.rawValue, student.rawValue, reason, at])
    }

    public func answerAppeal(_ id: Int64, _ answer: Appeal.Answer) throws {
        try db.execute(
            sql: """
                INSERT INTO appealAnswer(appealId, outcome, reason, answeredBy, answeredAt, correctionId)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, answer.outcome.rawValue, answer.reason, answer.by, answer.at, answer.correction?.rawValue])
    }

    public func appeal(_ id: Int64) throws -> Appeal? {
        try row(db, sql: Self.appealSQL + " WHERE a.id = ?", arguments: [id], Self.appeal)
    }

    /// A student's appeals, newest first.
    public func appeals(of student: StudentID) throws -> [Appeal] {
        try rows(db, sql: Self.appealSQL + " WHERE a.studentCode = ? ORDER BY a.id DESC", arguments: [student.rawValue], Self.appeal)
    }

    /// Open appeals on records written by `staff`, oldest first: what they must answer.
    public func openAppeals(recordedBy staff: StaffID) throws -> [Appeal] {
        try rows(db, sql: Self.appealSQL + """
             JOIN record r ON r.id = a.recordId JOIN staff s ON s.id = r.recordedBy
             WHERE s.code = ? AND x.appealId IS NULL ORDER BY a.id
            """, arguments: [staff.rawValue], Self.appeal)
    }

    /// Every open appeal, oldest first (for the admin).
    public func openAppeals() throws -> [Appeal] {
        try rows(db, sql: Self.appealSQL + " WHERE x.appealId IS NULL ORDER BY a.id", Self.appeal)
    }

    static let appealSQL = """
        SELECT a.id, a.recordId, a.studentCode, a.reason, a.openedAt, x.outcome, x.reason AS answerReason,
          x.answeredBy, x.answeredAt, x.correctionId
        FROM appeal a LEFT JOIN appealAnswer x ON x.appealId = a.id
        """

    static func appeal(_ row: SQLRow) throws -> Appeal {
        var answer: Appeal.Answer?
        if let outcome = (row["outcome"] as String?).flatMap(Appeal.Outcome.init(rawValue:)) {
            answer = Appeal.Answer(outcome: outcome, reason: try row["answerReason"], by: try row["answeredBy"], at: try row["answeredAt"],
                                   correction: (row["correctionId"] as Int64?).map(RecordID.init(rawValue:)))
        }
        return Appeal(id: try row["id"], record: RecordID(rawValue: try row["recordId"]), student: StudentID(rawValue: try row["studentCode"]),
                      reason: try row["reason"], openedAt: try row["openedAt"], answer: answer)
    }
}
