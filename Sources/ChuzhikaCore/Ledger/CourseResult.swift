/// One course result as the 教务 system exports it: 学号, 课程, 学分, 成绩, 考试性质, per semester.
///
/// Chinese 学业预警 is decided by failed credits, so results are kept as they come; a 补考 or
/// 重修 pass clears the earlier failure of the same course.
public struct CourseResult: Hashable, Codable, Sendable {
    public enum Sitting: String, CaseIterable, Codable, Sendable {
        case regular, makeup, retake

        public var chineseName: String {
            switch self {
            case .regular: "正考"
            case .makeup: "补考"
            case .retake: "重修"
            }
        }

        public init?(chinese: String) {
            guard let found = Self.allCases.first(where: { $0.chineseName == chinese || $0.rawValue == chinese }) else {
                return nil
            }
            self = found
        }
    }

    /// A mark 0–100, or a grade.
    public enum Grade: Hashable, Codable, Sendable {
        case mark(Double)
        case label(String)

        /// Labels that pass, and those that fail (缺考 and 作弊 fail).
        public static let passing = ["优秀", "良好", "中等", "及格", "合格", "通过"]
        public static let failing = ["不及格", "不合格", "不通过", "缺考", "作弊", "旷考"]

        public var isPass: Bool {
            switch self {
            case .mark(let m): m >= 60
            case .label(let l): Self.passing.contains(l)
            }
        }

        public var mark: Double? {
            if case .mark(let m) = self { return m }
            return nil
        }

        public var text: String {
            switch self {
            case .mark(let m): RecordValue.format(m)
            case .label(let l): l
            }
        }
    }

    public let student: StudentID
    public let course: String
    public let credits: Double
    public let grade: Grade
    public let sitting: Sitting
    public let semester: SemesterID

    public init(student: StudentID, course: String, credits: Double, grade: Grade, sitting: Sitting, semester: SemesterID) {
        self.student = student
        self.course = course
        self.credits = credits
        self.grade = grade
        self.sitting = sitting
        self.semester = semester
    }
}

/// What a student's course results say for one semester: the indicators of 学业预警.
public struct ResultIndicators: Hashable, Codable, Sendable {
    public let semester: SemesterID
    /// Credits of the courses taken this semester (正考 sittings).
    public let creditsEnrolled: Double
    /// Credits of this semester's courses not passed by any sitting so far.
    public let creditsFailed: Double
    /// creditsFailed / creditsEnrolled as a percentage (0–100), 0 when nothing was enrolled.
    public let shareFailed: Double
    public let coursesPassed: Int
    /// The credit-weighted average of the marks (best sitting per course); nil without marks.
    public let weightedAverage: Double?
    /// Failed credits since enrolment, up to and including this semester, cleared by later passes.
    public let cumulativeFailedCredits: Double
    /// Credits of every course taken since enrolment, up to and including this semester.
    public let cumulativeCreditsTaken: Double
    /// Courses taken since enrolment, up to and including this semester.
    public let coursesTakenTotal: Int
    /// cumulativeFailedCredits / cumulativeCreditsTaken as a percentage, 0 when nothing was taken.
    public var cumulativeShareFailed: Double {
        cumulativeCreditsTaken > 0 ? Self.settled(cumulativeFailedCredits * 100 / cumulativeCreditsTaken) : 0
    }

    /// One rounding rule for every indicator: to 10⁻⁶, so that 64.15 summed in any order reads
    /// 64.15 (not 64.14999…) wherever it is compared or shown.
    public static func settled(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    /// Works out the indicators of every semester in `order` from all of a student's results.
    public static func compute(_ results: [CourseResult], order: [SemesterID]) -> [ResultIndicators] {
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.map { semester in
            let upTo = rank[semester] ?? 0
            let here = results.filter { $0.semester == semester }
            let taken = Dictionary(grouping: here.filter { $0.sitting == .regular }, by: \.course)
            // A course passes when any sitting up to now passes.
            func passed(_ course: String) -> Bool {
                results.contains { $0.course == course && (rank[$0.semester] ?? Int.max) <= upTo && $0.grade.isPass }
            }
            // Sums in the order of the course codes, never a dictionary's (which differs from one
            // process to the next): the write path and `czk check` must get the same last digit.
            let credits = taken.mapValues { $0.map(\.credits).max() ?? 0 }.sorted { $0.key < $1.key }
            let enrolled = credits.map(\.value).reduce(0, +)
            let failed = credits.filter { !passed($0.key) }.map(\.value).reduce(0, +)
            let passedCount = credits.filter { passed($0.key) }.count
            var weighted = 0.0, weights = 0.0
            for (course, credit) in credits {
                let best = here.filter { $0.course == course }.compactMap(\.grade.mark).max()
                if let best {
                    weighted += best * credit
                    weights += credit
                }
            }
            let everTaken = Dictionary(grouping: results.filter { $0.sitting == .regular && (rank[$0.semester] ?? Int.max) <= upTo },
                                       by: \.course).mapValues { $0.map(\.credits).max() ?? 0 }.sorted { $0.key < $1.key }
            let cumulative = everTaken.filter { !passed($0.key) }.map(\.value).reduce(0, +)
            return ResultIndicators(
                semester: semester, creditsEnrolled: Self.settled(enrolled), creditsFailed: Self.settled(failed),
                shareFailed: enrolled > 0 ? Self.settled(failed * 100 / enrolled) : 0, coursesPassed: passedCount,
                weightedAverage: weights > 0 ? Self.settled(weighted / weights) : nil,
                cumulativeFailedCredits: Self.settled(cumulative),
                cumulativeCreditsTaken: Self.settled(everTaken.map(\.value).reduce(0, +)), coursesTakenTotal: everTaken.count)
        }
    }
}
