import ChuzhikaCore
import ChuzhikaSQL
import ChuzhikaStore
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// A college's card in a PostgreSQL database: ``CardStore`` on PostgreSQL.
///
/// Named by a URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?college=CODE`: each college
/// lives in its own schema (`college_CODE`; `college_main` without `college=`), so colleges
/// sharing a database never meet in a query. Opening creates the schema when missing and
/// migrates it. Transactions run on a small pool of connections (up to ``maximumConnections``),
/// opened as needed: a command uses one, `czk serve` several at once.
public final class PostgresStore: CardStore, @unchecked Sendable {
    public static let maximumConnections = 8
    let target: PostgresTarget
    public let schema: String
    private let pool = ConnectionPool<PGConnection>(maximum: maximumConnections) { $0.close() }
    public var engine: String { "PostgreSQL" }
    public var concurrentSessions: Int { Self.maximumConnections }
    /// Kept alive as long as this store: a test's throwaway college drops its schema when the
    /// last store on it is released.
    @_spi(Testing) public var lease: AnyObject?

    /// - Throws: ``StoreError/database(_:)`` when the URL is wrong or the server cannot be reached.
    public convenience init(url: String) throws {
        try self.init(url: url, migrating: true)
    }

    private init(url: String, migrating: Bool) throws {
        target = try PostgresTarget(url: url)
        schema = target.schema
        if migrating { try withConnection { database in try mapErrors { try migrate(database) } } }
    }

    /// The college at `url` when there is one (its schema holds students, staff, records or a
    /// kind), else nil — and then nothing was created: looking never makes an empty schema.
    /// One connection for the question and the store.
    public static func openExisting(url: String) throws -> PostgresStore? {
        let store = try PostgresStore(url: url, migrating: false)
        guard try store.holdsCollege() else { return nil }
        try store.withConnection { database in try store.mapErrors { try store.migrate(database) } }
        return store
    }

    /// Whether the college's schema exists and holds anything, read without creating it.
    private func holdsCollege() throws -> Bool {
        try withConnection { database in
            try mapErrors {
                guard try String.fetchOne(database, sql: "SELECT to_regclass(?)::text", arguments: ["\(schema).meta"]) != nil else {
                    return false
                }
                // EXISTS, not COUNT(*): every command opens the college this way, and a college's
                // record table holds millions of rows.
                return try Bool.fetchOne(database, sql: """
                    SELECT EXISTS (SELECT 1 FROM \(schema).meta WHERE key = 'kind') OR EXISTS (SELECT 1 FROM \(schema).student)
                      OR EXISTS (SELECT 1 FROM \(schema).staff) OR EXISTS (SELECT 1 FROM \(schema).record)
                    """) ?? false
            }
        }
    }

