import ChuzhikaCore

/// Logins (password hashes only), lockouts and sessions (token hashes only).
public protocol LoginSession: AnyObject {
    func login(_ code: String) throws -> StoredLogin?
    func logins() throws -> [StoredLogin]
    func saveLogin(_ code: String, kind: String, passwordHash: String) throws
    func saveLogins(_ people: [(code: String, kind: String)], passwordHash: String) throws
    func setLoginDisabled(_ code: String, _ disabled: Bool) throws
    func lockLogin(_ code: String, until: Int) throws
    func recordLoginSuccess(_ code: String, at: Int) throws
    func recordLoginFailure(_ code: String, at: Int) throws
    func loginFailures(_ code: String, since: Int) throws -> Int
    func insertSession(tokenHash: String, code: String, kind: String, at: Int, expiresAt: Int, actingAdmin: String?) throws
    func session(tokenHash: String) throws -> StoredSession?
    func revokeSession(tokenHash: String, at: Int) throws
    func revokeSessions(of code: String, at: Int) throws
}

extension LoginSession {
    public func insertSession(tokenHash: String, code: String, kind: String, at: Int, expiresAt: Int) throws {
        try insertSession(tokenHash: tokenHash, code: code, kind: kind, at: at, expiresAt: expiresAt, actingAdmin: nil)
    }
}
