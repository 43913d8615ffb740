import Foundation

/// A value bound to a query or read from a column, in the four storage classes both engines
/// share (booleans are integers 0 and 1 on both), plus a text list for PostgreSQL's `?::text[]`
/// and a column of a multi-row insert (``SQLArray``, PostgreSQL's `unnest`; see
/// ``SQLDialect/insertChunks(into:columns:values:cap:)``).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case textList([String])
    case array(SQLArray)
}

/// One column of many rows, bound as one array parameter: PostgreSQL inserts a batch as
/// `SELECT * FROM unnest(?::bigint[], ?::text[], …)`, one parameter per column whatever the
/// number of rows. SQLite never receives one.
public enum SQLArray: Sendable, Hashable {
    case integers([Int64?])
    case reals([Double?])
    case texts([String?])
}

/// A Swift value a query can bind.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable {
    public var sqlValue: SQLValue { .text(self) }
}

extension Int: SQLBindable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
    public var sqlValue: SQLValue { .integer(self) }
}

extension Double: SQLBindable {
    public var sqlValue: SQLValue { .real(self) }
}

extension Bool: SQLBindable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension Array: SQLBindable where Element == String {
    public var sqlValue: SQLValue { .textList(self) }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A query's arguments, in placeholder order.
public struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    public var values: [SQLValue]

    public init(arrayLiteral elements: (any SQLBindable)?...) { values = elements.map { $0?.sqlValue ?? .null } }
    public init<S: Sequence>(_ sequence: S) where S.Element: SQLBindable { values = sequence.map(\.sqlValue) }
    public init(values: [SQLValue]) { self.values = values }
    public init() { values = [] }

    public mutating func append(_ value: (any SQLBindable)?) { values.append(value?.sqlValue ?? .null) }

    public static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments {
        SQLArguments(values: lhs.values + rhs.values)
    }

    public static func += (lhs: inout SQLArguments, rhs: SQLArguments) { lhs.values += rhs.values }
}

/// A Swift value read from a column. Strict where a wrong type means a wrong query (text is
/// never read as a number), lenient where the engines differ only in storage (PostgreSQL's
/// `SUM` of integers is numeric; SQLite's arithmetic on integers may be real).
public protocol SQLDecodable {
    static func decode(_ value: SQLValue) -> Self?
}

extension String: SQLDecodable {
    public static func decode(_ value: SQLValue) -> String? {
        switch value {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .null, .textList, .array: nil
        }
    }
}

extension Int64: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let number): number
        case .real(let number): number.isFinite ? Int64(exactly: number.rounded()) : nil
        case .null, .text, .textList, .array: nil
        }
    }
}

extension Int: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Int? { Int64.decode(value).map(Int.init) }
}

extension Double: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .real(let number): number
        case .null, .text, .textList, .array: nil
        }
    }
}

extension Bool: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Bool? { Int64.decode(value).map { $0 != 0 } }
}

extension SQLValue {
    /// The parameter type a value is bound as: a statement is prepared per text and types.
    public var typeLetter: Character {
        switch self {
        case .null: "n"
        case .integer: "i"
        case .real: "r"
        case .text: "t"
        case .textList: "l"
        case .array: "a"
        }
    }
}
