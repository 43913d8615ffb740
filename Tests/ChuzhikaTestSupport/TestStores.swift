import ChuzhikaApp
import ChuzhikaPostgres
import ChuzhikaSQLite
@_spi(Testing) import ChuzhikaStore
import Foundation
import Synchronization

/// The store a test runs on: SQLite in memory, or with `CZK_TEST_POSTGRES` set to a
/// `postgres://` URL, a new college schema in that database for each test (the same store and
/// app tests on both engines; `.ci/run` runs the suite both ways).
public enum TestStores {
    public static let postgresURL: String? = ProcessInfo.processInfo.environment["CZK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    private static let counter = Atomic<Int>(0)
    /// The colleges this test process made on PostgreSQL: dropped when it exits.
    private static let made = Mutex<[String]>([])

    /// A new college's URL, remembered to be dropped at exit (the first one registers the drop).
    private static func newCollege(_ url: String) -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let college = url + (url.contains("?") ? "&" : "?") + "college=t\(ProcessInfo.processInfo.processIdentifier)_\(n)"
        let first = made.withLock { made in
            made.append(college)
            return made.count == 1
        }
        if first { atexit { TestStores.dropMade() } }
        return college
    }

    /// Drops every college this process made (run at exit: a test's store may outlive its test).
    private static func dropMade() {
        for college in made.withLock({ $0 }) { try? PostgresStore(url: college).dropCollege() }
    }

    /// A fresh, empty store for one test.
    public static func fresh() throws -> any CardStore {
        guard let url = postgresURL else { return try SQLiteStore.inMemory() }
        return try PostgresStore(url: newCollege(url))
    }

    /// `count` stores on one new college, each with its own connections, as that many processes
    /// would open it: SQLite in a temporary file (memory is one connection's), or one college
    /// schema on PostgreSQL. The first is made with `make` (a school written into it).
    public static func shared<T>(_ count: Int, make: (any CardStore) throws -> T) throws -> (T, [any CardStore]) {
        guard let url = postgresURL else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-shared-\(UUID().uuidString).sqlite").path
            let made = try make(try SQLiteStore.create(path: path))
            return (made, try (0..<count).map { _ in try SQLiteStore(path: path) })
        }
        let college = newCollege(url)
        let made = try make(try PostgresStore(url: college))
        return (made, try (0..<count).map { _ in try PostgresStore(url: college) })
    }

    /// How many students the store reads evidence for at a time.
    public static var evidenceChunk: Int { (try? fresh().read { $0.evidenceChunk }) ?? 500 }
}

/// Raw SQL in tests, on whichever engine the session is: the store's test SPI.
extension IntegritySession {
    /// Runs raw SQL: only for tests that prove the schema refuses what the API never does.
    public func executeForTesting(_ sql: String) throws {
        guard let session = self as? any TestingSession else { throw StoreError.database("no test SPI on \(Self.self)") }
        try session.executeForTesting(sql)
    }

    /// A single integer from SQL, for tests that check invariants the API does not expose.
    public func countForTesting(_ sql: String) throws -> Int {
        guard let session = self as? any TestingSession else { throw StoreError.database("no test SPI on \(Self.self)") }
        return try session.countForTesting(sql)
    }
}
