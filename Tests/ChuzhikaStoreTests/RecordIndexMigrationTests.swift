import ChuzhikaCore
import Foundation
import GRDB
@_spi(Testing) import ChuzhikaStore
@testable import ChuzhikaSQLite
import ChuzhikaTestSupport
import Testing

/// `record_due` served no query and led PostgreSQL, with statistics older than a sheet's point,
/// to read every record of the point for each of the sheet's students. A college made with it
/// loses it when next opened, on either engine, and still holds exactly the described schema.
@Suite struct RecordIndexMigrationTests {
    @Test func anOlderFileLosesRecordDueWhenOpened() throws {
        let path = try olderFile("record-due", upTo: "createSystemTokens") { (older: DatabaseQueue) throws in
            #expect(try older.read { try Int.fetchOne($0, sql: Self.sqliteCount) } == 1, "the older file has the index")
        }
        defer { try? SQLiteStore.remove(at: path) }
        let store = try SQLiteStore(path: path)
        #expect(try store.read { try $0.countForTesting(Self.sqliteCount) } == 0)
        #expect(try store.read { try $0.engineProblems() } == [])
    }

    @Test(.enabled(if: TestStores.postgresURL != nil, "needs CZK_TEST_POSTGRES"))
    func anOlderPostgreSQLCollegeLosesRecordDueWhenOpened() throws {
        let college = try #require(TestStores.college())
        do {
            let store = try TestStores.store(on: college)
            try store.write { session in
                try session.executeForTesting("CREATE INDEX record_due ON record(scoringPointId, periodKey)")
                try session.executeForTesting("DELETE FROM migration WHERE name = 'dropRecordDue'")
            }
            #expect(try store.read { try $0.countForTesting(Self.postgresCount) } > 0, "the index, and its partitions'")
        }
        let store = try TestStores.store(on: college)
        #expect(try store.read { try $0.countForTesting(Self.postgresCount) } == 0)
        #expect(try store.read { try $0.engineProblems() } == [])
    }

    /// An index on `record.id` alone duplicated the primary key's first column (id, semesterId),
    /// and cost every record written one more index entry: an older college loses it, with its
    /// partitions', when next opened, and still holds the described schema.
    @Test(.enabled(if: TestStores.postgresURL != nil, "needs CZK_TEST_POSTGRES"))
    func anOlderPostgreSQLCollegeLosesItsSecondIndexOnRecordIdWhenOpened() throws {
        let college = try #require(TestStores.college())
        let count = """
            SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('i', 'I') AND (c.relname = 'record_id' OR c.relname LIKE 'record%\\_id\\_idx')
            """
        do {
            let store = try TestStores.store(on: college)
            #expect(try store.read { try $0.countForTesting(count) } == 0, "a new college never has it")
            try store.write { session in
                try session.executeForTesting("CREATE INDEX record_id ON record(id)")
                try session.executeForTesting("DELETE FROM migration WHERE name = 'dropRecordIdIndex'")
            }
            #expect(try store.read { try $0.countForTesting(count) } >= 2, "the index, and its partition's")
        }
        let store = try TestStores.store(on: college)
        #expect(try store.read { try $0.countForTesting(count) } == 0)
        #expect(try store.read { try $0.engineProblems() } == [])
    }

    static let sqliteCount = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'record_due'"
    /// The index and its partitions' (named after their columns), from the catalog alone: `pg_indexes`
    /// would render the definition of every index in the database, some of them in colleges that
    /// other tests are dropping meanwhile.
    static let postgresCount = """
        SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('i', 'I')
          AND (c.relname = 'record_due' OR (c.relname LIKE '%scoringpointid_periodkey_idx' AND c.relname NOT LIKE '%subjectid%'))
        """
}
