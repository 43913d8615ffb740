import ChuzhikaCore

extension CardApp {
    /// The audit trail, newest first, for the admin: by subject, by person (acting or acted for),
    /// since a day.
    public func auditTrail(
        subject: String? = nil, by actor: String? = nil, since: LocalDate? = nil, limit: Int = 200, reader: Principal
    ) throws -> [AuditEntry] {
        try requireAdmin(reader, to: "查看审计日志", action: "audit", subject: subject ?? "")
        return try database.read { try $0.audit(subject: subject, by: actor, since: since, limit: limit) }
    }
}
