extension SQLDialect {
    /// How an engine is given the rows of a multi-row INSERT.
    public enum RowSource: Sendable {
        /// `VALUES (?, …), (?, …)`, a placeholder per value: SQLite binds in process, cheaply.
        case valueTuples
        /// `SELECT * FROM unnest(?::bigint[], ?::text[], …)`, one array parameter per column:
        /// PostgreSQL's text is then the same short statement for 10 rows or 5,000 (parsed once
        /// per connection, a prepared statement), and the rows travel as a few arrays instead of
        /// thousands of parameters. With tuples, 60 % of an import's record inserts was time
        /// outside the server's execution (BENCHMARKS.md, 2026-12-08, later).
        case columnArrays
    }

    /// One statement of a multi-row INSERT: which rows it carries, its SQL and its arguments.
    public struct InsertChunk: Sendable {
        public let rows: Range<Int>
        public let sql: String
        public let arguments: [SQLValue]
    }

    /// Rows one `unnest` statement carries at most (a few hundred KB of arrays).
    public static let arrayRowsPerStatement = 5_000

    /// `INSERT INTO table(columns…) …` for `values`, `columns.count` values a row, row after row,
    /// in statements of at most 5,000 rows as arrays, or as tuples in ``chunks(_:columns:cap:)``
    /// (full statements of at most `cap` rows, the rest in powers of two).
    /// The caller appends what follows the rows (`ON CONFLICT …`, `RETURNING …`).
    ///
    /// Arrays need each column's type, from ``CardSchema``: a table or column it does not
    /// describe, or a value of another type than its column's (a file loaded from an older
    /// SQLite database), goes as tuples.
    public func insertChunks(into table: String, columns: [String], values: [SQLValue], cap: Int = 1_000) -> [InsertChunk] {
        let width = columns.count
        precondition(width > 0 && values.count % width == 0, "insertChunks: \(values.count) values for \(width) columns")
        let count = values.count / width
        let head = "INSERT INTO \(table)(\(columns.joined(separator: ", "))) "
        func tuples(_ rows: Range<Int>) -> InsertChunk {
            InsertChunk(rows: rows, sql: head + "VALUES " + Self.tuples(rows: rows.count, columns: width),
                        arguments: Array(values[(rows.lowerBound * width)..<(rows.upperBound * width)]))
        }
        guard rowSource == .columnArrays, let types = Self.columnTypes(table, columns) else {
            return chunks(count, columns: width, cap: cap).map(tuples)
        }
        let sql = head + "SELECT * FROM unnest(" + types.map { "?::\(Self.arrayType($0))" }.joined(separator: ", ") + ")"
        return stride(from: 0, to: count, by: Self.arrayRowsPerStatement).flatMap { start -> [InsertChunk] in
            let rows = start..<min(start + Self.arrayRowsPerStatement, count)
            guard let arrays = Self.arrays(values, rows: rows, types: types) else {
                return chunks(rows.count, columns: width, cap: cap).map { tuples(($0.lowerBound + start)..<($0.upperBound + start)) }
            }
            return [InsertChunk(rows: rows, sql: sql, arguments: arrays)]
        }
    }

    /// Each column's type, as the schema describes it; nil if it does not know one of them.
    static func columnTypes(_ table: String, _ columns: [String]) -> [CardSchema.ColumnType]? {
        guard let described = CardSchema.table(named: table) else { return nil }
        var types: [CardSchema.ColumnType] = []
        for name in columns {
            guard let column = described.columns.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
            types.append(column.type)
        }
        return types
    }

    static func arrayType(_ type: CardSchema.ColumnType) -> String {
        switch type {
        case .key, .integer, .flag: "bigint[]"
        case .real: "float8[]"
        case .text, .json: "text[]"
        }
    }

    /// The rows' values column by column, or nil when one does not fit its column's type.
    static func arrays(_ values: [SQLValue], rows: Range<Int>, types: [CardSchema.ColumnType]) -> [SQLValue]? {
        let width = types.count
        var arrays: [SQLValue] = []
        arrays.reserveCapacity(width)
        for (column, type) in types.enumerated() {
            let cells = stride(from: rows.lowerBound * width + column, to: rows.upperBound * width, by: width).lazy.map { values[$0] }
            let array: SQLArray? = switch type {
            case .key, .integer, .flag: list(cells) { if case .integer(let number) = $0 { number } else { nil } }.map(SQLArray.integers)
            case .real:
                list(cells) {
                    switch $0 {
                    case .real(let number): number
                    case .integer(let number): Double(number)
                    default: nil
                    }
                }.map(SQLArray.reals)
            case .text, .json: list(cells) { if case .text(let text) = $0 { text } else { nil } }.map(SQLArray.texts)
            }
            guard let array else { return nil }
            arrays.append(.array(array))
        }
        return arrays
    }

    /// The cells as one list of `T` (NULL as nil), or nil when a cell is neither NULL nor a `T`.
    private static func list<T>(_ cells: some Sequence<SQLValue>, _ value: (SQLValue) -> T?) -> [T?]? {
        var list: [T?] = []
        list.reserveCapacity(cells.underestimatedCount)
        for cell in cells {
            if case .null = cell {
                list.append(nil)
            } else if let found = value(cell) {
                list.append(found)
            } else {
                return nil
            }
        }
        return list
    }
}
