import ChuzhikaApp
import ChuzhikaPostgres
import ChuzhikaSQLite
import ChuzhikaStore
import Foundation

/// Where a college's card is kept: a SQLite file (the default, one college per file) or a
/// PostgreSQL database named by a URL (`postgres://user@host:5432/db?college=CODE`).
///
/// The only place that knows which engines exist; use cases see a ``CardStore``.
public enum StoreLocation: StorePlace, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://…` or `postgresql://…` is PostgreSQL; anything else a file path.
    public init(_ text: String) {
        self = text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") ? .postgres(url: text) : .sqlite(path: text)
    }

    /// As people wrote it, for messages (a URL without its password).
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): StoreURL.withoutPassword(url)
        }
    }

    /// Opens the store, creating an empty one when missing.
    public func open() throws -> any CardStore {
        switch self {
        case .sqlite(let path): try SQLiteStore(path: path)
        case .postgres(let url): try PostgresStore(url: url)
        }
    }

    /// Opens a new store, refusing one that holds anything (a file that exists, a college that has data).
    public func create() throws -> any CardStore {
        switch self {
        case .sqlite(let path): try SQLiteStore.create(path: path)
        case .postgres(let url):
            try { () throws -> any CardStore in
                let store = try PostgresStore(url: url)
                guard try store.read({ try $0.isEmpty() && $0.meta("kind") == nil }) else { throw StoreError.exists(description) }
                return store
            }()
        }
    }

    /// Opens the store when a college is there (a file; a PostgreSQL college with data), else nil —
    /// one connection for both questions.
    public func openExisting() throws -> (any CardStore)? {
        switch self {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            // SQLite would take an empty file for a new database and the migrations would make an
            // empty college of it: a read must never do that to a file someone truncated.
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size > 0 else {
                throw StoreError.database("\(path) 是一个空文件（0 字节），不是储值卡数据库；若数据库被清空了，请用 czk restore 从备份恢复")
            }
            return try SQLiteStore(path: path)
        case .postgres(let url): return try PostgresStore.openExisting(url: url)
        }
    }

    /// Whether anything is there already (a file; a college with data).
    public func exists() -> Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres(let url): ((try? PostgresStore.openExisting(url: url)) ?? nil) != nil
        }
    }

    /// Removes what is there (the file with its WAL; the college's data).
    public func remove() throws {
        switch self {
        case .sqlite(let path): try SQLiteStore.remove(at: path)
        case .postgres(let url): try PostgresStore(url: url).dropCollege()
        }
    }
}
