import ChuzhikaCore
@_spi(Testing) import ChuzhikaStore

extension SQLSession {
    /// What the engine itself finds wrong with its storage, and where its schema is not the
    /// card's (``CardSchema``): one line each.
    public func engineProblems() throws -> [String] {
        try db.storageProblems() + CardSchema.differences(from: db.observedSchema(), types: db.dialect.columnTypes)
    }

    /// Records superseded more than once, superseded without a successor, or live with one.
    public func supersessionFaults() throws -> [SupersessionFault] {
        try rows(db, sql: """
            SELECT r.id, COUNT(n.id) AS successors, r.isSuperseded FROM record r LEFT JOIN record n ON n.supersedesId = r.id
            GROUP BY r.id, r.isSuperseded
            HAVING COUNT(n.id) > 1 OR (COUNT(n.id) = 0 AND r.isSuperseded = 1) OR (COUNT(n.id) = 1 AND r.isSuperseded = 0)
            """) { row in
            SupersessionFault(record: RecordID(rawValue: try row[0]), successors: try row[1], isSuperseded: try row[2])
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
            UnauditedWrites(staff: StaffID(rawValue: try row[0]), day: try row[1], records: try row[2])
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

@_spi(Testing) extension SQLSession: TestingSession {
    /// Runs raw SQL: only for tests that prove the schema refuses what the API never does.
    public func executeForTesting(_ sql: String) throws {
        try db.execute(sql: sql)
    }

    /// A single integer from SQL, for tests that check invariants the API does not expose.
    public func countForTesting(_ sql: String) throws -> Int {
        try Int.fetchOne(db, sql: sql) ?? 0
    }
}
