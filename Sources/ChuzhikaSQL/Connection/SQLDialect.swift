/// Where the SQL that both engines speak still differs: a handful of spellings.
///
/// Everything else is written once: `INSERT … ON CONFLICT … DO NOTHING/UPDATE`, `RETURNING`,
/// multi-row inserts (only how their rows are given differs), `CASE`, and grouping by every
/// column a query selects (PostgreSQL's rule, which SQLite accepts).
public struct SQLDialect: Sendable {
    /// How this engine is told to keep a join's order (see ``orderedJoin(_:as:on:)``).
    public enum JoinOrder: Sendable {
        /// SQLite's `CROSS JOIN … ON`: its planner keeps the left table outside.
        case crossJoin
        /// PostgreSQL has no such hint (and refuses `CROSS JOIN … ON`): a `LATERAL` subquery it
        /// cannot flatten (`OFFSET 0`) is reached once per row on its left.
        case lateralSubquery
    }
    public let joinOrder: JoinOrder
    /// A text parameter that may be NULL on the left of `IS NULL`: PostgreSQL must be told its type.
    public let nullableText: String
    /// Equality that holds between two NULLs.
    public let isSame: String
    /// The most parameters one statement may bind.
    public let maximumParameters: Int
    /// The names of the schema's column types (the one table of types in which the two
    /// engines' schemas differ; see ``CardSchema``).
    public let columnTypes: CardSchema.ColumnTypes
    /// Waits until every transaction writing to a table has ended (and keeps new ones out until
    /// this one ends): `TABLE` is replaced. Nil where one writer at a time is the rule (SQLite).
    public let waitForWriters: String?
    /// How a multi-row INSERT is given its rows (see ``insertChunks(into:columns:values:cap:)``).
    public let rowSource: RowSource

    public init(
        joinOrder: JoinOrder, nullableText: String, isSame: String, maximumParameters: Int, columnTypes: CardSchema.ColumnTypes,
        waitForWriters: String? = nil, rowSource: RowSource = .valueTuples
    ) {
        self.waitForWriters = waitForWriters
        self.rowSource = rowSource
        self.joinOrder = joinOrder
        self.nullableText = nullableText
        self.isSame = isSame
        self.maximumParameters = maximumParameters
        self.columnTypes = columnTypes
    }

    public static let sqlite = SQLDialect(
        joinOrder: .crossJoin, nullableText: "?", isSame: "IS", maximumParameters: 32_766, columnTypes: .sqlite)
    public static let postgres = SQLDialect(
        joinOrder: .lateralSubquery, nullableText: "CAST(? AS text)", isSame: "IS NOT DISTINCT FROM", maximumParameters: 65_535,
        columnTypes: .postgres, waitForWriters: "LOCK TABLE TABLE IN SHARE MODE", rowSource: .columnArrays)

    /// `JOIN table alias ON condition`, in an order the planner must keep: each row on the left
    /// reaches its rows of `table` through the index that leads with what `condition` names (the
    /// account index, member by member), whatever the engine's statistics say. Put every
    /// condition on `table` in `condition`, so that it is applied inside the lateral subquery.
    ///
    /// Left to itself, PostgreSQL planned these joins from statistics taken when `record` was
    /// small (a new college, a new year's partition during its first imports): it walked every
    /// student record of the partition and joined the sheet's 500 students to them, 50–150 ms a
    /// read where this takes 2–4 ms (issue 24, `auto_explain` during `czk-bench`).
    public func orderedJoin(_ table: String, as alias: String, on condition: String) -> String {
        switch joinOrder {
        case .crossJoin: "CROSS JOIN \(table) \(alias) ON \(condition)"
        case .lateralSubquery: "CROSS JOIN LATERAL (SELECT * FROM \(table) \(alias) WHERE \(condition) OFFSET 0) \(alias)"
        }
    }

    /// How many rows of `columns` values one multi-row statement carries, within the engine's
    /// parameter limit (and at most `cap`, so that one statement stays a few hundred KB).
    public func rowsPerStatement(columns: Int, cap: Int = 1_000) -> Int {
        max(1, min(cap, maximumParameters / max(columns, 1)))
    }

    /// `count` rows split into statements: full ones of ``rowsPerStatement(columns:cap:)`` rows,
    /// then the rest in powers of two, so that a connection prepares a bounded set of SQL texts
    /// (at most one per power of two) however the counts vary from write to write.
    public func chunks(_ count: Int, columns: Int, cap: Int = 1_000) -> [Range<Int>] {
        let full = rowsPerStatement(columns: columns, cap: cap)
        var chunks: [Range<Int>] = []
        var start = 0
        while count - start >= full {
            chunks.append(start..<(start + full))
            start += full
        }
        var size = 1
        while size * 2 <= count - start { size *= 2 }
        while start < count {
            while size > count - start { size /= 2 }
            chunks.append(start..<(start + size))
            start += size
        }
        return chunks
    }

    /// `(?, ?, …), (?, ?, …)`: `rows` tuples of `columns` placeholders.
    public static func tuples(rows: Int, columns: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
        return Array(repeating: tuple, count: rows).joined(separator: ",")
    }
}
