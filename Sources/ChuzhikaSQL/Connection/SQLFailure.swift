/// A failure an engine reported, classified by its code (never by its message) so that the
/// session and the stores decide on the kind, whichever engine said it.
public struct SQLFailure: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// A unique index refused the row.
        case uniqueViolation
        /// A deadlock's victim or a serialisation failure: rolled back whole; the same work run
        /// again would succeed.
        case conflict
        /// Another writer holds the database (SQLite's busy timeout ran out).
        case busy
        /// The schema's append-only triggers refused an UPDATE or DELETE.
        case appendOnly
        /// A result column missing, NULL or of another type than the code reads.
        case column
        case other
    }

    public let kind: Kind
    /// The engine's own code (SQLSTATE on PostgreSQL, the extended result code on SQLite).
    public let code: String?
    public let message: String

    public init(_ kind: Kind, code: String? = nil, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    static func column(_ message: String) -> SQLFailure { SQLFailure(.column, message: message) }

    public var description: String { message }
}

extension SQLFailure.Kind {
    /// The kind of a failure by its SQLSTATE (PostgreSQL's codes).
    public init(sqlState: String?) {
        self = switch sqlState {
        case "23505": .uniqueViolation
        case "40P01", "40001": .conflict
        // RAISE EXCEPTION without a code: only the schema's append-only triggers raise.
        case "P0001": .appendOnly
        case "55P03": .busy
        default: .other
        }
    }
}

import ChuzhikaStore

extension SQLFailure {
    /// What the user is told, by kind: the same words on both engines.
    public var storeError: StoreError {
        switch kind {
        case .appendOnly: .appendOnly(message.contains("ledger") ? "储值记账" : "采分记录")
        case .conflict: .database("与同时进行的另一项写入冲突（\(code ?? "")），这次什么也没有写入；请再运行一次")
        case .busy: .database("数据库正被另一项写入占用，等待超时（\(message)）；这次什么也没有写入，请稍后再运行一次")
        case .uniqueViolation, .column, .other: .database(message)
        }
    }
}
