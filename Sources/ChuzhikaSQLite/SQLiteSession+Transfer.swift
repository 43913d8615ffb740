import ChuzhikaCore
import ChuzhikaStore
import GRDB

extension SQLiteSession {
    public func dump(_ table: CollegeTables.Table, after: StoredValue?, limit: Int) throws -> TableRows {
        // Table and key names come from `CollegeTables`, never from input.
        let statement = try db.cachedStatement(sql: """
            SELECT * FROM \(table.name)\(after == nil ? "" : " WHERE \(table.key) > ?") ORDER BY \(table.key) LIMIT \(limit)
            """)
        let columns = statement.columnNames.map { $0.lowercased() }
        var rows: [[StoredValue]] = []
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(after.map { [$0.databaseValue] } ?? []))
        while let row = try cursor.next() { rows.append(row.databaseValues.map(Self.stored)) }
        return TableRows(table: table.name, columns: columns, rows: rows)
    }

    public func load(_ rows: TableRows) throws {
        guard !rows.rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO \(rows.table)(\(rows.columns.joined(separator: ", "))) VALUES (\(Self.placeholders(rows.columns.count)))
            """)
        for row in rows.rows { try statement.execute(arguments: StatementArguments(row.map(\.databaseValue))) }
    }

    /// SQLite's AUTOINCREMENT counters follow the largest id inserted: nothing to do.
    public func finishLoad() throws {}

    public func ledgerTotals() throws -> [String: Int64] {
        var totals: [String: Int64] = [:]
        let cursor = try Row.fetchCursor(db, sql: SQLiteSession.ledgerTotalsSQL)
        while let row = try cursor.next() {
            totals["\(row[0] as Int64) \(row[1] as String? ?? "?")|\(row[2] as String)|\(row[3] as String)"] = row[4]
        }
        return totals
    }

    static let ledgerTotalsSQL = """
        SELECT l.subjectKind, COALESCE(s.code, c.code), p.code, l.semesterId, SUM(l.points)
        FROM ledgerEntry l JOIN scoringPoint p ON p.id = l.scoringPointId
        LEFT JOIN student s ON l.subjectKind = 0 AND s.id = l.subjectId
        LEFT JOIN schoolClass c ON l.subjectKind = 1 AND c.id = l.subjectId
        GROUP BY l.subjectKind, s.code, c.code, p.code, l.semesterId
        """

    static func stored(_ value: DatabaseValue) -> StoredValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }
}

extension StoredValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}
