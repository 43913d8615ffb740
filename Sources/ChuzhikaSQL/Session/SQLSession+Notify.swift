import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    public func enqueue(_ event: OutboxEvent) throws -> Bool {
        let (recipient, detail): (String?, String?) = if case .recording(let staff, let detail) = event.about { (staff.rawValue, detail) } else { (nil, nil) }
        return try db.changes(
            sql: """
                INSERT INTO notification(eventKey, kind, warningId, ruleId, category, level, subject, createdAt, recipient, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (eventKey) DO NOTHING
                """,
            arguments: [event.key, event.kind.rawValue, event.warning, event.rule, event.category?.rawValue, event.level?.rawValue,
                        event.subject, event.createdAt, recipient, detail]) > 0
    }

    public func holdOutbox() throws {
        try waitForWriters(on: "notification")
    }

    /// Waits for the transactions still inserting into `table` to end, and keeps new ones out
    /// until this one ends (PostgreSQL; SQLite has one writer at a time already).
    func waitForWriters(on table: String) throws {
        if let lock = dialect.waitForWriters { try db.execute(sql: lock.replacingOccurrences(of: "TABLE TABLE", with: "TABLE \(table)")) }
    }

    public func outboxEvents(after id: Int64, limit: Int) throws -> [OutboxEvent] {
        try rows(db, sql: "SELECT * FROM notification WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit], Self.outboxEvent)
    }

    public func outboxEvent(_ id: Int64) throws -> OutboxEvent? {
        try row(db, sql: "SELECT * FROM notification WHERE id = ?", arguments: [id], Self.outboxEvent)
    }

    public func addChannel(_ channel: NotifyChannel) throws -> Int64 {
        try insertReturningID(
            sql: """
                INSERT INTO notifyChannel(staffCode, format, target, secret, isGroup, addedBy, addedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [channel.staff.rawValue, channel.format.rawValue, channel.target, channel.secret, channel.isGroup,
                        channel.addedBy, channel.addedAt])
    }

    public func channels(of staff: StaffID?) throws -> [NotifyChannel] {
        try rows(db, sql: """
            SELECT * FROM notifyChannel WHERE removedAt IS NULL AND (\(dialect.nullableText) IS NULL OR staffCode = ?) ORDER BY id
            """, arguments: [staff?.rawValue, staff?.rawValue], Self.channel)
    }

    public func channel(_ id: Int64) throws -> NotifyChannel? {
        try row(db, sql: "SELECT * FROM notifyChannel WHERE id = ? AND removedAt IS NULL", arguments: [id], Self.channel)
    }

    public func removeChannel(_ id: Int64, by person: String, at time: String) throws -> Bool {
        try db.changes(sql: "UPDATE notifyChannel SET removedBy = ?, removedAt = ? WHERE id = ? AND removedAt IS NULL",
                       arguments: [person, time, id]) > 0
    }

    public func preference(of staff: StaffID) throws -> NotifyPreference? {
        try row(db, sql: "SELECT * FROM notifyPreference WHERE staffCode = ?", arguments: [staff.rawValue]) { row in
            NotifyPreference(staff: StaffID(rawValue: try row["staffCode"]),
                             immediate: NotifyPreference.Immediate(rawValue: try row["immediate"]) ?? .urgent, digestAt: try row["digestAt"])
        }
    }

    public func setPreference(_ preference: NotifyPreference, by person: String, at time: String) throws {
        try db.execute(
            sql: """
                INSERT INTO notifyPreference(staffCode, immediate, digestAt, setBy, setAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (staffCode) DO UPDATE SET immediate = excluded.immediate, digestAt = excluded.digestAt,
                  setBy = excluded.setBy, setAt = excluded.setAt
                """,
            arguments: [preference.staff.rawValue, preference.immediate.rawValue, preference.digestAt, person, time])
    }

    public func addDelivery(event: Int64, channel: Int64, dueAt: Int, isDigest: Bool) throws {
        try db.execute(
            sql: """
                INSERT INTO delivery(notificationId, channelId, status, attempts, dueAt, isDigest) VALUES (?, ?, 'pending', 0, ?, ?)
                ON CONFLICT (notificationId, channelId) DO NOTHING
                """,
            arguments: [event, channel, dueAt, isDigest])
    }

    public func dueDeliveries(by time: Int, limit: Int) throws -> [Delivery] {
        try rows(db, sql: "SELECT * FROM delivery WHERE status = 'pending' AND dueAt <= ? ORDER BY dueAt, id LIMIT ?",
                 arguments: [time, limit], Self.delivery)
    }

    public func leaseDelivery(_ id: Int64, dueBy time: Int, until: Int) throws -> Bool {
        try db.changes(sql: "UPDATE delivery SET dueAt = ? WHERE id = ? AND status = 'pending' AND dueAt <= ?",
                       arguments: [until, id, time]) > 0
    }

    public func updateDelivery(_ id: Int64, status: Delivery.Status, attempts: Int, dueAt: Int, lastError: String?, sentAt: String?) throws {
        try db.execute(
            sql: "UPDATE delivery SET status = ?, attempts = ?, dueAt = ?, lastError = ?, sentAt = ? WHERE id = ?",
            arguments: [status.rawValue, attempts, dueAt, lastError, sentAt, id])
    }

    public func deliveries(_ ids: [Int64]) throws -> [Delivery] {
        guard !ids.isEmpty else { return [] }
        return try rows(db, sql: "SELECT * FROM delivery WHERE id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ","))) ORDER BY id",
                        arguments: SQLArguments(ids), Self.delivery)
    }

    public func deliveries(limit: Int) throws -> [Delivery] {
        try rows(db, sql: "SELECT * FROM delivery ORDER BY id DESC LIMIT ?", arguments: [limit], Self.delivery)
    }

    public func deliveryCounts() throws -> [Delivery.Status: Int] {
        var counts: [Delivery.Status: Int] = [:]
        _ = try rows(db, sql: "SELECT status, COUNT(*) AS n FROM delivery GROUP BY status") { row in
            if let status = Delivery.Status(rawValue: try row["status"]) { counts[status] = try row["n"] as Int }
        }
        return counts
    }

    static func outboxEvent(_ row: SQLRow) throws -> OutboxEvent {
        let about: OutboxEvent.About
        if let warning: Int64 = try row["warningId"] {
            let category: String? = try row["category"], level: String? = try row["level"]
            about = .warning(id: warning, category: category.flatMap(WarningCategory.init(rawValue:)) ?? .academic,
                             level: level.flatMap(WarningLevel.init(rawValue:)) ?? .yellow)
        } else {
            let recipient: String? = try row["recipient"], detail: String? = try row["detail"]
            about = .recording(recipient: StaffID(rawValue: recipient ?? ""), detail: detail ?? "")
        }
        return OutboxEvent(
            id: try row["id"], key: try row["eventKey"], kind: OutboxEvent.Kind(rawValue: try row["kind"]) ?? .opened, about: about,
            rule: try row["ruleId"], subject: try row["subject"], createdAt: try row["createdAt"])
    }

    static func channel(_ row: SQLRow) throws -> NotifyChannel {
        NotifyChannel(
            id: try row["id"], staff: StaffID(rawValue: try row["staffCode"]), format: NotifyChannel.Format(rawValue: try row["format"]) ?? .json,
            target: try row["target"], secret: row["secret"], isGroup: try row["isGroup"], addedBy: try row["addedBy"],
            addedAt: try row["addedAt"])
    }

    static func delivery(_ row: SQLRow) throws -> Delivery {
        Delivery(
            id: try row["id"], event: try row["notificationId"], channel: try row["channelId"],
            status: Delivery.Status(rawValue: try row["status"]) ?? .pending, attempts: try row["attempts"], dueAt: try row["dueAt"],
            isDigest: try row["isDigest"], lastError: row["lastError"], sentAt: row["sentAt"])
    }
}
