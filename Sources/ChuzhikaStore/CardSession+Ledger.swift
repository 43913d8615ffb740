import ChuzhikaCore
import GRDB

extension CardSession {
    /// Appends ledger entries.
    public func append(_ entries: [LedgerEntry], at time: String) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO ledgerEntry(subjectKind, subjectId, scoringPointId, semesterId, domain, creditKey, points,
              kind, recordId, ruleVersion, reason, createdAt, createdBy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for e in entries {
            try statement.execute(arguments: [
                Self.subjectKind(e.subject), try rowID(e.subject), try rowID(e.point), e.semester.rawValue,
                e.domain.rawValue, e.key, e.points.hundredths, e.kind.rawValue, e.record?.rawValue, e.ruleVersion,
                e.reason, time, e.createdBy?.rawValue,
            ])
        }
    }

    /// What each credit key of one subject, point and semester holds now (the sum of its entries).
    public func balances(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [String: Points] {
        guard let pointID = try existingRowID(point) else { return [:] }
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT creditKey, SUM(points) AS total FROM ledgerEntry
                WHERE subjectKind = ? AND subjectId = ? AND semesterId = ? AND scoringPointId = ?
                GROUP BY creditKey
                """),
            arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue, pointID])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["creditKey"], Points(hundredths: $0["total"])) })
    }

    /// A subject's balance per semester and domain.
    public func domainTotals(_ subject: Subject) throws -> [SemesterID: [Domain: Points]] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT semesterId, domain, SUM(points) AS total FROM ledgerEntry
                WHERE subjectKind = ? AND subjectId = ? GROUP BY semesterId, domain
                """,
            arguments: [Self.subjectKind(subject), try rowID(subject)])
        var result: [SemesterID: [Domain: Points]] = [:]
        for row in rows {
            guard let domain = Domain(rawValue: row["domain"]) else { continue }
            result[SemesterID(rawValue: row["semesterId"]), default: [:]][domain] = Points(hundredths: row["total"])
        }
        return result
    }

    /// A subject's balance per point in one semester.
    public func pointTotals(_ subject: Subject, semester: SemesterID) throws -> [PointID: Points] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.code, SUM(l.points) AS total FROM ledgerEntry l JOIN scoringPoint p ON p.id = l.scoringPointId
                WHERE l.subjectKind = ? AND l.subjectId = ? AND l.semesterId = ? GROUP BY p.code
                """,
            arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue])
        return Dictionary(uniqueKeysWithValues: rows.map { (PointID(rawValue: $0["code"]), Points(hundredths: $0["total"])) })
    }

    /// The points credited for each of these records (net of reversals).
    public func creditedPoints(records: [RecordID]) throws -> [RecordID: Points] {
        guard !records.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT recordId, SUM(points) AS total FROM ledgerEntry
                WHERE recordId IN (\(records.map { _ in "?" }.joined(separator: ","))) GROUP BY recordId
                """,
            arguments: StatementArguments(records.map(\.rawValue)))
        return Dictionary(uniqueKeysWithValues: rows.map { (RecordID(rawValue: $0["recordId"]), Points(hundredths: $0["total"])) })
    }
}