    /// A connection of the pool, set to this college's schema, for the time of `body`. A write
    /// inside a shared read takes one beyond the pool's maximum: the read's connection is held
    /// by this very thread, so waiting for the pool could wait for itself.
    private func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let database = try pool.take(beyondMaximum: SharedRead.isOpen(on: self)) {
            let database = try PGConnection.connect(target)
            try database.execute(sql: "SET search_path TO \(schema)")
            return database
        }
        defer { pool.give(database) }
        return try body(database)
    }

    /// Creates the college's schema and brings it up to date, one opener at a time.
    private func migrate(_ database: PGConnection) throws {
        // Already up to date (every open but the first): one query, no lock.
        if try String.fetchOne(database, sql: "SELECT to_regclass(?)::text", arguments: ["\(schema).migration"]) != nil,
           Set(try String.fetchAll(database, sql: "SELECT name FROM migration")).isSuperset(of: Migrations.steps.map(\.name)) {
            return
        }
        try inTransaction(database, "BEGIN") {
            try database.execute(sql: "SELECT pg_advisory_xact_lock(hashtext(?))", arguments: [schema])
            try database.execute(sql: "CREATE SCHEMA IF NOT EXISTS \(schema)")
            try database.execute(sql: "SET LOCAL search_path TO \(schema)")
            try database.execute(sql: "CREATE TABLE IF NOT EXISTS migration (name text PRIMARY KEY, appliedAt text NOT NULL)")
            let done = Set(try String.fetchAll(database, sql: "SELECT name FROM migration"))
            for step in Migrations.steps where !done.contains(step.name) {
                try database.executeScript(step.sql)
                try database.execute(sql: "INSERT INTO migration(name, appliedAt) VALUES (?, now()::text)", arguments: [step.name])
            }
        }
        try database.execute(sql: "SET search_path TO \(schema)")
    }

    /// A write at READ COMMITTED. What it reads and then posts from is serialised by the write
    /// path's ``SQLSession/lockForPosting(_:)``, not by the isolation level. A write that
    /// PostgreSQL picks as a deadlock's victim fails whole, saying so: it is not run again here,
    /// because a body is not always repeatable (an import reads its sheet as a stream, and a
    /// second run would find it consumed and "import" nothing).
    public func write<T>(_ body: (any CardSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    public func read<T>(_ body: (any CardSession) throws -> T) throws -> T {
        try SharedRead.read(on: self, body) { body in try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body) }
    }

    public func sharingReads<T>(_ body: () throws -> T) throws -> T {
        try read { _ in try body() }
    }

    private func transaction<T>(_ begin: String, _ body: (any CardSession) throws -> T) throws -> T {
        try withConnection { database in try mapErrors { try inTransaction(database, begin) { try body(SQLSession(database)) } } }
    }

    /// `body` between `begin` and COMMIT, rolled back when it throws.
    private func inTransaction<T>(_ database: PGConnection, _ begin: String, _ body: () throws -> T) throws -> T {
        try database.begin(begin)
        do {
            let result = try body()
            try database.commit()
            return result
        } catch {
            try? database.execute(sql: "ROLLBACK")
            throw error
        }
    }

    /// One INSERT that commits by itself: no BEGIN and COMMIT around it (two round trips fewer
    /// for each audited read).
    public func appendAudit(_ entry: AuditEntry) throws {
        try withConnection { database in try mapErrors { try SQLSession(database).append(entry) } }
    }

    /// A file backup is SQLite's; PostgreSQL is backed up with its own tools.
    public func backup(to path: String) throws {
        throw StoreError.database("PostgreSQL 的备份请用 pg_dump --schema=\(schema)（或 czk migrate 导出为 SQLite 文件）")
    }

    /// Drops the college's schema with everything in it (tests and the demo only). The province's
    /// views read every college's tables, so dropping one drops them too: they are rebuilt over
    /// the colleges left in the same transaction, so a reviewer never finds them missing.
    public func dropCollege() throws {
        try withConnection { database in
            try mapErrors {
                try inTransaction(database, "BEGIN") {
                    try database.execute(sql: "SELECT pg_advisory_xact_lock(hashtext('czk_province'))")
                    // Only the views' owner may lock and rebuild them (a college's own role leaves them
                    // dropped, as before, until the owner's next `czk province refresh`).
                    let ownsProvince = try Int.fetchOne(database, sql: """
                        SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'province' AND pg_get_userbyid(nspowner) = current_user
                        """) == 1
                    if ownsProvince {
                        // A reviewer's query locks a view, then the colleges' tables under it: the drop
                        // takes the views first too (seen otherwise: "deadlock detected"). Dropped, not
                        // locked: LOCK TABLE on a view locks every college's tables under it as well.
                        try database.executeScript(PostgresProvince.dropViews)
                    }
                    try database.execute(sql: "DROP SCHEMA IF EXISTS \(schema) CASCADE")
                    if ownsProvince {
                        _ = try PostgresProvince.rebuildViews(database)
                    }
                }
            }
        }
    }

    /// PostgreSQL's failures as the store's.
    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as SQLFailure {
            throw failure.storeError
        }
    }
}

/// The parts of a `postgres://` URL.
struct PostgresTarget {
    let host: String
    let port: Int
    let user: String
    let password: String?
    let database: String
    let schema: String
    /// `prepared=off`: every statement unnamed, as a pooler in transaction mode (PgBouncer before
    /// 1.21) needs; by default a statement a connection sends again is prepared.
    let preparesStatements: Bool

    init(url: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, scheme.hasPrefix("postgres"), let host = parts.host
        else {
            throw StoreError.database("不是有效的 PostgreSQL 地址：\(StoreURL.withoutPassword(url))（应为 postgres://用户@主机:端口/数据库?college=代码）")
        }
        self.host = host
        port = parts.port ?? 5432
        user = parts.user ?? "postgres"
        password = parts.password
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = path.isEmpty ? user : path
        let college = parts.queryItems?.first { $0.name == "college" }?.value ?? "main"
        guard !college.isEmpty, college.utf8.count <= 40,
              college.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" })
        else { throw StoreError.database("学校代码 college=\(college) 只能用英文字母、数字和下划线") }
        schema = "college_" + college.lowercased()
        switch parts.queryItems?.first(where: { $0.name == "prepared" })?.value?.lowercased() {
        case nil, "on", "1", "true": preparesStatements = true
        case "off", "0", "false": preparesStatements = false
        case let other?: throw StoreError.database("prepared=\(other) 不认识：只能是 on 或 off")
        }
    }
}
