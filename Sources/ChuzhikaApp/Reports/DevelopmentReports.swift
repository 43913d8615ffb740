import ChuzhikaCore

/// One semester of a trend: the three capped subtotals (学业, 个人, 职业) and the 总分汇总.
public struct SemesterScores: Hashable, Codable, Sendable {
    public let semester: String
    public let semesterName: String
    /// In `Domain.allCases` order.
    public let subtotals: [Points]
    public let total: Points
}

/// A warning as a report shows it: what, how serious, why, and what to do.
public struct ReportWarning: Hashable, Codable, Sendable {
    public let student: String
    public let name: String
    public let ruleName: String
    public let category: String
    public let level: String
    public let status: String
    public let evidence: String
    public let advice: String
}

/// 学生发展诊改报告: one student's semester, read as a story — where they stand, how they moved,
/// what is strong, what to work on, and what the rules advise.
public struct StudentReport: Hashable, Codable, Sendable {
    /// One domain (or the 总分汇总, `domain` nil) against the class average.
    public struct Comparison: Hashable, Codable, Sendable {
        public let domain: Domain?
        public let name: String
        public let student: Points
        public let classAverage: Points
    }

    /// A point where the student stands out from the class, either way.
    public struct PointNote: Hashable, Codable, Sendable {
        public let id: String
        public let name: String
        public let domain: Domain
        public let points: Points
        public let classAverage: Points
        /// Who records it, and when: where the next chance is.
        public let owners: String
        public let timing: String
    }

    public let school: String
    public let generatedOn: LocalDate
    public let card: AccountReport
    /// Oldest semester first.
    public let trend: [SemesterScores]
    public let comparison: [Comparison]
    /// 1 is the highest 总分汇总 in the class this semester.
    public let rankInClass: Int
    public let classSize: Int
    public let strengths: [PointNote]
    public let improvements: [PointNote]
    /// The warnings this reader may see (a student: their own 学业 and 就业 ones only).
    public let warnings: [ReportWarning]
    /// What to do next: the rules' advice for each warning, then a line per point to improve.
    public let advice: [String]
    /// The latest entries, without sensitive points (a report is printed and passed on).
    public let recent: [AccountReport.EntryLine]
    /// The report shows a 心理 or 理财 warning: for the student's 辅导员 only.
    public let isConfidential: Bool
}

/// A histogram of members' scores in one domain (or the 总分汇总).
public struct Distribution: Hashable, Codable, Sendable {
    public struct Bin: Hashable, Codable, Sendable {
        public let lower: Points
        public let upper: Points
        public let count: Int
    }

    public let name: String
    public let bins: [Bin]
    public let mean: Points
    public let median: Points
    public let minimum: Points
    public let maximum: Points

    /// Bins of a round width (1, 2, 5, 10 … points) over the values' range, about `count` of them.
    public init(name: String, values: [Points], bins count: Int = 6) {
        self.name = name
        let sorted = values.sorted()
        minimum = sorted.first ?? .zero
        maximum = sorted.last ?? .zero
        mean = sorted.isEmpty ? .zero : Points(Double(sorted.reduce(0) { $0 + $1.hundredths }) / 100 / Double(sorted.count))
        median = sorted.isEmpty ? .zero
            : sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : Points(hundredths: (sorted[sorted.count / 2 - 1].hundredths + sorted[sorted.count / 2].hundredths) / 2)
        guard !sorted.isEmpty else {
            bins = []
            return
        }
        let low = minimum.hundredths, high = maximum.hundredths
        let raw = max(1, (high - low + count - 1) / count)
        // A round width in hundredths: 1, 2 or 5 times a power of ten, at least one point.
        var unit = 100
        while unit * 10 <= raw { unit *= 10 }
        let width = [1, 2, 5, 10].map { $0 * unit }.first { $0 >= raw } ?? unit * 10
        let start = Int((Double(low) / Double(width)).rounded(.down)) * width
        let slots = (high - start) / width + 1
        var counts = Array(repeating: 0, count: slots)
        for value in sorted {
            counts[(value.hundredths - start) / width] += 1
        }
        bins = counts.indices.map { index in
            Bin(lower: Points(hundredths: start + index * width), upper: Points(hundredths: start + (index + 1) * width), count: counts[index])
        }
    }
}

/// Whether records came in on time: expected (periods already due), entered by the due day,
/// entered late, and never entered.
public struct Timeliness: Hashable, Codable, Sendable {
    /// What is counted: a point, a person, or a role.
    public let label: String
    /// The owner role(s), in Chinese.
    public let owner: String
    public let expected: Int
    public let onTime: Int
    public let late: Int
    public let never: Int

    /// The share entered on time, 0–1; nil when nothing was due.
    public var onTimeShare: Double? { expected == 0 ? nil : Double(onTime) / Double(expected) }
}

/// 班级发展报告: the class card, how members spread, who needs attention, what was not recorded.
public struct ClassDevelopmentReport: Hashable, Codable, Sendable {
    public struct Member: Hashable, Codable, Sendable {
        public let id: String
        public let name: String
        /// Empty for a point-limited reader, as `total` is zero.
        public let subtotals: [Points]
        public let total: Points
        /// For a point-limited reader only (a 任课教师): the member's lines of the points they own,
        /// from the records of the courses they teach.
        public let points: [AccountReport.PointLine]
    }

    public let school: String
    public let generatedOn: LocalDate
    public let card: ClassReport
    /// The class card's trend: this semester and the previous one.
    public let trend: [SemesterScores]
    /// Per domain, then the 总分汇总.
    public let distributions: [Distribution]
    /// Highest 总分汇总 first (in 学号 order for a point-limited reader).
    public let members: [Member]
    /// Open warnings of members and of the class that this reader may see.
    public let warnings: [ReportWarning]
    /// Per point, periods already due: on time, late, never. Worst first.
    public let timeliness: [Timeliness]
    /// The report shows a 心理 or 理财 warning: for the class's 辅导员 only.
    public let isConfidential: Bool
    /// What came of the class's follow-ups this semester (nil for a point-limited reader).
    public var followUps: RiskOutcomes? = nil
}

/// 学院诊改数据报告: per 系部, 专业 and 班级 the averages and warnings; on-time recording per owner.
public struct CollegeReport: Hashable, Codable, Sendable {
    public struct Unit: Hashable, Codable, Sendable {
        /// 系部, 专业 or 班级.
        public let level: String
        public let code: String
        public let name: String
        public let students: Int
        /// Mean capped subtotals per domain, then the mean 总分汇总.
        public let averages: [Points]
        public let averageTotal: Points
        /// Open warnings of the unit's students and classes per category; 心理 and 理财 are
        /// counted for the whole college only.
        public let warnings: [String: Int]
    }

    /// Open warnings of the college in one category and level. Counts of 1 or 2 in 心理 and
    /// 理财 are shown as "<3": small numbers point at people.
    public struct WarningCount: Hashable, Codable, Sendable {
        public let category: String
        public let level: String
        public let count: Int?
        public var shown: String { count.map(String.init) ?? "<3" }
    }

    public let school: String
    public let generatedOn: LocalDate
    public let semester: String
    public let semesterName: String
    public let students: Int
    public let classes: Int
    public let averages: [Points]
    public let averageTotal: Points
    public let units: [Unit]
    public let warnings: [WarningCount]
    public let roles: [Timeliness]
    public let owners: [Timeliness]
    /// Whether the reader sees the whole college (the admin) or a part (学工办 of a 系部).
    public let scope: String
    /// What came of this semester's follow-ups (`czk risks outcomes`), as far as the reader reaches.
    public var followUps: RiskOutcomes?
}
