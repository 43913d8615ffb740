@_spi(Testing) import ChuzhikaStore
import GRDB

@_spi(Testing) extension SQLiteSession: TestingSession {
    /// Runs raw SQL: only for tests that prove the schema refuses what the API never does.
    public func executeForTesting(_ sql: String) throws {
        try db.execute(sql: sql)
    }

    /// SQLite's query plan, one detail per line, for tests that check index use.
    public func explainForTesting(_ sql: String) throws -> String {
        try rows(db, sql: "EXPLAIN QUERY PLAN " + sql) { $0["detail"] as String }.joined(separator: "\n")
    }
}

@_spi(Testing) extension SQLiteSession {
    /// A single integer from SQL, for tests that check invariants the API does not expose.
    public func countForTesting(_ sql: String) throws -> Int {
        try Int.fetchOne(db, sql: sql) ?? 0
    }
}
