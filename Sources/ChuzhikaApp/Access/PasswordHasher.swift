import Crypto
import Foundation
import _CryptoExtras

/// Hashes and checks passwords with PBKDF2-HMAC-SHA256 from swift-crypto, a random 16-byte salt
/// per password. Never hand-written hashing (TECH.md §7).
///
/// The stored form is `pbkdf2-sha256$ROUNDS$SALT$HASH` (base64), so a check uses the rounds a
/// hash was made with. The shipped binary makes hashes only with ``production`` (600,000
/// rounds); tests inject ``testing`` to stay fast.
public struct PasswordHasher: Sendable {
    public let rounds: Int

    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
    public static let production = PasswordHasher(rounds: 600_000)
    /// For tests only: cheap, and refused below swift-crypto's floor without `unsafeUncheckedRounds`.
    public static let testing = PasswordHasher(rounds: 1_000)

    public func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &generator) }
        let key = try Self.derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether `password` matches `stored`, compared in constant time.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= 1_000,
            let salt = Data(base64Encoded: parts[2]), let expected = Data(base64Encoded: parts[3]),
            let key = try? derive(password, salt: Array(salt), rounds: rounds)
        else { return false }
        return SymmetricKey(data: key) == SymmetricKey(data: expected)
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }

    /// A new random 256-bit session token (hex) and its SHA-256 (hex), which is all the database keeps.
    public static func newToken() -> (token: String, hash: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = hex(bytes)
        return (token, tokenHash(token))
    }

    public static func tokenHash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lower-case hex digits of some bytes (every page hashes its session token: no `String(format:)`).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }
}
