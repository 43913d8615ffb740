import ChuzhikaCore
import Foundation

/// Today and now, injectable so that tests and `CZK_TODAY` can fix the date.
public struct Clock: Sendable {
    public let today: @Sendable () -> LocalDate
    public let now: @Sendable () -> String
    /// Seconds since 1970: session expiry and login lockout count in these.
    public let epoch: @Sendable () -> Int

    public init(
        today: @escaping @Sendable () -> LocalDate, now: @escaping @Sendable () -> String,
        epoch: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }
    ) {
        self.today = today
        self.now = now
        self.epoch = epoch
    }

    /// The system clock in the machine's time zone.
    public static let system = Clock(
        today: {
            let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
            return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!  // the system date exists
        },
        now: { timestamp(Date()) })

    /// `2025-09-10T08:30:00Z`: formatted by hand, because a new ISO8601DateFormatter per
    /// record cost a quarter of a bulk import.
    static func timestamp(_ date: Date) -> String {
        timestamp(epoch: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    static func timestamp(epoch seconds: Int) -> String {
        let day = LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = seconds - day.dayNumber * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    /// Seconds since 1970 of a timestamp this clock wrote (`2025-09-10T08:30:00Z`), nil otherwise.
    static func epoch(of timestamp: String) -> Int? {
        let parts = timestamp.split(separator: "T")
        guard parts.count == 2, let day = LocalDate(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let time = parts[1].dropLast().split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        return day.dayNumber * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]
    }

    /// A clock stopped on one day at noon, for tests and for `CZK_TODAY`.
    ///
    /// Its time stands still: a session opened under `CZK_TODAY` lasts while the same day is set.
    public static func fixed(_ day: LocalDate) -> Clock {
        let noon = day.dayNumber * 86_400 + 43_200
        return Clock(today: { day }, now: { "\(day)T12:00:00Z" }, epoch: { noon })
    }

    /// A clock that tests move by hand, from noon of `day`.
    public static func manual(_ day: LocalDate, _ seconds: ManualTime) -> Clock {
        let start = day.dayNumber * 86_400 + 43_200
        return Clock(
            today: { LocalDate(dayNumber: (start + seconds.value) / 86_400) },
            now: { timestamp(epoch: start + seconds.value) },
            epoch: { start + seconds.value })
    }
}

/// Seconds added to a manual clock.
public final class ManualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0

    public init() {}

    public var value: Int { lock.withLock { seconds } }

    public func advance(_ by: Int) { lock.withLock { seconds += by } }
}
