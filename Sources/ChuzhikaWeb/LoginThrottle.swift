import ChuzhikaCore
import Foundation

/// Failed logins counted by the portal, on top of the app layer's lock of one account (five
/// failures within 15 minutes, from anywhere, lock an ID for 15 minutes — CLI and portal alike).
///
/// Two counts; a successful login never clears another account's:
/// - **Per client address**: `perAddress` failures within 15 minutes hold that address off,
///   whatever accounts it tried. A valid login from the address does not reset this, so one
///   student's password does not buy a password sprayer more guesses.
/// - **Per account on one address**: after `freeTries` failures for one account from one address,
///   that address waits 8 minutes before trying that account again, then 16, 32, up to an hour.
///   A success there clears this pair only. The waits keep one address from ever reaching the
///   app's five failures within 15 minutes, so one address cannot lock a student out, and the
///   student on another network is not slowed at all.
///
/// In memory: a restart forgets it (the app's lock does not). The tables are pruned, and account
/// names cut short, so that neither can grow without bound.
final class LoginThrottle: @unchecked Sendable {
    /// The limits; the defaults are `czk serve`'s.
    struct Policy: Sendable {
        var perAddress = 20
        var window: TimeInterval = 15 * 60
        var freeTries = 3
        var firstWait: TimeInterval = 8 * 60
        var longestWait: TimeInterval = 60 * 60
        /// How long one account's failures on one address are remembered.
        var memory: TimeInterval = 24 * 3600
    }

    /// Whether a login may be tried now.
    enum Verdict: Equatable {
        case allowed
        /// The client address has failed too often, on whatever accounts.
        case addressHeld(minutes: Int)
        /// This account has failed `failures` times from this address.
        case accountHeld(failures: Int, minutes: Int)
    }

    let policy: Policy
    private struct Pair: Hashable {
        let address: String
        let account: String
    }
    private let lock = NSLock()
    private var byAddress: [String: [Date]] = [:]
    private var byPair: [Pair: [Date]] = [:]

    init(_ policy: Policy = Policy()) {
        self.policy = policy
    }

    func verdict(address: String, account: String, now: Date = Date()) -> Verdict {
        lock.withLock {
            let recent = (byAddress[address] ?? []).filter { now.timeIntervalSince($0) < policy.window }
            if recent.count >= policy.perAddress, let oldest = recent.first {
                return .addressHeld(minutes: Self.minutes(from: now, to: oldest.addingTimeInterval(policy.window)))
            }
            let failures = remembered(Pair(address: address, account: Self.key(account)), now)
            if failures.count >= policy.freeTries, let last = failures.last {
                let until = last.addingTimeInterval(wait(after: failures.count))
                if until > now { return .accountHeld(failures: failures.count, minutes: Self.minutes(from: now, to: until)) }
            }
            return .allowed
        }
    }

    /// The wait after `failures` failures of one account on one address: none for the first
    /// `freeTries - 1`, then `firstWait`, doubling up to `longestWait`.
    func wait(after failures: Int) -> TimeInterval {
        guard failures >= policy.freeTries else { return 0 }
        return min(policy.firstWait * pow(2, Double(min(failures - policy.freeTries, 20))), policy.longestWait)
    }

    func failed(address: String, account: String, now: Date = Date()) {
        lock.withLock {
            byAddress[address] = (byAddress[address] ?? []).filter { now.timeIntervalSince($0) < policy.window } + [now]
            let pair = Pair(address: address, account: Self.key(account))
            byPair[pair] = remembered(pair, now) + [now]
            // Forget quiet entries now and then, so the tables cannot grow without bound.
            if byAddress.count > 10_000 {
                byAddress = byAddress.filter { $0.value.last.map { now.timeIntervalSince($0) < policy.window } ?? false }
            }
            if byPair.count > 50_000 {
                byPair = byPair.filter { $0.value.last.map { now.timeIntervalSince($0) < policy.memory } ?? false }
            }
        }
    }

    /// A login that worked clears that account's failures on that address, and nothing else.
    func succeeded(address: String, account: String) {
        lock.withLock { byPair[Pair(address: address, account: Self.key(account))] = nil }
    }

    private func remembered(_ pair: Pair, _ now: Date) -> [Date] {
        (byPair[pair] ?? []).filter { now.timeIntervalSince($0) < policy.memory }
    }

    /// An account as typed, the way the app layer reads it, and never longer than any real ID.
    private static func key(_ account: String) -> String {
        TypedText.normalized(String(account.prefix(64)))
    }

    private static func minutes(from now: Date, to until: Date) -> Int {
        max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
    }
}
