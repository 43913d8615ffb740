import Foundation

/// Why a date cannot be placed in a period of the school calendar.
public enum CalendarError: Error, Equatable, Sendable {
    case outsideCalendar(LocalDate)
    case notTeachingWeek(LocalDate, SemesterID)
    case sessionRequired
    case sessionOutOfRange(Int)
    case notYetOpen(Timing, opensOn: LocalDate)
    case firstSemesterNotInCalendar(SemesterID)
    case notGraduationYear(LocalDate, graduationYear: String)
}

extension CalendarError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .outsideCalendar(let d):
            "日期 \(d) 不在校历内的任何学期"
        case .notTeachingWeek(let d, let s):
            "日期 \(d) 不在 \(s.rawValue) 的教学周内"
        case .sessionRequired:
            "每次课前的采分点需要课次（第几节）"
        case .sessionOutOfRange(let n):
            "课次 \(n) 不合理，应为 1 到 12"
        case .notYetOpen(let timing, let opens):
            "\(timing.chineseName)的采分点从 \(opens) 起才能录入"
        case .firstSemesterNotInCalendar(let s):
            "该届学生的第一学期 \(s.rawValue) 不在校历内"
        case .notGraduationYear(let d, let y):
            "日期 \(d) 不在该届学生的毕业学年 \(y) 内"
        }
    }

    public var recoverySuggestion: String? {
        switch self {
        case .outsideCalendar: "用 --date 指定校历内的日期，或请管理员补充校历"
        case .notTeachingWeek: "用 --date 指定教学周内的日期"
        case .sessionRequired: "加上 --session N（N 为当天第几节课）"
        case .sessionOutOfRange: "用 --session 指定 1 到 12 之间的课次"
        case .notYetOpen(_, let opens): "请在 \(opens) 或之后录入"
        case .firstSemesterNotInCalendar: "请管理员把该学期加入校历"
        case .notGraduationYear: "毕业前的采分点只能在毕业学年内录入"
        }
    }
}
