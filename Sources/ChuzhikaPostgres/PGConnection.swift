import ChuzhikaSQL
import ChuzhikaStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One PostgreSQL connection, as the card's one SQL session runs on it: synchronous (the app's
/// use cases are), each query waiting on postgres-nio's future, off the event loop.
///
/// The session's SQL is written with `?` placeholders; they are numbered `$1`, `$2` … here,
/// once per SQL text.
final class PGConnection: SQLConnection, @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let dialect = SQLDialect.postgres
    private var numberedSQL: [String: String] = [:]
    private var columnsBySQL: [String: SQLColumns] = [:]
    private var prepared = PreparedStatements()
    /// Whether the open transaction holds the college's posting lock exclusively.
    private var holdsEveryPosting = false

    init(connection: PostgresConnection, logger: Logger, preparesStatements: Bool = true) {
        self.connection = connection
        self.logger = logger
        prepared.isEnabled = preparesStatements
    }

    /// Connects to the server a URL names (no TLS: loopback or a private network).
    static func connect(_ target: PostgresTarget) throws -> PGConnection {
        var logger = Logger(label: "czk.postgres")
        logger.logLevel = .critical
        let configuration = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password, database: target.database,
            tls: .disable)
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
            return PGConnection(connection: connection, logger: logger, preparesStatements: target.preparesStatements)
        } catch {
            throw StoreError.database("无法连接 PostgreSQL \(target.host):\(target.port)/\(target.database)：\(String(describing: error))")
        }
    }

    func close() { try? connection.close().wait() }

    // MARK: - SQL

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int { try run(sql, arguments, counting: true).affected }

    func perform(_ sql: String, _ arguments: [SQLValue]) throws { _ = try run(sql, arguments, counting: false) }

    func query(_ sql: String, _ arguments: [SQLValue], _ each: (SQLRow) throws -> Void) throws {
        let rows = try run(sql, arguments).rows
        guard let first = rows.first else { return }
        let columns = columnsBySQL[sql] ?? {
            let cells = first.makeRandomAccess()
            let made = SQLColumns((0..<cells.count).map { cells[$0].columnName })
            columnsBySQL[sql] = made
            return made
        }()
        for row in rows { try each(SQLRow(PGCells(row: row.makeRandomAccess(), columns: columns))) }
    }

    /// Runs several statements without arguments, one at a time (one per extended-protocol query).
    func executeScript(_ sql: String) throws {
        for statement in SQLText.statements(sql) { _ = try runUnnamed(statement, PostgresBindings()) }
    }

    /// BEGIN, and a new transaction's state.
    func begin(_ sql: String) throws {
        holdsEveryPosting = false
        _ = try runUnnamed(sql, PostgresBindings())
    }

    /// Commits the open transaction. PostgreSQL answers COMMIT of a transaction that an earlier
    /// failed statement aborted with ROLLBACK, and no error: that is thrown here, so that a body
    /// which swallowed a failure never reports as written what was rolled back.
    func commit() throws {
        let result = try runUnnamed("COMMIT", PostgresBindings())
        guard result.command == "COMMIT" else {
            throw StoreError.database("事务因前面的错误已中止，什么也没有写入（PostgreSQL 答复 \(result.command)）")
        }
    }

    /// What a statement answered: its rows, and how many rows it changed or returned.
    struct Answer {
        var rows: [PostgresRow], affected: Int, command: String
    }

    /// Runs one statement of the session: named and prepared once this connection has sent its
    /// text before (see `PreparedStatements`), unnamed otherwise.
    private func run(_ sql: String, _ arguments: [SQLValue], counting: Bool = false) throws -> Answer {
        var bindings = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .textList(let list): bindings.append(list)
            case .array(let column): bindings.append(PGArray(column))
            }
        }
        let text = numberedSQL[sql] ?? {
            let made = SQLText.numbered(sql)
            numberedSQL[sql] = made
            return made
        }()
        // postgres-nio answers a prepared statement with its rows only, never its command tag: a
        // change whose count is wanted answers a row per row changed instead (another statement);
        // one that cannot be rewritten so (a WITH … UPDATE, a RETURNING of its own) goes unnamed.
        let counted = counting && SQLText.changesRowsOnly(text)
        if counting && !counted && SQLText.firstWord(text) != "SELECT" { return try runUnnamed(text, bindings) }
        let sent = counted ? SQLText.returningOnePerRow(text) : text
        let signature = String(arguments.map(\.typeLetter))
        guard let name = prepared.name(for: sent, types: signature) else { return try runUnnamed(text, bindings) }
        do {
            let rows = try connection.executePrepared(name: name, sql: sent, bindings: bindings, logger: logger)
            return Answer(rows: counted ? [] : rows, affected: rows.count, command: "")
        } catch let error as PSQLError {
            let failure = SQLFailure(error)
            if PreparedStatements.failureSpoilsStatement(failure.code) { prepared.forget(sent, types: signature) }
            throw failure
        }
    }

    private func runUnnamed(_ text: String, _ bindings: PostgresBindings) throws -> Answer {
        do {
            let result = try connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger).wait()
            return Answer(rows: result.rows, affected: result.metadata.rows ?? 0, command: result.metadata.command)
        } catch let error as PSQLError {
            throw SQLFailure(error)
        }
    }

    // MARK: - What differs per engine

    /// More subjects than this in one transaction (a whole-school sheet, a rule change, a check)
    /// take the college's lock exclusively instead of one lock each: advisory locks share the
    /// server's lock table (`max_locks_per_transaction` × connections), which tens of thousands
    /// of per-student locks would overflow.
    static let subjectLocksAtMost = 500

    /// Two levels of transaction-scoped advisory locks, keyed by the college's schema: every
    /// poster holds the college's lock shared and then each subject's exclusively, taken in one
    /// statement in that order, the subjects sorted (so two posters never wait on each other in
    /// a cycle); posting everyone holds the college's exclusively. Released at COMMIT or ROLLBACK.
    func lockForPosting(_ keys: [String]?) throws {
        guard !holdsEveryPosting else { return }
        guard let keys, keys.count <= Self.subjectLocksAtMost else {
            _ = try run("SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), 0))", [])
            holdsEveryPosting = true
            return
        }
        guard !keys.isEmpty else { return }
        _ = try run("""
            SELECT count(CASE WHEN n = 1 THEN pg_advisory_xact_lock_shared(hashtextextended(current_schema(), 0))
              ELSE pg_advisory_xact_lock(hashtextextended(current_schema() || '|' || k, 0)) END)
            FROM unnest(?::text[]) WITH ORDINALITY AS t(k, n)
            """, [.textList([""] + keys.sorted())])
    }

    /// References that are not foreign keys (``CardSchema/referencesAcrossPartitions``), checked
    /// instead: every ledger entry, appeal, answer and correction names a record that exists, and
    /// every record and ledger entry a scoring point, course and staff member that exist; and the
    /// triggers that check those as rows are inserted are there.
    func storageProblems() throws -> [String] {
        try CardSchema.orphans(in: self) + Set(Migrations.referenceTriggers.map { $0.lowercased() }).subtracting(try triggerNames()).sorted().map { "表结构：缺少检查引用的触发器 \($0)" }
    }

    /// `information_schema.columns`, `pg_index` and `pg_trigger` of the college's schema.
    func observedSchema() throws -> ObservedSchema {
        var columns: [String: [ObservedSchema.Column]] = [:]
        try query("""
            SELECT table_name::text, column_name::text, data_type::text, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END
            FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """, []) { row in
            let table: String = try row[0]
            let isRequired: Int = try row[3]
            columns[table.lowercased(), default: []].append(ObservedSchema.Column(name: try row[1], type: try row[2], isRequired: isRequired == 1))
        }
        var indexes: [ObservedSchema.Index] = []
        try query("""
            SELECT i.relname::text, t.relname::text, CASE WHEN ix.indisunique THEN 1 ELSE 0 END,
              CASE WHEN ix.indpred IS NULL THEN 0 ELSE 1 END,
              array_to_string(ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ',')
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND NOT t.relispartition
            """, []) { row in
            let on: String = try row[4]
            let isUnique: Int = try row[2]
            let isPartial: Int = try row[3]
            indexes.append(ObservedSchema.Index(
                name: try row[0], table: try row[1], columns: on.split(separator: ",").map(String.init),
                isUnique: isUnique == 1, isPartial: isPartial == 1))
        }
        return ObservedSchema(columns: columns, indexes: indexes, triggers: try triggerNames())
    }

    /// The triggers that fire on the college's tables (not their partitions' copies; one disabled
    /// with `ALTER TABLE … DISABLE TRIGGER` is as good as missing), lower-cased.
    private func triggerNames() throws -> Set<String> {
        Set(try String.fetchAll(self, sql: """
            SELECT lower(t.tgname::text) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT c.relispartition AND NOT t.tgisinternal AND t.tgenabled <> 'D'
            """))
    }

    /// The college schema's tables; a partition is its parent's.
    func tableNames() throws -> [String] {
        try String.fetchAll(self, sql: """
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY 1
            """)
    }

    /// Makes the academic year's partitions of `record` and `ledgerEntry` (before its records).
    func didAddAcademicYear(_ academicYear: String) throws {
        if let sql = Migrations.partitions(forYear: academicYear) { try executeScript(sql) }
    }

    /// Id sequences continue after the largest id loaded.
    func didLoad(tables: [String]) throws {
        for table in tables {
            _ = try runUnnamed("SELECT setval('\(table.lowercased())_id_seq', GREATEST(MAX(id), 1), MAX(id) IS NOT NULL) FROM \(table)", PostgresBindings())
        }
    }
}

