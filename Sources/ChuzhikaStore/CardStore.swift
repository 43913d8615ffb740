import ChuzhikaCore

/// The card's database, whatever engine holds it: the only way into it.
///
/// Opening migrates the schema. Every write is one invariant-preserving transaction: when the
/// body throws, nothing of it is kept. Use cases see only this and ``CardSession``; which engine
/// runs (SQLite for one college, PostgreSQL for a province) is chosen where the store is opened.
public protocol CardStore: Sendable {
    /// Runs `body` in one write transaction; everything it wrote is rolled back if it throws.
    func write<T>(_ body: (any CardSession) throws -> T) throws -> T

    /// Runs `body` on a consistent snapshot for reading.
    func read<T>(_ body: (any CardSession) throws -> T) throws -> T

    /// Runs `body` so that the reads it makes share one snapshot and one transaction (a portal
    /// page: who the visitor is, then the card), where the engine can; writes inside are
    /// transactions of their own. An in-memory SQLite store (tests) runs `body` as it is.
    func sharingReads<T>(_ body: () throws -> T) throws -> T

    /// Appends one line to the audit trail in a transaction of its own (a read's or a refusal's
    /// trail): where the engine can, one statement that commits by itself.
    func appendAudit(_ entry: AuditEntry) throws

    /// Writes a consistent copy of the whole database to a new file at `path`, while others write.
    func backup(to path: String) throws

    /// The engine's name, for messages (`SQLite`, `PostgreSQL`).
    var engine: String { get }

    /// How many transactions may run at once (connections the store keeps): a server sizes the
    /// threads it runs store work on to this, so that no connection waits for a thread.
    var concurrentSessions: Int { get }
}

/// One connection inside a transaction or a read: the store's API in domain words. Only valid
/// inside the closure of ``CardStore/write(_:)`` or ``CardStore/read(_:)``.
///
/// Grouped by concern, one protocol each (`Interface/`).
public typealias CardSession = MetaSession & RosterSession & CalendarSession & RecordSession & LedgerSession & ResultSession
    & EvidenceSession & WarningSession & LoginSession & AuditSession & AppealSession & IntegritySession & TransferSession & NotifySession
    & TokenSession

extension CardStore {
    public func appendAudit(_ entry: AuditEntry) throws { try write { try $0.append(entry) } }
}
