import ChuzhikaCore
import Foundation

/// Today and now, injectable so that tests and `CZK_TODAY` can fix the date.
public struct Clock: Sendable {
    public let today: @Sendable () -> LocalDate
    public let now: @Sendable () -> String

    public init(today: @escaping @Sendable () -> LocalDate, now: @escaping @Sendable () -> String) {
        self.today = today
        self.now = now
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
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = seconds - day.dayNumber * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    /// A clock stopped on one day, for tests and for `CZK_TODAY`.
    public static func fixed(_ day: LocalDate) -> Clock {
        Clock(today: { day }, now: { "\(day)T12:00:00Z" })
    }
}
