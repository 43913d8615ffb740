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
    /// Attempts let through and not yet answered (the password hash takes a while): counted as
    /// failures until they are, so a burst of parallel guesses cannot all pass one check.
    private var pendingByAddress: [String: Int] = [:]
    private var pendingByPair: [Pair: Int] = [:]

    init(_ policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Whether an attempt may go ahead now (attempts under way count as failures until they end).
    func verdict(address: String, account: String, now: Date = Date()) -> Verdict {
        lock.withLock { check(address, Pair(address: address, account: Self.key(account)), now) }
    }

    /// ``verdict(address:account:now:)``, and an allowed attempt is then under way until
    /// ``failed(address:account:now:)``, ``succeeded(address:account:)`` or
    /// ``abandoned(address:account:)`` says how it ended — exactly one of them. One critical
    /// section: a burst of parallel guesses cannot all pass one check.
    func admit(address: String, account: String, now: Date = Date()) -> Verdict {
        lock.withLock {
            let pair = Pair(address: address, account: Self.key(account))
            let verdict = check(address, pair, now)
            if verdict == .allowed {
                pendingByAddress[address, default: 0] += 1
                pendingByPair[pair, default: 0] += 1
            }
            return verdict
        }
    }

    private func check(_ address: String, _ pair: Pair, _ now: Date) -> Verdict {
        let recent = (byAddress[address] ?? []).filter { now.timeIntervalSince($0) < policy.window }
        if recent.count >= policy.perAddress, let oldest = recent.first {
            return .addressHeld(minutes: Self.minutes(from: now, to: oldest.addingTimeInterval(policy.window)))
        }
        if recent.count + (pendingByAddress[address] ?? 0) >= policy.perAddress { return .addressHeld(minutes: 1) }
        let failures = remembered(pair, now)
        if failures.count >= policy.freeTries, let last = failures.last {
            let until = last.addingTimeInterval(wait(after: failures.count))
            if until > now { return .accountHeld(failures: failures.count, minutes: Self.minutes(from: now, to: until)) }
        }
        let pending = pendingByPair[pair] ?? 0
        if pending > 0, failures.count + pending >= policy.freeTries {
            return .accountHeld(failures: failures.count + pending, minutes: 1)
        }
        return .allowed
    }

    /// An allowed attempt ended without an answer about the password (a server error).
    func abandoned(address: String, account: String) {
        lock.withLock { settle(address, Pair(address: address, account: Self.key(account))) }
    }

    private func settle(_ address: String, _ pair: Pair) {
        if let n = pendingByAddress[address] { pendingByAddress[address] = n > 1 ? n - 1 : nil }
        if let n = pendingByPair[pair] { pendingByPair[pair] = n > 1 ? n - 1 : nil }
    }

    /// The wait after `failures` failures of one account on one address: none for the first
    /// `freeTries - 1`, then `firstWait`, doubling up to `longestWait`.
    func wait(after failures: Int) -> TimeInterval {
        guard failures >= policy.freeTries else { return 0 }
        return min(policy.firstWait * pow(2, Double(min(failures - policy.freeTries, 20))), policy.longestWait)
    }

    func failed(address: String, account: String, now: Date = Date()) {
        lock.withLock {
            let pair = Pair(address: address, account: Self.key(account))
            settle(address, pair)
            byAddress[address] = (byAddress[address] ?? []).filter { now.timeIntervalSince($0) < policy.window } + [now]
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
        lock.withLock {
            let pair = Pair(address: address, account: Self.key(account))
            settle(address, pair)
            byPair[pair] = nil
        }
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
