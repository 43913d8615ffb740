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

    /// The call made with a token's `key`: in progress, answered or failed.
    func apiRequest(token: Int64, key: String) throws -> StoredAnswer?
    /// Claims `key` for a call (status 0); false when it is taken.
    func claimAPIRequest(token: Int64, key: String, requestHash: String, at time: String) throws -> Bool
    /// Claims `key` again from a call that failed, or was left in progress by a process that died:
    /// only if it still stands as `seen`; false when another caller took it first.
    func reclaimAPIRequest(token: Int64, key: String, requestHash: String, at time: String, seen: StoredAnswer) throws -> Bool
    /// Records how a claimed call ended.
    func finishAPIRequest(token: Int64, key: String, status: Int, body: String) throws

    /// Waits for every transaction still adding warning events to end (PostgreSQL: ids are taken
    /// at insert, not at commit), so that a reader paging by event id never passes one.
    func holdWarningEvents() throws
    /// Warnings changed after event `id`: each warning once, at its latest change, in the order
    /// of those changes, at most `limit`.
    func warningChanges(after id: Int64, limit: Int) throws -> [(event: Int64, warning: Int64, at: String)]
}

/// A call made with an Idempotency-Key: claimed (status 0) while it runs, then answered (its
/// status and body) or failed (-1).
public struct StoredAnswer: Hashable, Sendable {
    public static let inProgress = 0
    public static let failed = -1

    public let requestHash: String
    public let status: Int
    public let body: String
    /// When it was claimed.
    public let at: String

    public init(requestHash: String, status: Int, body: String, at: String) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
        self.at = at
    }
}
