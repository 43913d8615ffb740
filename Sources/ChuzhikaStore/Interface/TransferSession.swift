import ChuzhikaCore

/// A value as a table holds it, whatever the engine: what `czk migrate` carries across.
public enum StoredValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// Rows of one table, with their column names (lower case: the engines spell them differently).
public struct TableRows: Sendable {
    public let table: String
    public let columns: [String]
    public var rows: [[StoredValue]]

    public init(table: String, columns: [String], rows: [[StoredValue]]) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }
}

/// A college's tables read out and written in, engine to engine (`czk migrate`), and the
/// ledger's totals to show nothing was lost on the way.
public protocol TransferSession: AnyObject {
    /// Up to `limit` rows of `table` (one of ``CollegeTables/all``) after the key `after`, in key order.
    func dump(_ table: CollegeTables.Table, after: StoredValue?, limit: Int) throws -> TableRows
    /// Appends rows exactly as given, ids included.
    func load(_ rows: TableRows) throws
    /// After loading: id counters continue after the largest id loaded.
    func finishLoad() throws
    /// Every ledger account's balance in hundredths, keyed `kind code|point|semester`.
    func ledgerTotals() throws -> [String: Int64]
}

/// The tables of a college, in an order in which they can be loaded (what a row refers to
/// comes first), each with its key.
public enum CollegeTables {
    public struct Table: Sendable, Hashable {
        public let name: String
        /// The column rows are ordered and paged by.
        public let key: String
    }

    public static let all: [Table] = [
        ("meta", "key"), ("department", "id"), ("major", "id"), ("schoolClass", "id"), ("student", "id"), ("course", "id"),
        ("staff", "id"), ("assignment", "id"), ("semester", "id"), ("ruleSet", "id"), ("scoringPoint", "id"), ("record", "id"),
        ("ledgerEntry", "id"), ("rosterChange", "id"), ("login", "personCode"), ("loginFailure", "id"), ("session", "tokenHash"),
        ("audit", "id"), ("appeal", "id"), ("appealAnswer", "appealId"), ("courseResult", "id"), ("groupEvent", "id"),
        ("warning", "id"), ("warningEvent", "id"), ("notification", "id"), ("notifyChannel", "id"),
        ("notifyPreference", "staffCode"), ("delivery", "id"), ("systemToken", "id"), ("apiRequest", "id"),
    ].map { Table(name: $0.0, key: $0.1) }
}
