import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    // MARK: - Logins

    public func login(_ code: String) throws -> StoredLogin? {
        try row(db, sql: "SELECT * FROM login WHERE personCode = ?", arguments: [code], Self.login)
    }

    public func logins() throws -> [StoredLogin] {
        try rows(db, sql: "SELECT * FROM login ORDER BY personKind, personCode", Self.login)
    }

    /// Creates a login, or replaces its password hash (and unlocks it).
    public func saveLogin(_ code: String, kind: String, passwordHash: String) throws {
        try db.execute(
            sql: """
                INSERT INTO login(personCode, personKind, passwordHash) VALUES (?, ?, ?)
                ON CONFLICT(personCode) DO UPDATE SET passwordHash = excluded.passwordHash, lockedUntil = NULL
                """,
            arguments: [code, kind, passwordHash])
    }

    /// Gives many people the same password hash at once (the demo's shared password).
    public func saveLogins(_ people: [(code: String, kind: String)], passwordHash: String) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO login(personCode, personKind, passwordHash) VALUES (?, ?, ?)
            ON CONFLICT (personCode) DO UPDATE SET personKind = excluded.personKind, passwordHash = excluded.passwordHash,
              isDisabled = 0, lockedUntil = NULL, lastSuccessAt = NULL
            """)
        for person in people { try statement.execute(arguments: [person.code, person.kind, passwordHash]) }
    }

    public func setLoginDisabled(_ code: String, _ disabled: Bool) throws {
        try db.execute(sql: "UPDATE login SET isDisabled = ? WHERE personCode = ?", arguments: [disabled, code])
    }

    public func lockLogin(_ code: String, until: Int) throws {
        try db.execute(sql: "UPDATE login SET lockedUntil = ? WHERE personCode = ?", arguments: [until, code])
    }

    public func recordLoginSuccess(_ code: String, at: Int) throws {
        try db.execute(sql: "UPDATE login SET lastSuccessAt = ?, lockedUntil = NULL WHERE personCode = ?", arguments: [at, code])
    }

    public func recordLoginFailure(_ code: String, at: Int) throws {
        try db.execute(sql: "INSERT INTO loginFailure(personCode, at) VALUES (?, ?)", arguments: [code, at])
    }

    /// Failed logins for `code` at or after `since`.
    public func loginFailures(_ code: String, since: Int) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM loginFailure WHERE personCode = ? AND at >= ?", arguments: [code, since]) ?? 0
    }

    // MARK: - Sessions

    public func insertSession(tokenHash: String, code: String, kind: String, at: Int, expiresAt: Int, actingAdmin: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO session(tokenHash, personCode, personKind, createdAt, expiresAt, actingAdmin)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [tokenHash, code, kind, at, expiresAt, actingAdmin])
    }

    public func session(tokenHash: String) throws -> StoredSession? {
        try row(db, sql: "SELECT * FROM session WHERE tokenHash = ?", arguments: [tokenHash]) {
            StoredSession(personCode: try $0["personCode"], personKind: try $0["personKind"], expiresAt: try $0["expiresAt"],
                          revokedAt: $0["revokedAt"], actingAdmin: $0["actingAdmin"])
        }
    }

    public func revokeSession(tokenHash: String, at: Int) throws {
        try db.execute(sql: "UPDATE session SET revokedAt = ? WHERE tokenHash = ? AND revokedAt IS NULL", arguments: [at, tokenHash])
    }

    /// Revokes every open session of a person (a disabled login, a reset password).
    public func revokeSessions(of code: String, at: Int) throws {
        try db.execute(sql: "UPDATE session SET revokedAt = ? WHERE personCode = ? AND revokedAt IS NULL", arguments: [at, code])
    }

    static func login(_ row: SQLRow) throws -> StoredLogin {
        StoredLogin(personCode: try row["personCode"], personKind: try row["personKind"], passwordHash: try row["passwordHash"],
                    isDisabled: try row["isDisabled"], lockedUntil: row["lockedUntil"], lastSuccessAt: row["lastSuccessAt"])
    }
}
