import ChuzhikaApp
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
        let database = try Database.connect(try PostgresTarget(url: TestStores.postgresURL!))
        defer { try? database.connection.close().wait() }
        let row = try #require(try Row.fetchOne(database, sql: "SELECT NULL::text AS name, 'x'::text AS code, 7::bigint AS n"))
        #expect(throws: DatabaseError.self) { let _: String = try row["name"] }
        #expect(throws: DatabaseError.self) { let _: String = try row["missing"] }
        #expect(throws: DatabaseError.self) { let _: Int64 = try row["code"] }
        #expect(throws: DatabaseError.self) { let _: String = try row[0] }
        #expect(try row["code"] as String == "x")
        #expect(try row["n"] as Int64 == 7)
        #expect((row["name"] as String?) == nil)
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
}
