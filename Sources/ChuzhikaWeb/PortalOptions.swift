#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `czk serve` is exposed and how much it lets any one visitor take.
public struct PortalOptions: Sendable {
    /// Served over TLS by a reverse proxy (`--behind-https`): every cookie is `Secure`.
    public var secureCookies = false
    /// The proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); none: the
    /// header is never read, and the client is the socket's peer.
    public var trustedProxies = TrustedProxies()
    /// Failed logins one client address may make within 15 minutes, whatever the accounts.
    public var failuresPerAddress = 20
    /// Sheet uploads read at once; one more is turned away (503) before its body is read.
    public var concurrentUploads = 4
    /// Seconds a connection may take to send a request's head, or sit silent between requests
    /// or within a body, before it is closed.
    public var idleSeconds: Int64 = 30
    /// Connections open at once; more wait in the kernel's queue until one closes.
    public var maximumConnections = PortalOptions.connectionsAllowed

    public init() {}

    /// 4,000, or fewer when the process may not open that many files (a connection is one), so
    /// that a flood of connections never leaves the portal unable to open the database.
    static var connectionsAllowed: Int {
        var limit = rlimit()
        #if os(Linux)
        let read = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
        let read = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        guard read == 0 else { return 1_000 }
        return max(64, min(4_000, Int(clamping: limit.rlim_cur) - 128))
    }
}
