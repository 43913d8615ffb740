import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    /// Appends one line to the audit trail.
    public func append(_ entry: AuditEntry) throws {
        try db.execute(
            sql: "INSERT INTO audit(at, actor, actingAs, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [entry.at, entry.actor, entry.actingAs, entry.action, entry.subject, entry.outcome.rawValue, entry.detail])
    }

    /// The audit trail, newest first, filtered by subject, actor (either side of "as") and day.
    public func audit(subject: String?, by actor: String?, since: LocalDate?, limit: Int) throws -> [AuditEntry] {
        let t = dialect.nullableText
        return try rows(db, sql: """
            SELECT * FROM audit
            WHERE (\(t) IS NULL OR subject = ?) AND (\(t) IS NULL OR actor = ? OR actingAs = ?) AND (\(t) IS NULL OR at >= ?)
            ORDER BY id DESC LIMIT ?
            """, arguments: [subject, subject, actor, actor, actor, since?.description, since?.description, limit]) { row in
            AuditEntry(id: row["id"], at: try row["at"], actor: try row["actor"], actingAs: row["actingAs"], action: try row["action"],
                       subject: try row["subject"], outcome: AuditEntry.Outcome(rawValue: try row["outcome"]) ?? .failed,
                       detail: try row["detail"])
        }
    }

    /// The content of every table but the audit trail and the login bookkeeping, one text per
    /// table: what a refused write must leave as it was.
    public func dataFingerprint() throws -> [String: String] {
        var result: [String: String] = [:]
        let skipped: Set<String> = ["audit", "session", "loginfailure", "migration", "grdb_migrations"]
        for table in try db.tableNames() where !skipped.contains(table.lowercased()) {
            // Table names come from the catalogue, never from user input.
            let rows = try SQLRow.fetchAll(db, sql: "SELECT * FROM \(table)").map(\.description).sorted()
            result[table.lowercased()] = "\(rows.count):" + rows.joined(separator: "\n")
        }
        return result
    }
}
