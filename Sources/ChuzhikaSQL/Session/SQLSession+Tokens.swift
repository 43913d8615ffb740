import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    public func addToken(_ token: SystemToken, hash: String) throws -> Int64 {
        let (kind, code): (String, String?) = switch token.reach {
        case .college: ("college", nil)
        case .schoolClass(let id): ("class", id.rawValue)
        case .department(let id): ("department", id.rawValue)
        }
        return try insertReturningID(
            sql: """
                INSERT INTO systemToken(name, tokenHash, scopes, reachKind, reachCode, expiresOn, createdBy, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [token.name, hash, token.scopes.sorted().map(\.rawValue).joined(separator: ","), kind, code,
                        token.expiresOn.map { "\($0)" }, token.createdBy, token.createdAt])
    }

    public func token(hash: String) throws -> SystemToken? {
        try row(db, sql: "SELECT * FROM systemToken WHERE tokenHash = ?", arguments: [hash], Self.systemToken)
    }

    public func token(_ id: Int64) throws -> SystemToken? {
        try row(db, sql: "SELECT * FROM systemToken WHERE id = ?", arguments: [id], Self.systemToken)
    }

    public func tokens() throws -> [SystemToken] {
        try rows(db, sql: "SELECT * FROM systemToken ORDER BY id", Self.systemToken)
    }

    public func revokeToken(_ id: Int64, by person: String, at time: String) throws -> Bool {
        try db.changes(sql: "UPDATE systemToken SET revokedBy = ?, revokedAt = ? WHERE id = ? AND revokedAt IS NULL",
                       arguments: [person, time, id]) > 0
    }

    public func apiRequest(token: Int64, key: String) throws -> StoredAnswer? {
        try row(db, sql: "SELECT requestHash, status, response, at FROM apiRequest WHERE tokenId = ? AND idempotencyKey = ?",
                arguments: [token, key]) { row in
            StoredAnswer(requestHash: try row["requestHash"], status: try row["status"], body: try row["response"], at: try row["at"])
        }
    }

    public func claimAPIRequest(token: Int64, key: String, requestHash: String, at time: String) throws -> Bool {
        try db.changes(
            sql: """
                INSERT INTO apiRequest(tokenId, idempotencyKey, requestHash, status, response, at) VALUES (?, ?, ?, 0, '', ?)
                ON CONFLICT (tokenId, idempotencyKey) DO NOTHING
                """,
            arguments: [token, key, requestHash, time]) > 0
    }

    public func reclaimAPIRequest(token: Int64, key: String, requestHash: String, at time: String, seen: StoredAnswer) throws -> Bool {
        try db.changes(
            sql: """
                UPDATE apiRequest SET requestHash = ?, status = 0, response = '', at = ?
                WHERE tokenId = ? AND idempotencyKey = ? AND status = ? AND at = ?
                """,
            arguments: [requestHash, time, token, key, seen.status, seen.at]) > 0
    }

    public func finishAPIRequest(token: Int64, key: String, status: Int, body: String) throws {
        try db.execute(sql: "UPDATE apiRequest SET status = ?, response = ? WHERE tokenId = ? AND idempotencyKey = ?",
                       arguments: [status, body, token, key])
    }

    public func holdWarningEvents() throws {
        try waitForWriters(on: "warningEvent")
    }

    public func warningChanges(after id: Int64, limit: Int) throws -> [(event: Int64, warning: Int64, at: String)] {
        try rows(db, sql: """
            SELECT e.id, e.warningId, e.at FROM warningEvent e
              JOIN (SELECT warningId, MAX(id) AS latest FROM warningEvent WHERE id > ? GROUP BY warningId) l ON l.latest = e.id
              ORDER BY e.id LIMIT ?
            """, arguments: [id, limit]) { row in
            (try row["id"] as Int64, try row["warningId"] as Int64, try row["at"] as String)
        }
    }

    static func systemToken(_ row: SQLRow) throws -> SystemToken {
        let code: String? = try row["reachCode"]
        let reach: SystemToken.Reach = switch (try row["reachKind"] as String, code) {
        case ("class", let code?): .schoolClass(ClassID(rawValue: code))
        case ("department", let code?): .department(DepartmentID(rawValue: code))
        default: .college
        }
        let scopes = (try row["scopes"] as String).split(separator: ",").compactMap { SystemToken.Scope(rawValue: String($0)) }
        let expires: String? = try row["expiresOn"]
        return SystemToken(
            id: try row["id"], name: try row["name"], scopes: Set(scopes), reach: reach, expiresOn: expires.flatMap(LocalDate.init),
            createdBy: try row["createdBy"], createdAt: try row["createdAt"], revokedBy: try row["revokedBy"],
            revokedAt: try row["revokedAt"])
    }
}
