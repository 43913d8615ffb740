import ChuzhikaCore
import ChuzhikaSQL
import ChuzhikaStore
import Foundation
import GRDB

/// The card's SQLite database, one file per college: ``CardStore`` on SQLite.
///
/// Opening migrates the schema. Every write is one invariant-preserving transaction:
/// when the body throws, nothing of it is kept.
public struct SQLiteStore: CardStore {
    private let writer: any DatabaseWriter
    public var engine: String { "SQLite" }
    /// GRDB's pool: one writer and up to five readers at once.
    public var concurrentSessions: Int { 6 }

    /// Opens (or creates, readable by its owner only) the database file in WAL mode.
    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        do {
            try self.init(try Self.openPool(path))
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error.resultCode)")
        }
    }

    /// Opens the pool, waiting while another process holds the write lock. Opening can write: when
    /// the WAL file is missing or empty (the last process to close removes it), GRDB writes a
    /// table and drops it so that readers can open (GRDB issue 102), in a transaction that starts
    /// as a read — so SQLite answers SQLITE_BUSY at once if another process committed meanwhile,
    /// without waiting on the busy timeout. The concurrency test (`Benchmarks/concurrency-test.py`)
    /// saw that reach users as "database is locked". Opening has no other effect: it is retried
    /// for up to 10 seconds.
    private static func openPool(_ path: String) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                return try DatabasePool(path: path, configuration: makeConfiguration())
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01 + Double.random(in: 0..<0.02))
            }
        }
    }

    /// Creates a new database file readable by its owner only (mode 0600: it holds students'
    /// personal data), refusing a path that exists.
    public static func create(path: String) throws -> SQLiteStore {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { throw StoreError.exists(path) }
        guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.database("无法创建文件 \(path)")
        }
        return try SQLiteStore(path: path)
    }

    /// A meta value of the card database at `path`, read without migrating or changing the file
    /// (read-only, no WAL set-up); nil when the file is not a card database or has no such key.
    public static func meta(_ key: String, inFileAt path: String) -> String? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        return try? queue.read { db in
            guard try db.tableExists("meta") else { return nil }
            return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Whether others than the owner may read the file at `path`.
    public static func isReadableByOthers(path: String) -> Bool {
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        return mode & 0o044 != 0
    }

    /// An empty in-memory database, for tests.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(DatabaseQueue(configuration: makeConfiguration()))
    }

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Migrations.migrator.migrate(writer)
    }

    /// How long a write waits for another process's write to finish before "database is locked"
    /// reaches the user. SQLite's busy handler is not fair: with four teachers importing, two
    /// recording, a scan and the portal at once, a writer lost the lock to others for over 5 s
    /// (`Benchmarks/concurrency-test.py`). Each write holds the lock well under a second; a
    /// scan of a year of a college about two.
    static let busyTimeout: TimeInterval = 60

    /// Foreign keys on, a larger page cache for imports, and `synchronous=NORMAL`, safe under WAL.
    public static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// Removes a database file with its WAL and shared-memory files.
    public static func remove(at path: String) throws {
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
            try manager.removeItem(atPath: path + suffix)
        }
    }

    // MARK: - Backup

    /// Copies this database to a new file at `path` (mode 0600) with SQLite's online backup API:
    /// a consistent snapshot even while others write. Refuses a path that exists.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.exists(path) }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.database("无法创建文件 \(path)")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try mapErrors { try writer.backup(to: destination) }
            // The copy carries the source's WAL mode: back to a rollback journal, so that the
            // backup is one self-contained file that opening never grows -wal and -shm beside.
            try mapErrors { try destination.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") } }
            try destination.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// Copies the database file at `source` (a backup) to a new file at `path` through the
    /// backup API, without migrating it: a file that is not an SQLite database fails here.
    static func copy(from source: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.database("无法创建文件 \(path)")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let from = try DatabaseQueue(path: source, configuration: configuration)
            let to = try DatabaseQueue(path: path)
            try from.backup(to: to)
            try from.close()
            try to.close()
        } catch let error as DatabaseError {
            throw StoreError.database("\(source)：\(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Replaces the database at `path` with the backup at `source`: the backup is copied through
    /// the backup API into a staging file beside it (a torn or foreign file fails there), opened
    /// (migrated) and handed to `verify`; only when that returns is the database replaced, WAL and
    /// all. On any failure the database at `path` is as it was.
    public static func restore<T>(from source: String, to path: String, verify: (SQLiteStore) throws -> T) throws -> T {
        let staging = path + ".restoring"
        try? remove(at: staging)
        defer { try? remove(at: staging) }
        try copy(from: source, to: staging)
        let result = try verify(try SQLiteStore(path: staging))
        try checkpoint(at: staging)
        try remove(at: path)
        try FileManager.default.moveItem(atPath: staging, toPath: path)
        return result
    }

    /// Folds the WAL of the database at `path` into its file, leaving one self-contained file.
    static func checkpoint(at path: String) throws {
        do {
            let queue = try DatabaseQueue(path: path)
            _ = try queue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try queue.close()
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error.resultCode)")
        }
    }

    // MARK: - Access

    /// Runs `body` in one write transaction; everything it wrote is rolled back if it throws.
    public func write<T>(_ body: (any CardSession) throws -> T) throws -> T {
        try mapErrors { try writer.write { db in try body(SQLSession(GRDBConnection(db))) } }
    }

    /// Runs `body` on a consistent snapshot for reading.
    public func read<T>(_ body: (any CardSession) throws -> T) throws -> T {
        try SharedRead.read(on: writer, body) { body in
            try mapErrors { try writer.read { db in try body(SQLSession(GRDBConnection(db))) } }
        }
    }

    /// One snapshot for the reads of `body` on a file (a pool: a write inside takes the writer);
    /// in memory (one queue, where a write inside a read would re-enter it) `body` runs as it is.
    public func sharingReads<T>(_ body: () throws -> T) throws -> T {
        guard writer is DatabasePool else { return try body() }
        return try read { _ in try body() }
    }

    /// SQLite's query plan of `sql` (its `?` read as 1), for the store's own tests of index use.
    public func explainForTesting(_ sql: String) throws -> String {
        try mapErrors { try writer.read { db in try GRDBConnection(db).explain(sql) } }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw SQLFailure(error).storeError
        } catch let failure as SQLFailure {
            throw failure.storeError
        }
    }
}
