import ChuzhikaStore

extension PostgresSession {
    /// Rows decoded one by one while their statement is live.
    ///
    /// GRDB finds a column by name in a live row through its statement's index (a dictionary
    /// lookup); in a row copied out by `Row.fetchAll` it lowercases and compares every column
    /// name, for every value read. A record has 21 columns: the card page spent more time there
    /// than in SQLite. Decode inside `transform`; never keep the row.
    ///
    /// Statements come from the connection's cache: preparing one runs GRDB's authorizer over
    /// every column it reads, which was a tenth of an import's time. SQL whose text varies (an
    /// `IN` list) is cached once per number of placeholders, a bounded set.
    func rows<T>(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(), _ transform: (Row) throws -> T) throws -> [T] {
        try rows(try db.cachedStatement(sql: sql), arguments: arguments, transform)
    }

    func rows<T>(_ statement: Statement, arguments: StatementArguments = StatementArguments(), _ transform: (Row) throws -> T) throws -> [T] {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        var found: [T] = []
        while let row = try cursor.next() { found.append(try transform(row)) }
        return found
    }

    /// The first row, decoded while its statement is live.
    func row<T>(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(), _ transform: (Row) throws -> T) throws -> T? {
        let cursor = try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: arguments)
        return try cursor.next().map(transform)
    }
}
