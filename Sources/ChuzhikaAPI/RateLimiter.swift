package import Foundation
import Synchronization

/// Requests per token: a bucket of `burst` calls that refills at `perSecond`. A system that
/// calls faster is told to wait (429 with Retry-After), and the college's other systems and the
/// portal keep their share of the store.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    let perSecond: Double
    let burst: Double
    private let buckets = Mutex<[Int64: Bucket]>([:])

    init(perSecond: Int, burst: Int? = nil) {
        self.perSecond = Double(max(perSecond, 1))
        self.burst = Double(burst ?? max(perSecond * 2, 1))
    }

    /// Takes one call for `token`; nil when allowed, else the seconds to wait.
    func take(_ token: Int64, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[token] ?? Bucket(tokens: burst, at: now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.at = now
            defer { buckets[token] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / perSecond).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
    }
}
