import ChuzhikaApp
import NIOPosix
import Synchronization

/// Threads for the store's blocking work, one pool per size, started once and kept for the life
/// of the process (as NIO's own singleton pool is): a portal's pages run their transactions here.
public enum StoreThreads {
    private static let pools = Mutex<[Int: NIOThreadPool]>([:])

    /// Runs `body` (blocking store work) on the pool sized to `app`'s store.
    public static func run<T: Sendable>(_ app: CardApp, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool(for: app.database.concurrentSessions).runIfActive(body)
    }

    public static func pool(for sessions: Int) -> NIOThreadPool {
        let threads = max(2, min(sessions, 32))
        return pools.withLock { pools in
            if let pool = pools[threads] { return pool }
            let pool = NIOThreadPool(numberOfThreads: threads)
            pool.start()
            pools[threads] = pool
            return pool
        }
    }
}
