/// A query's column names, found by name once per query and remembered for the rest of it.
///
/// SQLite reports a column as the query spells it (`subjectCode`), PostgreSQL folds unquoted
/// names to lower case (`subjectcode`): a name is looked up as written, then lower-cased, and
/// the answer kept, so that a whole result costs one lower-casing per column, not per value.
public final class SQLColumns {
    public let names: [String]
    private var index: [String: Int] = [:]

    public init(_ names: [String]) {
        self.names = names
        for (i, name) in names.enumerated().reversed() {
            index[name] = i
            index[name.lowercased()] = i
        }
    }

    public func position(of name: String) -> Int? {
        if let i = index[name] { return i }
        guard let i = index[name.lowercased()] else { return nil }
        index[name] = i
        return i
    }
}

/// The cells of one result row as an engine holds them; read through ``SQLRow``.
public protocol SQLCells {
    var columns: SQLColumns { get }
    func value(at position: Int) -> SQLValue
    /// A copy that outlives the query (a live SQLite row is its statement's current step).
    func detached() -> any SQLCells
}

/// One result row, read by column name or position.
///
/// A column that must hold a value (`let x: String = try row["x"]`) throws when it is missing,
/// NULL or of another type: a trap here would take `czk serve` down with every page it serves.
/// An optional read (`row["x"] as String?`) is nil in all three cases.
public struct SQLRow {
    public let cells: any SQLCells

    public init(_ cells: any SQLCells) { self.cells = cells }

    public var count: Int { cells.columns.names.count }

    public func value(at position: Int) -> SQLValue { cells.value(at: position) }

    public subscript<T: SQLDecodable>(_ name: String) -> T {
        get throws {
            guard let position = cells.columns.position(of: name) else { throw SQLFailure.column("结果中没有列 \(name)") }
            let value = cells.value(at: position)
            guard value != .null else { throw SQLFailure.column("列 \(name) 为空（NULL），应为 \(T.self)") }
            guard let decoded = T.decode(value) else { throw SQLFailure.column("列 \(name) 不是 \(T.self)") }
            return decoded
        }
    }

    public subscript<T: SQLDecodable>(_ name: String) -> T? {
        cells.columns.position(of: name).flatMap { T.decode(cells.value(at: $0)) }
    }

    public subscript<T: SQLDecodable>(_ position: Int) -> T {
        get throws {
            guard position < count else { throw SQLFailure.column("结果没有第 \(position + 1) 列") }
            let value = cells.value(at: position)
            guard value != .null else { throw SQLFailure.column("第 \(position + 1) 列为空（NULL），应为 \(T.self)") }
            guard let decoded = T.decode(value) else { throw SQLFailure.column("第 \(position + 1) 列不是 \(T.self)") }
            return decoded
        }
    }

    public subscript<T: SQLDecodable>(_ position: Int) -> T? {
        position < count ? T.decode(cells.value(at: position)) : nil
    }

    /// The row as text, column by column (for fingerprints of a table).
    public var description: String {
        (0..<count).map { position -> String in
            let name = cells.columns.names[position]
            switch cells.value(at: position) {
            case .null: return "\(name):NULL"
            case .integer(let number): return "\(name):\(number)"
            case .real(let number): return "\(name):\(number)"
            case .text(let text): return "\(name):'\(text)'"
            case .textList(let list): return "\(name):\(list)"
            case .array(let column): return "\(name):\(column)"
            }
        }.joined(separator: " ")
    }
}
