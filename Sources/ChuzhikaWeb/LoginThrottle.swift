import Foundation

/// Failed logins counted per IP address, on top of the app layer's lockout of one account
/// (five failures lock an ID for 15 minutes, whether tried from the CLI or the portal).
///
/// The account lockout stops guessing one password; this stops one address trying a few
/// passwords on many accounts. In memory: a restart forgets it, the account lockout does not.
final class LoginThrottle: @unchecked Sendable {
    let limit: Int
    let window: TimeInterval
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 20, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Minutes until `peer` may try again, or nil when it may try now.
    func waitMinutes(_ peer: String, now: Date = Date()) -> Int? {
        lock.withLock {
            let recent = prune(peer, now)
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now) / 60).rounded(.up)))
        }
    }

    func failed(_ peer: String, now: Date = Date()) {
        lock.withLock {
            failures[peer] = prune(peer, now) + [now]
            // Forget quiet addresses now and then, so the table cannot grow without bound.
            if failures.count > 10_000 { failures = failures.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
        }
    }

    func succeeded(_ peer: String) {
        lock.withLock { failures[peer] = nil }
    }

    private func prune(_ peer: String, _ now: Date) -> [Date] {
        (failures[peer] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
