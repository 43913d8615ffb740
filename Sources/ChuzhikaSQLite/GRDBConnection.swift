import ChuzhikaSQL
import Foundation
import GRDB

/// A GRDB connection inside a transaction, as the card's one SQL session runs on it.
///
/// Every statement comes from GRDB's per-connection cache (preparing runs GRDB's authorizer
/// over every column a statement reads, which was a tenth of an import's time), and a query's
/// columns are indexed by name once per SQL text.
final class GRDBConnection: SQLConnection {
    let db: Database
    let dialect = SQLDialect.sqlite
    private var columnsBySQL: [String: SQLColumns] = [:]

    init(_ db: Database) { self.db = db }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try Self.failures {
            let statement = try prepared(sql, arguments)
            try statement.execute()
            return db.changesCount
        }
    }

    func query(_ sql: String, _ arguments: [SQLValue], _ each: (SQLRow) throws -> Void) throws {
        try Self.failures {
            let statement = try prepared(sql, arguments)
            let columns = columnsBySQL[sql] ?? {
                let made = SQLColumns(statement.columnNames)
                columnsBySQL[sql] = made
                return made
            }()
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() { try each(SQLRow(GRDBCells(row: row, columns: columns))) }
        }
    }

    func executeScript(_ sql: String) throws {
        try Self.failures { try db.execute(sql: sql) }
    }

    private func prepared(_ sql: String, _ arguments: [SQLValue]) throws -> Statement {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(StatementArguments(arguments.map(\.databaseValue)))
        return statement
    }

    // MARK: - What differs per engine

    /// Nothing to take: SQLite has one writer at a time, so no other transaction writes between
    /// this one's reads and its appends.
    func lockForPosting(_ keys: [String]?) throws {}

    /// `PRAGMA integrity_check` (nothing when it answers "ok") and `PRAGMA foreign_key_check`.
    func storageProblems() throws -> [String] {
        try Self.failures {
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "\(row[0] as String? ?? "?") 第 \(row[1] as Int64? ?? 0) 行指向不存在的 \(row[2] as String? ?? "?")"
            }
            return integrity + keys
        }
    }

    /// `PRAGMA table_info`, `index_list` and `index_info` of every table, and the triggers.
    func observedSchema() throws -> ObservedSchema {
        try Self.failures {
            var columns: [String: [ObservedSchema.Column]] = [:]
            var indexes: [ObservedSchema.Index] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                columns[table.lowercased()] = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\" FROM pragma_table_info(?)", arguments: [table])
                    .map { ObservedSchema.Column(name: $0[0], type: $0[1], isRequired: ($0[2] as Int) != 0) }
                for index in try Row.fetchAll(db, sql: "SELECT name, \"unique\", partial FROM pragma_index_list(?)", arguments: [table]) {
                    let name: String = index[0]
                    let on = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name])
                    indexes.append(ObservedSchema.Index(
                        name: name, table: table, columns: on, isUnique: (index[1] as Int) != 0, isPartial: (index[2] as Int) != 0))
                }
            }
            let triggers = try String.fetchAll(db, sql: "SELECT lower(name) FROM sqlite_master WHERE type = 'trigger'")
            return ObservedSchema(columns: columns, indexes: indexes, triggers: Set(triggers))
        }
    }

    func tableNames() throws -> [String] {
        try Self.failures {
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
    }

    /// One table holds every year: nothing to make.
    func didAddAcademicYear(_ academicYear: String) throws {}

    /// AUTOINCREMENT counters follow the largest id inserted: nothing to do.
    func didLoad(tables: [String]) throws {}

    /// SQLite's query plan, one detail per line (tests check index use).
    func explain(_ sql: String) throws -> String {
        try Self.failures {
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql.replacingOccurrences(of: "?", with: "1")).map { $0["detail"] as String? ?? "" }
        }.joined(separator: "\n")
    }

    private static func failures<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw SQLFailure(error) }
    }
}

/// A live row of a GRDB cursor.
struct GRDBCells: SQLCells {
    let row: Row
    let columns: SQLColumns

    func value(at position: Int) -> SQLValue {
        let value: DatabaseValue = row[position]
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
        }
    }

    func detached() -> any SQLCells { GRDBCells(row: row.copy(), columns: columns) }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .textList(let list): list.joined(separator: "\n").databaseValue
        // SQLite's dialect inserts rows as `VALUES` tuples: an array reaching here is a bug.
        case .array: preconditionFailure("SQLite 不绑定数组参数（SQLDialect.insertChunks 只为 PostgreSQL 生成数组）")
        }
    }
}

extension SQLFailure {
    /// SQLite's failure, by its result code.
    init(_ error: DatabaseError) {
        let kind: Kind = switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: .uniqueViolation
        case .SQLITE_CONSTRAINT_TRIGGER: .appendOnly
        default: error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED ? .busy : .other
        }
        self.init(kind, code: "\(error.extendedResultCode.rawValue)", message: error.message ?? "\(error.resultCode)")
    }
}
