import ChuzhikaStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One PostgreSQL connection, used synchronously by the store (the app's use cases are
/// synchronous): each query waits on PostgresNIO's future, off the event loop.
///
/// Speaks the handful of calls the store makes, in the same words as GRDB's so that the two
/// stores read alike: `execute(sql:arguments:)`, `lastInsertedRowID`, `changesCount`, and the
/// fetchers on ``Row`` and the scalar types. SQL is written with `?` placeholders, numbered here.
final class Database: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Rows changed by the last `execute`.
    private(set) var changesCount = 0

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects to the server a URL names (no TLS: loopback or a private network).
    static func connect(_ target: PostgresTarget) throws -> Database {
        var logger = Logger(label: "czk.postgres")
        logger.logLevel = .critical
        let configuration = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password, database: target.database,
            tls: .disable)
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
            return Database(connection: connection, logger: logger)
        } catch {
            throw StoreError.database("无法连接 PostgreSQL \(target.host):\(target.port)/\(target.database)：\(String(describing: error))")
        }
    }

    func execute(sql: String, arguments: StatementArguments = []) throws {
        let result = try run(sql, arguments)
        changesCount = result.metadata.rows ?? 0
    }

    /// Commits the open transaction. PostgreSQL answers COMMIT of a transaction that an earlier
    /// failed statement aborted with ROLLBACK, and no error: that is thrown here, so that a body
    /// which swallowed a failure never reports as written what was rolled back.
    func commit() throws {
        let result = try run("COMMIT", [])
        guard result.metadata.command == "COMMIT" else {
            throw StoreError.database("事务因前面的错误已中止，什么也没有写入（PostgreSQL 答复 \(result.metadata.command)）")
        }
    }

    /// Runs several statements without arguments (the schema), one at a time: PostgreSQL
    /// prepares one statement per query. Splits at `;` ending a line, outside `$$` bodies.
    func executeScript(_ sql: String) throws {
        for statement in Self.statements(sql) { try execute(sql: statement) }
    }

    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("--") { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { statements.append(current) }
        return statements
    }

    /// The id the last INSERT drew from its table's sequence (this connection only).
    var lastInsertedRowID: Int64 { (try? Int64.fetchOne(self, sql: "SELECT lastval()")) ?? 0 }

    func fetchAll(sql: String, arguments: StatementArguments) throws -> [Row] {
        try run(sql, arguments).rows.map { Row($0.makeRandomAccess()) }
    }

    func cachedStatement(sql: String) -> Statement { Statement(database: self, sql: sql) }
    func makeStatement(sql: String) -> Statement { Statement(database: self, sql: sql) }

    private func run(_ sql: String, _ arguments: StatementArguments) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            if let value { try value.bind(into: &bindings) } else { bindings.appendNull() }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        do {
            return try connection.query(query, logger: logger).wait()
        } catch let error as PSQLError {
            throw DatabaseError(error)
        }
    }

    /// `?` → `$1`, `$2` … outside quoted text; an empty list `IN ()`, which SQLite accepts and
    /// PostgreSQL does not, becomes `IN (NULL)` (no row matches either).
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                n += 1
                out += "$\(n)"
            } else {
                out.append(character)
            }
        }
        return out.replacingOccurrences(of: "IN ()", with: "IN (NULL)")
    }
}

/// A failure PostgreSQL reported: its SQLSTATE and message.
struct DatabaseError: Error, CustomStringConvertible {
    let sqlState: String?
    let message: String

    init(sqlState: String?, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = error.serverInfo?[.message] ?? String(reflecting: error)
    }

    var isUniqueViolation: Bool { sqlState == "23505" }
    /// A deadlock's victim (40P01) or a serialisation failure (40001): rolled back whole, and
    /// the same work run again would succeed.
    var isConflict: Bool { sqlState == "40P01" || sqlState == "40001" }
    var description: String { message }
}

/// SQL kept with its database, as GRDB's statements are (PostgreSQL plans each on its own).
struct Statement {
    let database: Database
    let sql: String

    func execute(arguments: StatementArguments = []) throws {
        try database.execute(sql: sql, arguments: arguments)
    }
}

// MARK: - Values in

/// A value a query can bind.
protocol Bindable {
    func bind(into bindings: inout PostgresBindings) throws
}

extension String: Bindable {
    func bind(into bindings: inout PostgresBindings) throws { try bindings.append(self) }
}

extension Int: Bindable {
    func bind(into bindings: inout PostgresBindings) throws { try bindings.append(Int64(self)) }
}

extension Int64: Bindable {
    func bind(into bindings: inout PostgresBindings) throws { try bindings.append(self) }
}

extension Double: Bindable {
    func bind(into bindings: inout PostgresBindings) throws { try bindings.append(self) }
}

/// Booleans are stored as integers 0 and 1, as on SQLite, so that the SQL reads the same.
extension Bool: Bindable {
    func bind(into bindings: inout PostgresBindings) throws { try bindings.append(Int64(self ? 1 : 0)) }
}

