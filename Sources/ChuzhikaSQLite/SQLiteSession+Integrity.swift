import ChuzhikaCore
import ChuzhikaStore
import GRDB

extension SQLiteSession {
    /// What SQLite says of the file: `PRAGMA integrity_check` (nothing when it answers "ok") and
    /// `PRAGMA foreign_key_check`, one line each.
    public func engineProblems() throws -> [String] {
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
            "\(row[0] as String? ?? "?") 第 \(row[1] as Int64? ?? 0) 行指向不存在的 \(row[2] as String? ?? "?")"
        }
        return integrity + keys
    }

    /// Records superseded more than once, superseded without a successor, or live with one.
    public func supersessionFaults() throws -> [SupersessionFault] {
        try rows(db, sql: """
            SELECT r.id, COUNT(n.id) AS successors, r.isSuperseded FROM record r LEFT JOIN record n ON n.supersedesId = r.id
            GROUP BY r.id HAVING successors > 1 OR (successors = 0 AND r.isSuperseded = 1) OR (successors = 1 AND r.isSuperseded = 0)
            """) { row in
            SupersessionFault(record: RecordID(rawValue: row[0]), successors: row[1], isSuperseded: row[2])
        }
    }

    /// Records entered by a person (not seeded) on a day with no audited write of theirs that
    /// makes records (`record`, `import`, `appeals answer`).
    public func unauditedWrites() throws -> [UnauditedWrites] {
        try rows(db, sql: """
            SELECT f.code, substr(r.recordedAt, 1, 10) AS day, COUNT(*) FROM record r JOIN staff f ON f.id = r.recordedBy
            WHERE r.source NOT LIKE 'seed:%' AND NOT EXISTS (
              SELECT 1 FROM audit a WHERE a.actor = f.code AND a.outcome = 'ok'
                AND a.action IN ('record', 'import', 'appeals answer') AND substr(a.at, 1, 10) = substr(r.recordedAt, 1, 10))
            GROUP BY f.code, day ORDER BY day, f.code
            """) { row in
            UnauditedWrites(staff: StaffID(rawValue: row[0]), day: row[1], records: row[2])
        }
    }

    /// How many records there are, superseded ones included.
    public func recordCount() throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0 }

    /// Every (subject, point, semester) with records or ledger entries, in every semester.
    public func allScoredKeys() throws -> [(Subject, PointID, SemesterID)] {
        try scoredKeys(in: String.fetchAll(db, sql: "SELECT DISTINCT semesterId FROM record UNION SELECT DISTINCT semesterId FROM ledgerEntry")
            .map(SemesterID.init(rawValue:)))
    }
}
