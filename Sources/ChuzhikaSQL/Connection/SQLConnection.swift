/// One open connection of an engine, inside a transaction the store began: what the card's
/// one SQL session (``SQLSession``) runs on. GRDB and postgres-nio each adapt to it.
///
/// SQL is written once, with `?` placeholders, in the SQL both engines speak; where they differ
/// the session asks ``dialect``. What truly differs per engine — locking, the file's or the
/// server's own integrity checks, partitions, id sequences after a load — is asked of the
/// engine through the second half of this protocol.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs one statement (prepared once per connection where the driver prepares); returns
    /// how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs one statement whose count of changed rows nobody reads (PostgreSQL's prepared
    /// statements then need not answer a row per row changed). By default ``execute(_:_:)``.
    func perform(_ sql: String, _ arguments: [SQLValue]) throws

    /// Runs a query, handing each row to `each` while it is live: decode inside, or keep
    /// ``SQLRow/detached()``.
    func query(_ sql: String, _ arguments: [SQLValue], _ each: (SQLRow) throws -> Void) throws

    /// Several statements without arguments (a schema, a partition).
    func executeScript(_ sql: String) throws

    // MARK: - What differs per engine

    /// Takes, until the transaction ends, the right to post these keys' ledgers (nil: all);
    /// see ``ChuzhikaStore/LedgerSession/lockForPosting(_:)``.
    func lockForPosting(_ keys: [String]?) throws

    /// The engine's own findings about its storage (SQLite's integrity and foreign-key checks;
    /// on PostgreSQL the references it cannot declare), one line each; empty when sound.
    func storageProblems() throws -> [String]

    /// The college's tables, columns, indexes and triggers as the engine reports them (compared
    /// with ``CardSchema`` by `czk check`).
    func observedSchema() throws -> ObservedSchema

    /// The college's tables, by name, for fingerprints.
    func tableNames() throws -> [String]

    /// A new academic year was added to the calendar or loaded (PostgreSQL makes its partitions).
    func didAddAcademicYear(_ academicYear: String) throws

    /// Rows with explicit ids were loaded into these tables (PostgreSQL moves its sequences on).
    func didLoad(tables: [String]) throws
}

extension SQLConnection {
    public func perform(_ sql: String, _ arguments: [SQLValue]) throws {
        try execute(sql, arguments)
    }

    public func execute(sql: String, arguments: SQLArguments = []) throws {
        try perform(sql, arguments.values)
    }

    /// Runs a statement and says how many rows it changed.
    public func changes(sql: String, arguments: SQLArguments = []) throws -> Int {
        try execute(sql, arguments.values)
    }

    public func cachedStatement(sql: String) -> SQLStatement { SQLStatement(connection: self, sql: sql) }
    public func makeStatement(sql: String) -> SQLStatement { SQLStatement(connection: self, sql: sql) }
}

/// SQL kept with its connection, to run many times (the engine prepares it once).
public struct SQLStatement {
    public let connection: any SQLConnection
    public let sql: String

    public func execute(arguments: SQLArguments = []) throws {
        try connection.perform(sql, arguments.values)
    }
}

// MARK: - Fetching

extension SQLRow {
    /// Every row, detached from its query.
    public static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try db.query(sql, arguments.values) { rows.append(SQLRow($0.cells.detached())) }
        return rows
    }

    public static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> [SQLRow] {
        try fetchAll(statement.connection, sql: statement.sql, arguments: arguments)
    }

    public static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        var first: SQLRow?
        try db.query(sql, arguments.values) { if first == nil { first = SQLRow($0.cells.detached()) } }
        return first
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchOne(statement.connection, sql: statement.sql, arguments: arguments)
    }
}

extension SQLDecodable {
    /// The first column of the first row; nil when there is no row or it is NULL.
    public static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> Self? {
        var first: Self??
        try db.query(sql, arguments.values) { row in if first == nil { first = .some(row[0] as Self?) } }
        return first ?? nil
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> Self? {
        try fetchOne(statement.connection, sql: statement.sql, arguments: arguments)
    }

    /// The first column of every row, NULLs left out.
    public static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        var values: [Self] = []
        try db.query(sql, arguments.values) { row in if let value = row[0] as Self? { values.append(value) } }
        return values
    }
}
