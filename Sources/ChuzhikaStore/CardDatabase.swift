import ChuzhikaCore
import Foundation
import GRDB

/// The card's SQLite database: the only way into it.
///
/// Opening migrates the schema. Every write is one invariant-preserving transaction:
/// when the body throws, nothing of it is kept.
public struct CardDatabase: Sendable {
    private let writer: any DatabaseWriter

    /// Opens (or creates) the database file in WAL mode.
    public init(path: String) throws {
        do {
            let pool = try DatabasePool(path: path, configuration: CardDatabase.makeConfiguration())
            try self.init(pool)
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error.resultCode)")
        }
    }

    /// An empty in-memory database, for tests.
    public static func inMemory() throws -> CardDatabase {
        try CardDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Migrations.migrator.migrate(writer)
    }

    /// Foreign keys on, a larger page cache for imports, and `synchronous=NORMAL`, safe under WAL.
    public static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    // MARK: - Access

    /// Runs `body` in one write transaction; everything it wrote is rolled back if it throws.
    public func write<T>(_ body: (CardSession) throws -> T) throws -> T {
        try mapErrors { try writer.write { db in try body(CardSession(db)) } }
    }

    /// Runs `body` on a consistent snapshot for reading.
    public func read<T>(_ body: (CardSession) throws -> T) throws -> T {
        try mapErrors { try writer.read { db in try body(CardSession(db)) } }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            if let message = error.message, message.hasPrefix("append-only") {
                throw StoreError.appendOnly(message.contains("ledger") ? "储值记账" : "采分记录")
            }
            throw StoreError.database(error.message ?? "\(error.resultCode)")
        }
    }
}
