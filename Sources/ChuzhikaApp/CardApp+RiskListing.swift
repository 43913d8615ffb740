import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// The warnings a reader may read, and how many more they may only count.
///
/// The privacy rule stands (心理 and 理财 warnings reach only the student's 辅导员), but a
/// listing never leaves them out silently: the admin and 学工办 are told how many of each
/// category were withheld from them, and who can read them. Counts only, never the rows.
public struct RiskListing: Hashable, Codable, Sendable {
    public let warnings: [WarningLine]
    /// One entry per withheld category, the largest count first; empty when nothing was withheld.
    public let withheld: [WithheldWarnings]

    public init(warnings: [WarningLine], withheld: [WithheldWarnings]) {
        self.warnings = warnings
        self.withheld = withheld
    }
}

/// How many warnings of one category a listing withheld from its reader, and who reads them.
public struct WithheldWarnings: Hashable, Codable, Sendable {
    /// 心理 or 理财.
    public let category: String
    public let count: Int
    /// Who can read them: 该生的辅导员.
    public let visibleTo: String

    public init(category: String, count: Int, visibleTo: String) {
        self.category = category
        self.count = count
        self.visibleTo = visibleTo
    }

    /// The sentence a listing shows beside its rows, or nil when nothing was withheld:
    /// “另有 理财 2,422 条、心理 12 条预警仅该生的辅导员可见” (with `unit: "项", noun: "预警变化"`
    /// for what a write changed).
    public static func sentence(_ withheld: [WithheldWarnings], unit: String = "条", noun: String = "预警") -> String? {
        let counted = withheld.filter { $0.count > 0 }
        guard !counted.isEmpty else { return nil }
        let groups = Dictionary(grouping: counted, by: \.visibleTo).sorted { $0.key < $1.key }
        return "另有 " + groups.map { visibleTo, entries in
            entries.map { "\($0.category) \(grouped($0.count)) \(unit)" }.joined(separator: "、") + "\(noun)仅\(visibleTo)可见"
        }.joined(separator: "；")
    }

    /// 2422 → “2,422”.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        let head = digits.count % 3
        var out = String(digits.prefix(head))
        for (index, digit) in digits.dropFirst(head).enumerated() {
            if index % 3 == 0 && !out.isEmpty { out += "," }
            out.append(digit)
        }
        return (count < 0 ? "-" : "") + out
    }
}

/// Which warnings a listing keeps: by class, category, level, status, overdue. Applied alike to
/// the warnings shown and to those only counted, so the counts match what was asked for.
public struct RiskFilter: Hashable, Sendable {
    public var schoolClass: String?
    /// 学业、心理、就业、违纪、理财.
    public var category: String?
    /// 黄、橙、红.
    public var level: String?
    /// 待处理、已确认、跟进中、已解决、已消除.
    public var status: String?
    public var overdueOnly: Bool
    /// Closed warnings too (asking for a closed status implies it).
    public var includeClosed: Bool

    public init(
        schoolClass: String? = nil, category: String? = nil, level: String? = nil, status: String? = nil, overdueOnly: Bool = false,
        includeClosed: Bool = false
    ) {
        self.schoolClass = schoolClass
        self.category = category
        self.level = level
        self.status = status
        self.overdueOnly = overdueOnly
        self.includeClosed = includeClosed
            || status.map { [WarningStatus.resolved.chineseName, WarningStatus.closed.chineseName].contains($0) } ?? false
    }

    func admits(_ line: WarningLine) -> Bool {
        (schoolClass == nil || line.schoolClass == schoolClass) && (category == nil || line.category == category)
            && (level == nil || line.level == level) && (status == nil || line.status == status) && (!overdueOnly || line.isOverdue)
    }
}

extension CardApp {
    /// Who reads the warnings a listing withholds.
    static let sensitiveReaders = "该生的辅导员"

    /// The warnings `principal` is responsible for, most urgent first (level, then overdue, then
    /// age), and how many 心理 and 理财 ones of the students they reach were withheld.
    ///
    /// The admin and 学工办 are given those counts; a 辅导员 reads the warnings themselves, and
    /// other staff are not told of them at all (their withheld list is empty).
    ///
    /// - Throws: ``AppError/forbidden(_:)`` for a student.
    public func riskListing(by principal: Principal, filter: RiskFilter = RiskFilter()) throws -> RiskListing {
        try refusalsAudited(principal, "risks", subject: "") {
            guard principal.student == nil else { throw AppError.forbidden("学生在 czk account 中查看本人的学业和就业提醒") }
            let book = try ruleBook()
            return try database.read { session in
                var reach = ReachCache(session: session)
                // Read only the classes the reader reaches (everything for the admin).
                let classes = principal.isAdmin ? nil : try reach.reached(by: principal)
                var lines: [WarningLine] = []
                var withheld: [String: Int] = [:]
                for (warning, schoolClass, name) in try session.allWarnings(activeOnly: !filter.includeClosed, classes: classes) {
                    switch try reading(warning, schoolClass: schoolClass, name: name, book: book, reader: principal, reach: &reach,
                                       history: []) {
                    case .readable(let line) where filter.admits(line): lines.append(line)
                    case .withheld(let line) where filter.admits(line): withheld[line.category, default: 0] += 1
                    case .readable, .withheld, .unreached: break
                    }
                }
                return RiskListing(warnings: Self.mostUrgentFirst(lines), withheld: Self.withheld(withheld))
            }
        }
    }

    /// Level, then overdue, then age, then id.
    static func mostUrgentFirst(_ lines: [WarningLine]) -> [WarningLine] {
        let rank = { (line: WarningLine) in WarningLevel.allCases.firstIndex { $0.rawValue == line.level } ?? 0 }
        return lines.sorted { a, b in
            (-rank(a), a.isOverdue ? 0 : 1, a.openedOn.dayNumber, a.id) < (-rank(b), b.isOverdue ? 0 : 1, b.openedOn.dayNumber, b.id)
        }
    }

    /// The counts, the largest first (ties in ``WarningCategory`` order).
    static func withheld(_ counts: [String: Int]) -> [WithheldWarnings] {
        let order = WarningCategory.allCases.map(\.rawValue)
        return counts.sorted { a, b in
            (-a.value, order.firstIndex(of: a.key) ?? 0) < (-b.value, order.firstIndex(of: b.key) ?? 0)
        }.map { WithheldWarnings(category: $0.key, count: $0.value, visibleTo: sensitiveReaders) }
    }
}
