import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaStore
import Foundation

/// Opens sessions directly in a database file, as a test helper may: no password round.
public enum TestSessions {
    /// A new session token for the person `code` of the database at `path` (given a login first
    /// if they have none), valid for as long as any test runs, whatever `CZK_TODAY` says.
    public static func open(database path: String, for code: String) throws -> String {
        let database = try CardApp.open(path: path).database
        let (token, hash) = PasswordHasher.newToken()
        try database.write { session in
            let kind = try session.staff(StaffID(rawValue: code)) != nil ? "staff" : "student"
            if try session.login(code) == nil {
                try session.saveLogin(code, kind: kind, passwordHash: try PasswordHasher.testing.hash("test-password"))
            }
            try session.insertSession(tokenHash: hash, code: code, kind: kind, at: 0, expiresAt: Int.max / 2)
        }
        return token
    }
}
