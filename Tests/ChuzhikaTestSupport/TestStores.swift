import ChuzhikaApp
import ChuzhikaPostgres
import ChuzhikaSQLite
import ChuzhikaStore
import Foundation
import Synchronization

/// The store a test runs on: SQLite in memory, or with `CZK_TEST_POSTGRES` set to a
/// `postgres://` URL, a new college schema in that database for each test (the same store and
/// app tests on both engines; `.ci/run` runs the suite both ways).
public enum TestStores {
    public static let postgresURL: String? = ProcessInfo.processInfo.environment["CZK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    private static let counter = Atomic<Int>(0)

    /// A fresh, empty store for one test.
    public static func fresh() throws -> any CardStore {
        guard let url = postgresURL else { return try SQLiteStore.inMemory() }
        let n = counter.add(1, ordering: .relaxed).newValue
        let college = "t\(ProcessInfo.processInfo.processIdentifier)_\(n)"
        let store = try PostgresStore(url: url + (url.contains("?") ? "&" : "?") + "college=" + college)
        return store
    }

    /// How many students the store reads evidence for at a time.
    public static var evidenceChunk: Int { (try? fresh().read { $0.evidenceChunk }) ?? 500 }
}
