import ChuzhikaApp
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Session cookies and CSRF tokens.
///
/// The session cookie holds the same token `czk login` writes to its session file (only its
/// hash is stored); `HttpOnly; SameSite=Strict; Path=/`, and `Secure` when the portal is served
/// over TLS. Every form carries a CSRF token: before login a random value echoed in a cookie
/// (double submit), after login a hash of the session token, so it needs no server state.
enum PortalSecurity {
    static let sessionCookie = "czk_session"
    static let loginCookie = "czk_login"

    static func sessionCookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: sessionCookie, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func expired(_ name: String, path: String = "/", secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The CSRF token of a logged-in session.
    static func csrf(forSession token: String) -> String {
        PasswordHasher.hex(SHA256.hash(data: Data("czk-csrf|\(token)".utf8)).prefix(16))
    }

    /// A fresh random value (the login form's CSRF token).
    static func random() -> String {
        PasswordHasher.hex((0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    /// Compares two tokens in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
