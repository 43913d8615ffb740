import ChuzhikaCore

/// A stored login: never the password, only its hash.
public struct StoredLogin: Hashable, Sendable {
    public let personCode: String
    public let personKind: String
    public let passwordHash: String
    public let isDisabled: Bool
    public let lockedUntil: Int?
    public let lastSuccessAt: Int?

    public init(personCode: String, personKind: String, passwordHash: String, isDisabled: Bool, lockedUntil: Int?, lastSuccessAt: Int?) {
        self.personCode = personCode
        self.personKind = personKind
        self.passwordHash = passwordHash
        self.isDisabled = isDisabled
        self.lockedUntil = lockedUntil
        self.lastSuccessAt = lastSuccessAt
    }
}

/// A stored session: never the token, only its SHA-256.
public struct StoredSession: Hashable, Sendable {
    public let personCode: String
    public let personKind: String
    public let expiresAt: Int
    public let revokedAt: Int?
    public let actingAdmin: String?

    public init(personCode: String, personKind: String, expiresAt: Int, revokedAt: Int?, actingAdmin: String?) {
        self.personCode = personCode
        self.personKind = personKind
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.actingAdmin = actingAdmin
    }
}
