import ChuzhikaCore
import ChuzhikaStore
import PostgresNIO

extension PostgresSession {
    public func dump(_ table: CollegeTables.Table, after: StoredValue?, limit: Int) throws -> TableRows {
        // Table and key names come from `CollegeTables`, never from input.
        var arguments = StatementArguments()
        if let after { arguments.values.append(after.bindable) }
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM \(table.name)\(after == nil ? "" : " WHERE \(table.key) > ?") ORDER BY \(table.key) LIMIT \(limit)
            """, arguments: arguments)
        let columns = rows.first.map { row in (0..<row.row.count).map { row.row[$0].columnName } } ?? []
        return TableRows(table: table.name, columns: columns, rows: rows.map { row in (0..<row.row.count).map { Self.stored(row.row[$0]) } })
    }

    public func load(_ rows: TableRows) throws {
        guard !rows.rows.isEmpty else { return }
        // Many rows a statement (PostgreSQL takes up to 65,535 parameters), one round trip each.
        let perStatement = max(1, 30_000 / max(rows.columns.count, 1))
        var start = 0
        while start < rows.rows.count {
            let batch = rows.rows[start..<min(start + perStatement, rows.rows.count)]
            let tuple = "(" + Array(repeating: "?", count: rows.columns.count).joined(separator: ",") + ")"
            var arguments = StatementArguments()
            for row in batch { arguments.values += row.map(\.bindable) }
            try db.execute(
                sql: "INSERT INTO \(rows.table)(\(rows.columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: tuple, count: batch.count).joined(separator: ","),
                arguments: arguments)
            start += perStatement
        }
        if rows.table == "semester", let year = rows.columns.firstIndex(of: "academicyear") {
            for row in rows.rows { if case .text(let academicYear) = row[year] { try partition(academicYear) } }
        }
    }

    /// Id sequences continue after the largest id loaded.
    public func finishLoad() throws {
        for table in CollegeTables.all where table.key == "id" && table.name != "semester" {
            try db.execute(sql: """
                SELECT setval('\(table.name.lowercased())_id_seq', GREATEST(MAX(id), 1), MAX(id) IS NOT NULL) FROM \(table.name)
                """)
        }
    }

    public func ledgerTotals() throws -> [String: Int64] {
        var totals: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT l.subjectKind, COALESCE(s.code, c.code), p.code, l.semesterId, SUM(l.points)
            FROM ledgerEntry l JOIN scoringPoint p ON p.id = l.scoringPointId
            LEFT JOIN student s ON l.subjectKind = 0 AND s.id = l.subjectId
            LEFT JOIN schoolClass c ON l.subjectKind = 1 AND c.id = l.subjectId
            GROUP BY l.subjectKind, s.code, c.code, p.code, l.semesterId
            """) {
            totals["\(try row[0] as Int64) \(row[1] as String? ?? "?")|\(try row[2] as String)|\(try row[3] as String)"] = row[4]
        }
        return totals
    }

    static func stored(_ cell: PostgresCell) -> StoredValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return (try? Int64.decode(cell)).map(StoredValue.integer) ?? .null
        case .float4, .float8, .numeric: return (try? Double.decode(cell)).map(StoredValue.real) ?? .null
        default: return (try? String.decode(cell)).map(StoredValue.text) ?? .null
        }
    }
}

extension StoredValue {
    var bindable: (any Bindable)? {
        switch self {
        case .null: nil
        case .integer(let number): number
        case .real(let number): number
        case .text(let text): text
        }
    }
}
