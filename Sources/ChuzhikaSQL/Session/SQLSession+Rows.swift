import ChuzhikaStore

extension SQLSession {
    /// Rows decoded one by one while their statement is live: decode inside `transform`; never
    /// keep the row. (A live SQLite row finds a column through its query's ``SQLColumns``; a
    /// copied one would be copied for nothing.) Statements are prepared once per connection
    /// and SQL text: SQL whose text varies (an `IN` list) is cached once per number of
    /// placeholders, a bounded set.
    func rows<T>(_ db: any SQLConnection, sql: String, arguments: SQLArguments = SQLArguments(), _ transform: (SQLRow) throws -> T) throws -> [T] {
        var found: [T] = []
        try db.query(sql, arguments.values) { found.append(try transform($0)) }
        return found
    }

    func rows<T>(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments(), _ transform: (SQLRow) throws -> T) throws -> [T] {
        try rows(statement.connection, sql: statement.sql, arguments: arguments, transform)
    }

    /// The first row, decoded while its statement is live.
    func row<T>(_ db: any SQLConnection, sql: String, arguments: SQLArguments = SQLArguments(), _ transform: (SQLRow) throws -> T) throws -> T? {
        var first: T?
        try db.query(sql, arguments.values) { if first == nil { first = try transform($0) } }
        return first
    }
}

extension SQLSession {
    /// Runs an INSERT with `RETURNING id` (both engines have it) and answers the new row's id.
    func insertReturningID(sql: String, arguments: SQLArguments) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: sql + " RETURNING id", arguments: arguments) else {
            throw StoreError.database("插入没有返回新行的编号：\(sql.prefix(60))")
        }
        return id
    }

    /// Inserts `items` into `table(columns…)` many rows a statement (see
    /// ``SQLDialect/insertChunks(into:columns:values:cap:)``; a full statement's SQL is the same
    /// each time, so it is prepared once): one round trip per few hundred or thousand rows
    /// instead of one per row.
    ///
    /// `perform`, not `execute`: no count is wanted, and PostgreSQL counts a prepared insert's rows
    /// by returning one row per row inserted.
    func insertRows<Item>(into table: String, _ columns: [String], _ items: [Item], _ values: (Item) throws -> SQLArguments) throws {
        guard !items.isEmpty else { return }
        var all: [SQLValue] = []
        all.reserveCapacity(items.count * columns.count)
        for item in items {
            let row = try values(item).values
            precondition(row.count == columns.count, "insertRows: \(row.count) values for \(columns.count) columns")
            all += row
        }
        for chunk in dialect.insertChunks(into: table, columns: columns, values: all) {
            try db.perform(chunk.sql, chunk.arguments)
        }
    }
}
