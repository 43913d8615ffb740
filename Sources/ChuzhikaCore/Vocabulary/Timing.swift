/// A 采分时点: when a 采分点 is scored. It decides the ``Period`` a record belongs to.
public enum Timing: String, CaseIterable, Codable, Sendable {
    /// 每次课前: one record per class session.
    case perSession
    /// 周末: one record per teaching week.
    case weekly
    /// 月末: one record per calendar month.
    case monthly
    /// 学期末: one record per semester.
    case semesterEnd
    /// 学年初 / 每学年初: one record per academic year, due at its start.
    case yearStart
    /// 学年末: one record per academic year, due at its end.
    case yearEnd
    /// 第一学期中: once, in the student's first semester, from its middle on.
    case firstSemesterMid
    /// 毕业前: once, in the graduation year.
    case beforeGraduation

    /// The Chinese name as table 15 writes it.
    public var chineseName: String {
        switch self {
        case .perSession: "每次课前"
        case .weekly: "周末"
        case .monthly: "月末"
        case .semesterEnd: "学期末"
        case .yearStart: "学年初"
        case .yearEnd: "学年末"
        case .firstSemesterMid: "第一学期中"
        case .beforeGraduation: "毕业前"
        }
    }

    /// Reads a timing from its code name or its Chinese name (每学年初 is 学年初).
    public init?(name: String) {
        if let timing = Timing(rawValue: name) {
            self = timing
        } else if name == "每学年初" {
            self = .yearStart
        } else if let timing = Timing.allCases.first(where: { $0.chineseName == name }) {
            self = timing
        } else {
            return nil
        }
    }
}
