import ChuzhikaCore
import ChuzhikaStore
import GRDB

extension SQLiteSession {
    /// Appends one line to the audit trail.
    public func append(_ entry: AuditEntry) throws {
        try db.execute(
            sql: "INSERT INTO audit(at, actor, actingAs, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [entry.at, entry.actor, entry.actingAs, entry.action, entry.subject, entry.outcome.rawValue, entry.detail])
    }

    /// The audit trail, newest first, filtered by subject, actor (either side of "as") and day.
    public func audit(subject: String?, by actor: String?, since: LocalDate?, limit: Int) throws -> [AuditEntry] {
        try rows(db, sql: """
            SELECT * FROM audit
            WHERE (? IS NULL OR subject = ?) AND (? IS NULL OR actor = ? OR actingAs = ?) AND (? IS NULL OR at >= ?)
            ORDER BY id DESC LIMIT ?
            """, arguments: [subject, subject, actor, actor, actor, since?.description, since?.description, limit]) { row in
            AuditEntry(id: row["id"], at: row["at"], actor: row["actor"], actingAs: row["actingAs"], action: row["action"],
                       subject: row["subject"], outcome: AuditEntry.Outcome(rawValue: row["outcome"]) ?? .failed,
                       detail: row["detail"])
        }
    }

    /// Row counts of every table but the audit trail and the login bookkeeping: what a refused
    /// write must leave as it was.
    public func dataFingerprint() throws -> [String: String] {
        var result: [String: String] = [:]
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
              AND name NOT IN ('audit', 'session', 'loginFailure', 'grdb_migrations')
            ORDER BY name
            """)
        for table in tables {
            // Table names come from sqlite_master, never from user input.
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
            result[table] = rows.map { $0.description }.joined(separator: "\n")
        }
        return result
    }
}