/// A text array (`?::text[]`).
extension Array: Bindable where Element == String {
    func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Optional: Bindable where Wrapped: Bindable {
    func bind(into bindings: inout PostgresBindings) throws {
        if let value = self { try value.bind(into: &bindings) } else { bindings.appendNull() }
    }
}

/// A query's arguments, in placeholder order.
struct StatementArguments: ExpressibleByArrayLiteral {
    var values: [(any Bindable)?]

    init(arrayLiteral elements: (any Bindable)?...) { values = elements }
    init<S: Sequence>(_ sequence: S) where S.Element: Bindable { values = sequence.map { $0 } }
    init() { values = [] }

    static func + (lhs: StatementArguments, rhs: StatementArguments) -> StatementArguments {
        var both = lhs
        both.values += rhs.values
        return both
    }

    static func += (lhs: inout StatementArguments, rhs: StatementArguments) { lhs.values += rhs.values }
}

// MARK: - Values out

/// A value read from a column.
protocol ColumnDecodable {
    static func decode(_ cell: PostgresCell) throws -> Self
}

extension String: ColumnDecodable {
    static func decode(_ cell: PostgresCell) throws -> String { try cell.decode(String.self) }
}

extension Int64: ColumnDecodable {
    static func decode(_ cell: PostgresCell) throws -> Int64 {
        switch cell.dataType {
        case .numeric: NSDecimalNumber(decimal: try cell.decode(Decimal.self)).int64Value
        case .float8, .float4: Int64(try cell.decode(Double.self))
        default: try cell.decode(Int64.self)
        }
    }
}

extension Int: ColumnDecodable {
    static func decode(_ cell: PostgresCell) throws -> Int { Int(try Int64.decode(cell)) }
}

extension Double: ColumnDecodable {
    static func decode(_ cell: PostgresCell) throws -> Double {
        switch cell.dataType {
        case .int2, .int4, .int8: Double(try cell.decode(Int64.self))
        case .numeric: NSDecimalNumber(decimal: try cell.decode(Decimal.self)).doubleValue
        default: try cell.decode(Double.self)
        }
    }
}

extension Bool: ColumnDecodable {
    static func decode(_ cell: PostgresCell) throws -> Bool {
        cell.dataType == .bool ? try cell.decode(Bool.self) : try Int64.decode(cell) != 0
    }
}

/// One result row, read by column name (case-insensitive: PostgreSQL folds unquoted names to
/// lower case) or position, as GRDB's rows are.
struct Row {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRandomAccessRow) { self.row = row }

    private func cell(_ name: String) -> PostgresCell? {
        let key = name.lowercased()
        return row.contains(key) ? row[key] : nil
    }

    /// A column that must hold a value: a missing or NULL one, or one of another type, is thrown
    /// as a database failure (a trap here would take `czk serve` down with it).
    subscript<T: ColumnDecodable>(_ name: String) -> T {
        get throws {
            guard let cell = cell(name) else { throw DatabaseError(sqlState: nil, message: "结果中没有列 \(name)") }
            guard cell.bytes != nil else { throw DatabaseError(sqlState: nil, message: "列 \(name) 为空（NULL），应为 \(T.self)") }
            do { return try T.decode(cell) } catch { throw DatabaseError(sqlState: nil, message: "列 \(name) 不是 \(T.self)") }
        }
    }

    subscript<T: ColumnDecodable>(_ name: String) -> T? {
        guard let cell = cell(name), cell.bytes != nil else { return nil }
        return try? T.decode(cell)
    }

    subscript<T: ColumnDecodable>(_ index: Int) -> T {
        get throws {
            let cell = row[index]
            guard cell.bytes != nil else { throw DatabaseError(sqlState: nil, message: "第 \(index + 1) 列为空（NULL），应为 \(T.self)") }
            do { return try T.decode(cell) } catch { throw DatabaseError(sqlState: nil, message: "第 \(index + 1) 列不是 \(T.self)") }
        }
    }

    subscript<T: ColumnDecodable>(_ index: Int) -> T? {
        let cell = row[index]
        guard cell.bytes != nil else { return nil }
        return try? T.decode(cell)
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try db.fetchAll(sql: sql, arguments: arguments)
    }

    static func fetchAll(_ statement: Statement, arguments: StatementArguments = []) throws -> [Row] {
        try statement.database.fetchAll(sql: statement.sql, arguments: arguments)
    }

    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> Row? {
        try db.fetchAll(sql: sql, arguments: arguments).first
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments = []) throws -> Row? {
        try fetchAll(statement, arguments: arguments).first
    }

    static func fetchCursor(_ statement: Statement, arguments: StatementArguments = []) throws -> RowCursor {
        RowCursor(rows: try fetchAll(statement, arguments: arguments))
    }
}

/// Rows one at a time (all fetched: PostgreSQL sends them together).
final class RowCursor {
    let rows: [Row]
    var position = 0

    init(rows: [Row]) { self.rows = rows }

    func next() throws -> Row? {
        guard position < rows.count else { return nil }
        defer { position += 1 }
        return rows[position]
    }
}

extension ColumnDecodable {
    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> Self? {
        try Row.fetchOne(db, sql: sql, arguments: arguments).flatMap { $0[0] }
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments = []) throws -> Self? {
        try Row.fetchOne(statement, arguments: arguments).flatMap { $0[0] }
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Self] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { $0[0] }
    }
}
