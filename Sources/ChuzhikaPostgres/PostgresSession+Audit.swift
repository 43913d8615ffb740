import ChuzhikaCore
import ChuzhikaStore

extension PostgresSession {
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
            WHERE (CAST(? AS text) IS NULL OR subject = ?) AND (CAST(? AS text) IS NULL OR actor = ? OR actingAs = ?) AND (CAST(? AS text) IS NULL OR at >= ?)
            ORDER BY id DESC LIMIT ?
            """, arguments: [subject, subject, actor, actor, actor, since?.description, since?.description, limit]) { row in
            AuditEntry(id: row["id"], at: try row["at"], actor: try row["actor"], actingAs: row["actingAs"], action: try row["action"],
                       subject: try row["subject"], outcome: AuditEntry.Outcome(rawValue: try row["outcome"]) ?? .failed,
                       detail: try row["detail"])
        }
    }

    /// Row counts of every table but the audit trail and the login bookkeeping: what a refused
    /// write must leave as it was.
    public func dataFingerprint() throws -> [String: String] {
        var result: [String: String] = [:]
        let tables = try String.fetchAll(db, sql: """
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
              AND table_name NOT IN ('audit', 'session', 'loginfailure', 'migration')
            ORDER BY 1
            """)
        for table in tables {
            // Table names come from the catalogue, never from user input.
            result[table] = try String.fetchOne(db, sql: "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM \(table) t")
        }
        return result
    }
}