/// The cells of one PostgreSQL row, as the session reads them.
struct PGCells: SQLCells {
    let row: PostgresRandomAccessRow
    let columns: SQLColumns

    func value(at position: Int) -> SQLValue { Self.value(row[position]) }

    func detached() -> any SQLCells { self }

    static func value(_ cell: PostgresCell) -> SQLValue {
        guard let bytes = cell.bytes else { return .null }
        if cell.format == .binary, let value = binaryValue(bytes, cell.dataType) { return value }
        switch cell.dataType {
        case .int2, .int4, .int8: return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
        case .float4, .float8: return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .bool: return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .numeric:
            // SUM and AVG of integers are numeric: whole numbers stay integers.
            guard var decimal = try? cell.decode(Decimal.self) else { return .null }
            var whole = Decimal()
            NSDecimalRound(&whole, &decimal, 0, .plain)
            let number = NSDecimalNumber(decimal: decimal)
            return whole == decimal && abs(number.doubleValue) < 9e18 ? .integer(number.int64Value) : .real(number.doubleValue)
        default: return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
        }
    }

    /// The common types read straight from their binary form (network byte order), not through
    /// postgres-nio's generic decoding: a sheet's import or a rule change reads hundreds of
    /// thousands of cells, and the generic path was an eighth of `rules apply`'s client time.
    /// Nil for any other type or an unexpected length (then decoded as before).
    static func binaryValue(_ bytes: ByteBuffer, _ type: PostgresDataType) -> SQLValue? {
        let at = bytes.readerIndex
        switch (type, bytes.readableBytes) {
        case (.int8, 8): return bytes.getInteger(at: at, as: Int64.self).map(SQLValue.integer)
        case (.int4, 4): return bytes.getInteger(at: at, as: Int32.self).map { .integer(Int64($0)) }
        case (.int2, 2): return bytes.getInteger(at: at, as: Int16.self).map { .integer(Int64($0)) }
        case (.float8, 8): return bytes.getInteger(at: at, as: UInt64.self).map { .real(Double(bitPattern: $0)) }
        case (.float4, 4): return bytes.getInteger(at: at, as: UInt32.self).map { .real(Double(Float(bitPattern: $0))) }
        case (.bool, 1): return bytes.getInteger(at: at, as: UInt8.self).map { .integer($0 == 0 ? 0 : 1) }
        case (.text, _), (.varchar, _), (.name, _), (.bpchar, _): return bytes.getString(at: at, length: bytes.readableBytes).map(SQLValue.text)
        default: return nil
        }
    }
}

