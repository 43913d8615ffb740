import ChuzhikaCore

/// One college as a province sees it: counts, never a person.
public struct CollegeSummary: Codable, Sendable, Hashable {
    public let college: String
    public let school: String
    public let students: Int
    public let classes: Int
    public let records: Int
    public let activeWarnings: Int

    public init(college: String, school: String, students: Int, classes: Int, records: Int, activeWarnings: Int) {
        self.college = college
        self.school = school
        self.students = students
        self.classes = classes
        self.records = records
        self.activeWarnings = activeWarnings
    }
}

/// A class's card as a province sees it: its members' balances per semester and domain,
/// summed and averaged — no member named.
public struct ProvinceClassCard: Codable, Sendable, Hashable {
    public let college: String
    public let schoolClass: String
    public let className: String
    public let cohort: Int
    public let semester: String
    public let domain: String
    public let members: Int
    /// Sum of the members' balances, in points.
    public let total: Double
    /// Per member, in points.
    public let average: Double

    public init(
        college: String, schoolClass: String, className: String, cohort: Int, semester: String, domain: String, members: Int, total: Double,
        average: Double
    ) {
        self.college = college
        self.schoolClass = schoolClass
        self.className = className
        self.cohort = cohort
        self.semester = semester
        self.domain = domain
        self.members = members
        self.total = total
        self.average = average
    }
}

/// How many warnings a college has by category, level and status. Counts of 心理 and 理财
/// warnings below ``minimumSensitiveCount`` are withheld (nil): a small number can name a student.
public struct WarningCount: Codable, Sendable, Hashable {
    public static let minimumSensitiveCount = 5
    public let college: String
    public let category: String
    public let level: String
    public let status: String
    public let count: Int?

    public init(college: String, category: String, level: String, status: String, count: Int?) {
        self.college = college
        self.category = category
        self.level = level
        self.status = status
        self.count = count
    }
}

/// What a provincial reviewer reads: aggregates over every college of a shared database,
/// through views the database grants them — they have no access to any college's tables.
public protocol ProvinceStore: Sendable {
    func colleges() throws -> [CollegeSummary]
    func classCards(semester: String?) throws -> [ProvinceClassCard]
    func warningCounts() throws -> [WarningCount]
}
