import ChuzhikaCore

/// The integration API's tokens (their hashes only) and the answers kept for idempotent batches
/// (issue 26).
public protocol TokenSession: AnyObject {
    /// Stores a token under the hash of its secret; returns its id.
    func addToken(_ token: SystemToken, hash: String) throws -> Int64
    /// The token whose secret hashes to `hash`, revoked or not.
    func token(hash: String) throws -> SystemToken?
    func token(_ id: Int64) throws -> SystemToken?
    /// Every token, oldest first.
    func tokens() throws -> [SystemToken]
    /// Marks a token revoked (kept, with who and when); false when it was revoked already.
    func revokeToken(_ id: Int64, by person: String, at time: String) throws -> Bool

    /// The answer kept for a token's `key`, with the hash of the request it answered.
    func apiRequest(token: Int64, key: String) throws -> StoredAnswer?
    /// Keeps an answer; false when the key was taken meanwhile (the first answer stands).
    func keepAPIRequest(token: Int64, key: String, answer: StoredAnswer, at time: String) throws -> Bool

    /// Waits for every transaction still adding warning events to end (PostgreSQL: ids are taken
    /// at insert, not at commit), so that a reader paging by event id never passes one.
    func holdWarningEvents() throws
    /// Warnings changed after event `id`: each warning once, at its latest change, in the order
    /// of those changes, at most `limit`.
    func warningChanges(after id: Int64, limit: Int) throws -> [(event: Int64, warning: Int64, at: String)]
}

/// What an idempotent call answered the first time.
public struct StoredAnswer: Hashable, Sendable {
    public let requestHash: String
    public let status: Int
    public let body: String

    public init(requestHash: String, status: Int, body: String) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
    }
}
