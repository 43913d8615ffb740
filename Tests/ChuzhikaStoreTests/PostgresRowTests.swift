import ChuzhikaApp
import ChuzhikaSQL
@testable import ChuzhikaPostgres
@_spi(Testing) import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// What PostgreSQL hands back is checked, not trusted: a NULL where a value must be is a thrown
/// failure (a trap would take `czk serve` down with every page it was serving); looking for a
/// college never creates one.
@Suite(.enabled(if: TestStores.postgresURL != nil, "PostgreSQL only (CZK_TEST_POSTGRES)"))
struct PostgresRowTests {
    @Test func aNullWhereAValueMustBeIsThrownNotATrap() throws {
        let database = try PGConnection.connect(try PostgresTarget(url: TestStores.postgresURL!))
        defer { database.close() }
        let row = try #require(try SQLRow.fetchOne(database, sql: "SELECT NULL::text AS name, 'x'::text AS code, 7::bigint AS n"))
        #expect(throws: SQLFailure.self) { let _: String = try row["name"] }
        #expect(throws: SQLFailure.self) { let _: String = try row["missing"] }
        #expect(throws: SQLFailure.self) { let _: Int64 = try row["code"] }
        #expect(throws: SQLFailure.self) { let _: String = try row[0] }
        #expect(try row["code"] as String == "x")
        #expect(try row["n"] as Int64 == 7)
        #expect((row["name"] as String?) == nil)
    }

    /// Every type the card stores reads back as written — the common ones are read from their
    /// binary form directly — whether the statement is sent once or prepared on its second use.
    @Test func everyColumnTypeReadsBackAsWritten() throws {
        let database = try PGConnection.connect(try PostgresTarget(url: TestStores.postgresURL!))
        defer { database.close() }
        let sql = """
            SELECT ?::bigint AS big, (-2147483648)::int AS small, (-32768)::smallint AS tiny, ?::double precision AS real,
              (0.1)::real AS single, true AS yes, false AS no, ?::text AS text, 'ab'::varchar AS short, 'x'::char(3) AS padded,
              'col'::name AS name, ''::text AS empty, (12.5)::numeric AS fraction, SUM(x) AS whole, NULL::bigint AS none
            FROM (VALUES (1), (2)) AS t(x)
            """
        for _ in 0..<3 {
            let row = try #require(try SQLRow.fetchOne(database, sql: sql, arguments: [Int64.min, -1.5e-300, "王建国 ✓ 第1行"]))
            #expect(try row["big"] as Int64 == Int64.min)
            #expect(try row["small"] as Int64 == -2_147_483_648)
            #expect(try row["tiny"] as Int64 == -32_768)
            #expect(try row["real"] as Double == -1.5e-300)
            #expect(try row["single"] as Double == Double(Float(0.1)))
            #expect(try row["yes"] as Int == 1)
            #expect(try row["no"] as Int == 0)
            #expect(try row["text"] as String == "王建国 ✓ 第1行")
            #expect(try row["short"] as String == "ab")
            #expect(try row["padded"] as String == "x  ")
            #expect(try row["name"] as String == "col")
            #expect(try row["empty"] as String == "")
            #expect(try row["fraction"] as Double == 12.5)
            #expect(try row["whole"] as Int64 == 3)
            #expect((row["none"] as Int64?) == nil)
        }
    }

    @Test func lookingForACollegeCreatesNoSchema() throws {
        let url = TestStores.postgresURL!
        let college = "nobody_\(ProcessInfo.processInfo.processIdentifier)_\(Int.random(in: 0..<1_000_000))"
        let location = url + (url.contains("?") ? "&" : "?") + "college=" + college
        #expect(!CardApp.exists(path: location))
        #expect(try CardApp.openExisting(path: location) == nil)
        let other = try TestStores.fresh()
        let schemas = try other.read { try $0.countForTesting("SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'college_\(college)'") }
        #expect(schemas == 0, "looking created college_\(college)")
    }

    /// Each test's college is dropped when the test lets go of its stores, not when the whole
    /// run ends: a run of the suite leaves the server as it found it, even when killed late.
    @Test func aTestsCollegeIsDroppedWhenItsLastStoreIsReleased() throws {
        let observer = try TestStores.fresh()
        func schemas(_ name: String) throws -> Int {
            try observer.read { try $0.countForTesting("SELECT COUNT(*) FROM pg_namespace WHERE nspname = '\(name)'") }
        }
        var alone = try #require(try TestStores.fresh() as? PostgresStore) as PostgresStore?
        let aloneSchema = try #require(alone).schema
        var (made, shared): (Void, [any CardStore]) = try TestStores.shared(2) { _ in }
        _ = made
        let sharedSchema = try #require(shared.first as? PostgresStore).schema
        #expect(try schemas(aloneSchema) == 1 && schemas(sharedSchema) == 1)
        alone = nil
        #expect(try schemas(aloneSchema) == 0, "a fresh store's college outlived its store")
        shared.removeFirst()
        #expect(try schemas(sharedSchema) == 1, "a shared college went while a store was still on it")
        shared.removeAll()
        #expect(try schemas(sharedSchema) == 0)
    }
}

