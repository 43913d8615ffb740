import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    /// The engine serialises posting per subject (see ``SQLConnection/lockForPosting(_:)``):
    /// each subject a key of its kind and code.
    public func lockForPosting(_ subjects: [Subject]?) throws {
        try db.lockForPosting(subjects.map { Set($0.map { "\(Self.subjectKind($0)):\($0.code)" }).sorted() })
        // Points another writer added before the lock was ours are read again when asked for.
        pointsLoaded = false
    }

    /// Appends ledger entries, many rows a statement.
    public func append(_ entries: [LedgerEntry], at time: String) throws {
        try insertRows(into: "ledgerEntry", [
            "subjectKind", "subjectId", "scoringPointId", "semesterId", "domain", "creditKey", "points",
            "kind", "recordId", "ruleVersion", "reason", "createdAt", "createdBy",
        ], entries) { e in [
                Self.subjectKind(e.subject), try rowID(e.subject), try rowID(e.point), e.semester.rawValue,
                e.domain.rawValue, e.key, e.points.hundredths, e.kind.rawValue, e.record?.rawValue, e.ruleVersion,
                e.reason, time, e.createdBy?.rawValue,
            ] }
    }

    /// What each credit key of one subject, point and semester holds now (the sum of its entries).
    public func balances(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [String: Points] {
        guard let pointID = try existingRowID(point) else { return [:] }
        let pairs = try rows(
            db.cachedStatement(sql: """
                SELECT creditKey, SUM(points) AS total FROM ledgerEntry
                WHERE subjectKind = ? AND subjectId = ? AND semesterId = ? AND scoringPointId = ?
                GROUP BY creditKey
                """),
            arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue, pointID]
        ) { (try $0["creditKey"] as String, Points(hundredths: try $0["total"])) }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    /// A subject's balance per semester and domain.
    public func domainTotals(_ subject: Subject) throws -> [SemesterID: [Domain: Points]] {
        var result: [SemesterID: [Domain: Points]] = [:]
        _ = try rows(
            db.cachedStatement(sql: """
                SELECT semesterId, domain, SUM(points) AS total FROM ledgerEntry
                WHERE subjectKind = ? AND subjectId = ? GROUP BY semesterId, domain
                """),
            arguments: [Self.subjectKind(subject), try rowID(subject)]
        ) { row in
            if let domain = Domain(rawValue: try row["domain"]) {
                result[SemesterID(rawValue: try row["semesterId"]), default: [:]][domain] = Points(hundredths: try row["total"])
            }
        }
        return result
    }

    /// The balance per domain of each of these classes in one semester (class points only: a
    /// class's ledger), in one query — what ranking a class among its cohort needs.
    public func classDomainTotals(_ classes: [ClassID], semester: SemesterID) throws -> [ClassID: [Domain: Points]] {
        guard !classes.isEmpty else { return [:] }
        var result: [ClassID: [Domain: Points]] = [:]
        _ = try rows(
            db,
            sql: """
                SELECT c.code, l.domain, SUM(l.points) AS total
                FROM schoolClass c \(dialect.orderedJoin("ledgerEntry", as: "l", on: "l.subjectKind = 1 AND l.subjectId = c.id AND l.semesterId = ?"))
                WHERE c.code IN (\(classes.map { _ in "?" }.joined(separator: ",")))
                GROUP BY c.code, l.domain
                """,
            arguments: [semester.rawValue] + SQLArguments(classes.map(\.rawValue))
        ) { row in
            if let domain = Domain(rawValue: try row["domain"]) {
                result[ClassID(rawValue: try row["code"]), default: [:]][domain] = Points(hundredths: try row["total"])
            }
        }
        return result
    }

    /// A subject's balance per point in one semester.
    public func pointTotals(_ subject: Subject, semester: SemesterID) throws -> [PointID: Points] {
        let pairs = try rows(
            db.cachedStatement(sql: """
                SELECT p.code, SUM(l.points) AS total FROM ledgerEntry l JOIN scoringPoint p ON p.id = l.scoringPointId
                WHERE l.subjectKind = ? AND l.subjectId = ? AND l.semesterId = ? GROUP BY p.code
                """),
            arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue]
        ) { (PointID(rawValue: try $0["code"]), Points(hundredths: try $0["total"])) }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    /// The points credited for each of these records (net of reversals).
    public func creditedPoints(records: [RecordID]) throws -> [RecordID: Points] {
        guard !records.isEmpty else { return [:] }
        let pairs = try rows(
            db,
            sql: """
                SELECT recordId, SUM(points) AS total FROM ledgerEntry
                WHERE recordId IN (\(records.map { _ in "?" }.joined(separator: ","))) GROUP BY recordId
                """,
            arguments: SQLArguments(records.map(\.rawValue))
        ) { (RecordID(rawValue: try $0["recordId"]), Points(hundredths: try $0["total"])) }
        return Dictionary(uniqueKeysWithValues: pairs)
    }
}

extension SQLSession {
    /// Every (subject, point, semester) that has live records or ledger entries in these semesters:
    /// what a change of rules must recompute.
    public func scoredKeys(in semesters: [SemesterID]) throws -> [(Subject, PointID, SemesterID)] {
        guard !semesters.isEmpty else { return [] }
        let marks = semesters.map { _ in "?" }.joined(separator: ",")
        // Each key's code by a join, not a subquery per key (60,000 keys: 0.57 s of lookups on PostgreSQL).
        let rows = try SQLRow.fetchAll(
            db,
            sql: """
                SELECT k.subjectKind, p.code AS pointCode, k.semesterId,
                  CASE k.subjectKind WHEN 0 THEN s.code ELSE c.code END AS subjectCode
                FROM (SELECT subjectKind, subjectId, scoringPointId, semesterId FROM record
                        WHERE isSuperseded = 0 AND semesterId IN (\(marks))
                      UNION
                      SELECT subjectKind, subjectId, scoringPointId, semesterId FROM ledgerEntry
                        WHERE semesterId IN (\(marks))) k
                JOIN scoringPoint p ON p.id = k.scoringPointId
                LEFT JOIN student s ON k.subjectKind = 0 AND s.id = k.subjectId
                LEFT JOIN schoolClass c ON k.subjectKind = 1 AND c.id = k.subjectId
                ORDER BY k.semesterId, k.subjectKind, k.subjectId, p.code
                """,
            arguments: SQLArguments(semesters.map(\.rawValue) + semesters.map(\.rawValue)))
        return try rows.map { row in
            let code: String = try row["subjectCode"]
            let subject: Subject = (try row["subjectKind"] as Int) == 0
                ? .student(StudentID(rawValue: code)) : .schoolClass(ClassID(rawValue: code))
            return (subject, PointID(rawValue: try row["pointCode"]), SemesterID(rawValue: try row["semesterId"]))
        }
    }
}
