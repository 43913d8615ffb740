import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    public func dump(_ table: CollegeTables.Table, after: StoredValue?, limit: Int) throws -> TableRows {
        // Table and key names come from `CollegeTables`, never from input.
        var columns: [String] = []
        var rows: [[StoredValue]] = []
        try db.query("""
            SELECT * FROM \(table.name)\(after == nil ? "" : " WHERE \(table.key) > ?") ORDER BY \(table.key) LIMIT \(limit)
            """, after.map { [$0.sqlValue] } ?? []) { row in
            if columns.isEmpty { columns = row.cells.columns.names.map { $0.lowercased() } }
            rows.append((0..<row.count).map { Self.stored(row.value(at: $0)) })
        }
        return TableRows(table: table.name, columns: columns, rows: rows)
    }

    public func load(_ rows: TableRows) throws {
        guard !rows.rows.isEmpty else { return }
        try insertRows(into: rows.table, rows.columns, rows.rows) {
            SQLArguments(values: $0.map(\.sqlValue))
        }
        if rows.table == "semester", let year = rows.columns.firstIndex(of: "academicyear") {
            for row in rows.rows { if case .text(let academicYear) = row[year] { try db.didAddAcademicYear(academicYear) } }
        }
    }

    /// Tells the engine that rows came with their ids (PostgreSQL's sequences move on past them).
    public func finishLoad() throws {
        try db.didLoad(tables: CollegeTables.all.filter { $0.key == "id" && $0.name != "semester" }.map(\.name))
    }

    public func ledgerTotals() throws -> [String: Int64] {
        var totals: [String: Int64] = [:]
        for row in try SQLRow.fetchAll(db, sql: """
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

    static func stored(_ value: SQLValue) -> StoredValue {
        switch value {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .real(number)
        case .text(let text): .text(text)
        case .textList(let list): .text(list.joined(separator: ","))
        // Arrays are bound, never read back from a table.
        case .array: preconditionFailure("从表中读出的值不会是数组参数")
        }
    }
}

extension StoredValue {
    var sqlValue: SQLValue {
        switch self {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .real(number)
        case .text(let text): .text(text)
        }
    }
}