/// Named prepared statements: a text is prepared the second time a connection sends it, per
/// parameter types; transaction control and DDL never are; a failure forgets the name.
struct PreparedStatementNamingTests {
    @Test func aTextIsPreparedOnItsSecondUseAndPerTypes() {
        var prepared = PreparedStatements()
        let sql = "SELECT x FROM t WHERE a = $1"
        #expect(prepared.name(for: sql, types: "i") == nil)
        let name = prepared.name(for: sql, types: "i")
        #expect(name != nil)
        #expect(prepared.name(for: sql, types: "i") == name)
        #expect(prepared.name(for: sql, types: "r") == nil, "a real where an integer was is another statement")
        #expect(prepared.name(for: sql, types: "r") != name)
        for control in ["BEGIN", "COMMIT", "ROLLBACK", "CREATE TABLE t(a int)", "SET search_path TO x"] {
            _ = prepared.name(for: control, types: "")
            #expect(prepared.name(for: control, types: "") == nil, "\(control) was prepared")
        }
        let batch = String(repeating: "i", count: PreparedStatements.parametersAtMost + 1)
        _ = prepared.name(for: "INSERT INTO t VALUES (...)", types: batch)
        #expect(prepared.name(for: "INSERT INTO t VALUES (...)", types: batch) == nil, "a batch was prepared")
        #expect(SQLText.isPlannable("  WITH q AS (SELECT 1) SELECT * FROM q"))
        #expect(SQLText.isPlannable("(SELECT 1) UNION (SELECT 2)"))
    }

    /// A list of parameters is planned for its values every time: a generic plan cannot see how
    /// few rows forty students' codes select, and PostgreSQL then scans a year's partition.
    @Test func aStatementOverAListOfParametersIsNeverPrepared() {
        var prepared = PreparedStatements()
        let codes = (1...SQLText.listAtLeast).map { "$\($0)" }.joined(separator: ", ")
        let list = "SELECT r.id FROM student s JOIN record r ON r.subjectId = s.id WHERE s.code IN (\(codes)) AND r.semesterId = $9"
        let types = String(repeating: "t", count: SQLText.listAtLeast + 1)
        _ = prepared.name(for: list, types: types)
        #expect(prepared.name(for: list, types: types) == nil, "a list of parameters was prepared")
        let short = "SELECT r.id FROM record r WHERE r.semesterId IN ($1,$2,$3) AND r.subjectId = $4"
        _ = prepared.name(for: short, types: "ttti")
        #expect(prepared.name(for: short, types: "ttti") != nil, "a card's few semesters: prepared")
        #expect(!SQLText.hasParameterList("SELECT 1 WHERE kind IN ('a', 'b') AND x = $1"), "literals are not parameters")
    }

    @Test func aFailedStatementIsPreparedAnewUnderAnotherName() {
        var prepared = PreparedStatements()
        let sql = "INSERT INTO t VALUES ($1)"
        _ = prepared.name(for: sql, types: "t")
        let first = prepared.name(for: sql, types: "t")
        prepared.forget(sql, types: "t")
        _ = prepared.name(for: sql, types: "t")
        let second = prepared.name(for: sql, types: "t")
        #expect(first != nil && second != nil && first != second)
    }

