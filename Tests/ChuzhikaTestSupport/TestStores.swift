import ChuzhikaApp
@_spi(Testing) import ChuzhikaPostgres
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
    /// The colleges this test process made on PostgreSQL and has not dropped yet: dropped when it
    /// exits (a store a test leaked, or one a crashed test left behind).
    private static let live = Mutex<Set<String>>([])

    /// A throwaway college: its schema is dropped when the last store holding this lease is
    /// released, that is when its test is done with it.
    public final class College: @unchecked Sendable {
        public let url: String
        init(_ url: String) { self.url = url }
        deinit {
            try? PostgresStore(url: url).dropCollege()
            _ = TestStores.live.withLock { $0.remove(url) }
        }
    }

    /// A new college on the test server (`CZK_TEST_POSTGRES`), named `name` or `tPID_N`: dropped
    /// when the last store on it, and this lease, are released; at the latest at exit.
    public static func college(named name: String? = nil) -> College? {
        postgresURL.map { newCollege($0, named: name) }
    }

    private static func newCollege(_ url: String, named name: String? = nil) -> College {
        let n = counter.add(1, ordering: .relaxed).newValue
        let code = name ?? "t\(ProcessInfo.processInfo.processIdentifier)_\(n)"
        let college = url + (url.contains("?") ? "&" : "?") + "college=\(code)"
        let first = live.withLock { live in
            live.insert(college)
            return n == 1
        }
        if first { atexit { TestStores.dropLive() } }
        return College(college)
    }

    /// Drops the colleges still there when the process exits.
    private static func dropLive() {
        for college in live.withLock({ $0 }) { try? PostgresStore(url: college).dropCollege() }
    }

    /// A store on `college` that keeps it until released.
    public static func store(on college: College) throws -> PostgresStore {
        let store = try PostgresStore(url: college.url)
        store.lease = college
        return store
    }

    /// How many colleges this process made on PostgreSQL are still there.
    public static var collegesLeft: Int { live.withLock { $0.count } }

    /// A fresh, empty store for one test.
    public static func fresh() throws -> any CardStore {
        guard let url = postgresURL else { return try SQLiteStore.inMemory() }
        return try store(on: newCollege(url))
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
        let made = try make(try store(on: college))
        return (made, try (0..<count).map { _ in try store(on: college) })
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
