import Foundation

/// Which statements a connection names and prepares on the server, and under which name: a SQL
/// text sent a second time with the same parameter types is prepared; transaction control,
/// settings, DDL, batches and long lists of parameters never are. The driver that prepares
/// (PostgreSQL's) asks it before each statement.
public struct PreparedStatements {
    public init() {}

    /// Statements prepared per connection at most: SQL built with a list of `?` of varying length
    /// makes new texts, and beyond this they go unnamed, as before.
    public static let atMost = 400

    /// A statement with more parameters than this (a batch of rows, a long IN list) is sent
    /// unnamed: its text seldom comes back with the same length, its execution outweighs its
    /// planning, and preparing it would cost a round trip of its own (measured: an import of
    /// 319,401 records took 34 % longer with every batch prepared).
    public static let parametersAtMost = 64

    /// Off (`prepared=off` in the URL): nothing is prepared.
    public var isEnabled = true
    private var names: [String: String] = [:]
    private var seenOnce: Set<String> = []
    private var made = 0

    /// The name to execute `sql` under with parameters of these types (one letter each), or nil
    /// to send it unnamed: a query or change is prepared the second time it is sent; transaction
    /// control, settings and DDL never are.
    public mutating func name(for sql: String, types: String) -> String? {
        guard isEnabled, types.utf8.count <= Self.parametersAtMost else { return nil }
        let key = sql + "\u{1}" + types
        if let name = names[key] { return name }
        guard names.count < Self.atMost, SQLText.isPlannable(sql),
            types.utf8.count < SQLText.listAtLeast || !SQLText.hasParameterList(sql)
        else { return nil }
        guard seenOnce.remove(key) != nil else {
            // Texts seen once are forgotten together when there are many (one-off batches), so
            // that a text which becomes frequent later is still prepared.
            if seenOnce.count >= Self.atMost * 4 { seenOnce.removeAll(keepingCapacity: true) }
            seenOnce.insert(key)
            return nil
        }
        made += 1
        let name = "czk_\(made)"
        names[key] = name
        return name
    }

    /// After a failure that spoils it: the next use prepares the text anew, under a new name
    /// (postgres-nio keeps the old one's failure).
    public mutating func forget(_ sql: String, types: String) {
        names[sql + "\u{1}" + types] = nil
    }
}

extension PreparedStatements {
    /// Whether a failure leaves the prepared statement unusable, by its SQLSTATE (a driver keeps
    /// a failed preparation under its name; a plan may no longer fit after a migration): a syntax
    /// or schema error (class 42), a feature or plan change (0A), a statement name or transaction
    /// state problem (26, 25P02), an internal error, or no server answer at all. A duplicate key,
    /// a deadlock or a refused change leave it as good as it was.
    public static func failureSpoilsStatement(_ state: String?) -> Bool {
        guard let state else { return true }
        return ["42", "0A", "26", "XX"].contains { state.hasPrefix($0) } || state == "25P02"
    }
}