    @Test func prepareOffInTheURLPreparesNothing() throws {
        #expect(try PostgresTarget(url: "postgres://u@h/db?college=a").preparesStatements)
        #expect(try !PostgresTarget(url: "postgres://u@h/db?college=a&prepared=off").preparesStatements)
        #expect(throws: StoreError.self) { try PostgresTarget(url: "postgres://u@h/db?prepared=maybe") }
        var prepared = PreparedStatements()
        prepared.isEnabled = false
        for _ in 0..<3 { #expect(prepared.name(for: "SELECT 1", types: "") == nil) }
    }

    @Test func aChangeIsRewrittenToCountItsRowsOnlyWhereThatIsSafe() {
        #expect(SQLText.changesRowsOnly("UPDATE t SET a = $1 WHERE b = $2"))
        #expect(SQLText.changesRowsOnly("INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING;"))
        #expect(!SQLText.changesRowsOnly("WITH x AS (SELECT 1) UPDATE t SET a = 1"))
        #expect(!SQLText.changesRowsOnly("INSERT INTO t VALUES (1) RETURNING id"))
        #expect(!SQLText.changesRowsOnly("DELETE FROM t WHERE a = 1 -- the old ones"))
        #expect(SQLText.returningOnePerRow("DELETE FROM t WHERE a = 1; \n") == "DELETE FROM t WHERE a = 1 RETURNING 1")
        #expect(PreparedStatements.failureSpoilsStatement("42P01") && PreparedStatements.failureSpoilsStatement(nil))
        #expect(!PreparedStatements.failureSpoilsStatement("23505") && !PreparedStatements.failureSpoilsStatement("40P01"))
    }

    @Test func aURLsPasswordNeverReachesAMessage() {
        #expect(StoreURL.withoutPassword("postgres://czk:s3cret@db/x?college=a") == "postgres://czk:***@db/x?college=a")
        #expect(StoreURL.withoutPassword("postgres://czk@db/x") == "postgres://czk@db/x")
        #expect(StoreURL.withoutPassword("postgres://czk:s3cret@db:port/x") == "postgres://czk:***@db:port/x", "a URL that does not parse")
        #expect(StoreURL.withoutPassword("postgres://czk:p@ss@db/x") == "postgres://czk:***@db/x", "an @ in the password")
        #expect(StoreURL.withoutPassword("postgres://czk@db/x?college=a&note=x@y") == "postgres://czk@db/x?college=a&note=x@y")
        #expect(StoreURL.withoutPassword("postgres://czk:pw@db?college=a&n=x@y") == "postgres://czk:***@db?college=a&n=x@y")
        do {
            _ = try PostgresTarget(url: "postgres://czk:s3cret@db:port/x")
            Issue.record("a URL without a host was taken")
        } catch {
            #expect(!"\(error)".contains("s3cret"))
        }
    }

    @Test func noMoreThanTheLimitArePrepared() {
        var prepared = PreparedStatements()
        var named = 0
        for n in 0..<(PreparedStatements.atMost + 50) {
            let sql = "SELECT \(n)"
            _ = prepared.name(for: sql, types: "")
            if prepared.name(for: sql, types: "") != nil { named += 1 }
        }
        #expect(named == PreparedStatements.atMost)
    }
}

@Suite(.enabled(if: TestStores.postgresURL != nil, "PostgreSQL only (CZK_TEST_POSTGRES)"))
struct PreparedStatementTests {
    /// The same text sent again and again, with an integer, a real and NULL where a `double
    /// precision` goes: every answer right, whichever way it was first prepared.
    @Test func repeatedStatementsAnswerRightWhateverTheParameterTypes() throws {
        let database = try PGConnection.connect(try PostgresTarget(url: TestStores.postgresURL!))
        defer { database.close() }
        try database.execute(sql: "CREATE TEMP TABLE p(id bigint PRIMARY KEY, v double precision, s text)")
        let insert = "INSERT INTO p(id, v, s) VALUES (?, ?, ?)"
        try database.execute(sql: insert, arguments: [1, 2, "a"])
        try database.execute(sql: insert, arguments: [2, 2.5, "b"])
        try database.execute(sql: insert, arguments: [3, SQLValue.null, "c"])
        try database.execute(sql: insert, arguments: [4, 7, SQLValue.null])
        try database.execute(sql: insert, arguments: [5, 7.25, "e"])
        let read = "SELECT v, s FROM p WHERE id = ?"
        for _ in 0..<3 {
            #expect(try SQLRow.fetchOne(database, sql: read, arguments: [1]).map { try $0["v"] as Double } == 2)
            #expect(try SQLRow.fetchOne(database, sql: read, arguments: [2]).map { try $0["v"] as Double } == 2.5)
            #expect(try SQLRow.fetchOne(database, sql: read, arguments: [3]).map { $0["v"] as Double? } == .some(nil))
            #expect(try SQLRow.fetchOne(database, sql: read, arguments: [5]).map { try $0["v"] as Double } == 7.25)
        }
        // A change says how many rows it changed, prepared or not.
        let update = "UPDATE p SET s = ? WHERE v >= ?"
        #expect(try database.changes(sql: update, arguments: ["x", 7]) == 2)
        #expect(try database.changes(sql: update, arguments: ["y", 2]) == 4)
        #expect(try database.changes(sql: update, arguments: ["z", 100]) == 0)
        let withUpdate = "WITH x AS (SELECT 1) UPDATE p SET s = ? WHERE v >= ?"
        for _ in 0..<3 { #expect(try database.changes(sql: withUpdate, arguments: ["w", 7]) == 2) }
        // A prepared insert that fails (a duplicate key) fails once; the next one works.
        try database.execute(sql: "BEGIN")
        #expect(throws: SQLFailure.self) { try database.execute(sql: insert, arguments: [1, 1, "dup"]) }
        try database.execute(sql: "ROLLBACK")
        try database.execute(sql: insert, arguments: [6, 1, "f"])
        #expect(try Int.fetchOne(database, sql: "SELECT COUNT(*) FROM p") == 6)
    }
}