extension SQLFailure {
    /// PostgreSQL's failure, by its SQLSTATE.
    init(_ error: PSQLError) {
        let state = error.serverInfo?[.sqlState]
        self.init(Kind(sqlState: state), code: state, message: error.serverInfo?[.message] ?? String(reflecting: error))
    }
}

/// A column of a multi-row insert as a one-dimensional array in PostgreSQL's binary form (postgres-nio
/// encodes arrays of non-optional values only): dimensions, whether an element is NULL, the element
/// type, length and lower bound; then each element's length (-1 for NULL) and bytes.
struct PGArray: PostgresDynamicTypeEncodable {
    let column: SQLArray
    var psqlType: PostgresDataType { switch column { case .integers: .int8Array; case .reals: .float8Array; case .texts: .textArray } }
    var psqlFormat: PostgresFormat { .binary }

    init(_ column: SQLArray) { self.column = column }

    func encode<E: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        let (element, count, hasNull): (PostgresDataType, Int, Bool) = switch column {
        case .integers(let list): (.int8, list.count, list.contains(nil))
        case .reals(let list): (.float8, list.count, list.contains(nil))
        case .texts(let list): (.text, list.count, list.contains(nil))
        }
        for field in [1, hasNull ? 1 : 0, Int(element.rawValue), count, 1] { buffer.writeInteger(Int32(field)) }
        switch column {
        case .integers(let list): for value in list { if let value { buffer.writeInteger(Int32(8)); buffer.writeInteger(value) } else { buffer.writeInteger(Int32(-1)) } }
        case .reals(let list): for value in list { if let value { buffer.writeInteger(Int32(8)); buffer.writeInteger(value.bitPattern) } else { buffer.writeInteger(Int32(-1)) } }
        case .texts(let list): for value in list { if let value { buffer.writeInteger(Int32(value.utf8.count)); buffer.writeString(value) } else { buffer.writeInteger(Int32(-1)) } }
        }
    }
}
