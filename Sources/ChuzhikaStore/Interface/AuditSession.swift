import ChuzhikaCore

/// The audit trail: who wrote or read what, when.
public protocol AuditSession: AnyObject {
    func append(_ entry: AuditEntry) throws
    func audit(subject: String?, by actor: String?, since: LocalDate?, limit: Int) throws -> [AuditEntry]
    /// Row counts of every table but the audit trail and the login bookkeeping: what a refused
    /// write must leave as it was.
    func dataFingerprint() throws -> [String: String]
}
