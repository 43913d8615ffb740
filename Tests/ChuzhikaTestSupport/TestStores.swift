import ChuzhikaApp
import ChuzhikaSQLite
import ChuzhikaStore

/// The store a test runs on.
public enum TestStores {
    /// A fresh, empty store for one test: an in-memory SQLite database.
    public static func fresh() throws -> any CardStore {
        try SQLiteStore.inMemory()
    }

    /// How many students the store reads evidence for at a time.
    public static var evidenceChunk: Int { (try? fresh().read { $0.evidenceChunk }) ?? 500 }
}
