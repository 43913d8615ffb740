import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// What came of the follow-ups (issue 25 item 6, 诊改的闭环): for the warnings first acted on in
/// a semester, and those opened in it that nobody acted on, how each stood at the end of the next
/// semester (or today, if that is earlier), by category, rule and the first measure taken.
public struct RiskOutcomes: Codable, Sendable, Hashable {
    public let semester: String
    public let semesterName: String
    /// The day the outcomes are read on: the end of the next semester, or today.
    public let asOf: LocalDate
    public let rows: [Row]

    public struct Row: Codable, Sendable, Hashable {
        public let category: String
        public let rule: String
        public let ruleName: String
        /// The first measure (谈心谈话, 学业帮扶 …), 仅确认 or 直接解除, or 无人跟进.
        public let action: String
        public let warnings: Int
        public let closedByEvidence: Int
        public let resolved: Int
        public let stillOpen: Int
        public let escalated: Int
        public let reopened: Int
        public let left: Int
        /// Days from the warning to its first action, the median (nil: nobody acted).
        public let medianDaysToAction: Int?
    }

    /// How one warning stood at ``asOf``, the first that applies.
    public enum Outcome: String, CaseIterable, Sendable {
        case left = "学生离校"
        case reopened = "再次预警"
        case closedByEvidence = "条件消除"
        case resolved = "人工解除"
        case escalated = "升级未结束"
        case stillOpen = "仍未结束"
    }

    public static let nobodyActed = "无人跟进"

    /// For a report that leaves the counselors' hands, in six columns that fit a phone: the
    /// outcomes in one cell ("条件消除 3、仍未结束 1"); 心理 and 理财 in one line per category (no
    /// rule, no measure), and any count of 1 or 2 in them shown as "<3" — small numbers point at
    /// people.
    public var forCirculation: [[String]] {
        func outcomes(_ counts: [(Outcome, Int)], _ shown: (Int) -> String) -> String {
            let said = counts.filter { $0.1 > 0 }.map { "\($0.0.rawValue) \(shown($0.1))" }
            return said.isEmpty ? "—" : said.joined(separator: "、")
        }
        func counts(_ rows: [Row]) -> [(Outcome, Int)] {
            let sum = { (value: (Row) -> Int) in rows.reduce(0) { $0 + value($1) } }
            return [(.closedByEvidence, sum(\.closedByEvidence)), (.resolved, sum(\.resolved)), (.stillOpen, sum(\.stillOpen)),
                    (.escalated, sum(\.escalated)), (.reopened, sum(\.reopened)), (.left, sum(\.left))]
        }
        var lines: [[String]] = []
        for category in WarningCategory.allCases {
            let rows = rows.filter { $0.category == category.rawValue }
            guard !rows.isEmpty else { continue }
            if category.isSensitive {
                let masked = { (count: Int) in count < 3 ? "<3" : String(count) }
                lines.append([category.rawValue, "（各规则合计）", "—", masked(rows.reduce(0) { $0 + $1.warnings }),
                              outcomes(counts(rows), masked), "—"])
            } else {
                lines += rows.map { row in
                    [row.category, row.ruleName, row.action, String(row.warnings), outcomes(counts([row]), String.init),
                     row.medianDaysToAction.map(String.init) ?? "—"]
                }
            }
        }
        return lines
    }

    /// The columns of ``forCirculation``.
    public static let headers = ["类别", "规则", "首次措施", "预警数", "结果", "跟进天数"]
}

extension CardApp {
    /// The outcomes of the warnings `principal` may count (a 心理 or 理财 warning the admin and
    /// 学工办 count but do not read is counted too: nothing here names a student).
    ///
    /// - Parameter semester: the semester the warnings were acted on (default: the one before the
    ///   current one, so that the current one is the "next").
    /// - Parameter only: one class's warnings (its students' and its own), for the class report.
    public func riskOutcomes(semester: String?, by principal: Principal, only: ClassID? = nil) throws -> RiskOutcomes {
        try refusalsAudited(principal, "risks outcomes", subject: [only?.rawValue, semester].compactMap { $0 }.joined(separator: " ")) {
            guard principal.student == nil else { throw AppError.forbidden("跟进成效只对教职工开放") }
            let book = try ruleBook()
            return try database.read { session in
                let calendar = try session.calendar()
                let chosen = try outcomeSemester(semester, calendar: calendar)
                let next = calendar.semesters.first { $0.start > chosen.end }
                let asOf = min(next?.end ?? chosen.end, clock.today())
                var reach = ReachCache(session: session)
                var classes = principal.isAdmin ? nil : try reach.reached(by: principal)
                if let only { classes = (classes ?? [only]).filter { $0 == only } }
                let everything = try session.allWarnings(activeOnly: false, classes: classes)
                let events = try session.allWarningEvents()
                let reopenedOn = Dictionary(everything.compactMap { item in item.warning.previous.map { ($0, item.warning.openedOn) } },
                                            uniquingKeysWith: min)
                var groups: [String: (key: (WarningCategory, String, String), outcomes: [RiskOutcomes.Outcome], days: [Int])] = [:]
                var ends: [StudentID: LocalDate?] = [:]
                for (warning, schoolClass, name) in everything where !warning.isNoData {
                    switch try reading(warning, schoolClass: schoolClass, name: name, book: book, reader: principal, reach: &reach, history: []) {
                    case .unreached: continue
                    case .readable, .withheld: break
                    }
                    let history = (events[warning.id] ?? []).filter { Self.day(of: $0.at) <= asOf }
                    let actions = history.filter { ["ack", "note", "resolve"].contains($0.kind) }
                    let firstAction = actions.first.map { Self.day(of: $0.at) }
                    if let firstAction {
                        guard chosen.start <= firstAction && firstAction <= chosen.end else { continue }
                    } else {
                        guard chosen.start <= warning.openedOn && warning.openedOn <= chosen.end else { continue }
                    }
                    if case .student(let id) = warning.subject, ends[id] == nil { ends[id] = try session.studentEnd(id)?.day }
                    let left: Bool = if case .student(let id) = warning.subject, let end = ends[id] ?? nil { end <= asOf } else { false }
                    let outcome: RiskOutcomes.Outcome =
                        if left { .left }
                        else if let again = reopenedOn[warning.id], again <= asOf { .reopened }
                        else if history.contains(where: { $0.kind == "closed" }) { .closedByEvidence }
                        else if history.contains(where: { $0.kind == "resolve" }) { .resolved }
                        else if history.contains(where: { $0.kind == "escalated" && Self.day(of: $0.at) >= (firstAction ?? warning.openedOn) }) {
                            .escalated
                        } else { .stillOpen }
                    let action = Self.measure(actions)
                    let key = "\(warning.category.rawValue)|\(warning.rule)|\(action)"
                    var group = groups[key] ?? ((warning.category, warning.rule, action), [], [])
                    group.outcomes.append(outcome)
                    if let firstAction { group.days.append(warning.openedOn.days(until: firstAction)) }
                    groups[key] = group
                }
                let order = WarningCategory.allCases
                let rows = groups.values.sorted {
                    (order.firstIndex(of: $0.key.0) ?? 0, $0.key.1, $0.key.2 == RiskOutcomes.nobodyActed ? 1 : 0, $0.key.2)
                        < (order.firstIndex(of: $1.key.0) ?? 0, $1.key.1, $1.key.2 == RiskOutcomes.nobodyActed ? 1 : 0, $1.key.2)
                }.map { group in
                    let count = { (outcome: RiskOutcomes.Outcome) in group.outcomes.filter { $0 == outcome }.count }
                    let days = group.days.sorted()
                    return RiskOutcomes.Row(
                        category: group.key.0.rawValue, rule: group.key.1,
                        ruleName: book.risks.first { $0.id == group.key.1 }?.name ?? Self.manualRuleName(group.key.1),
                        action: group.key.2, warnings: group.outcomes.count, closedByEvidence: count(.closedByEvidence),
                        resolved: count(.resolved), stillOpen: count(.stillOpen), escalated: count(.escalated), reopened: count(.reopened),
                        left: count(.left), medianDaysToAction: days.isEmpty ? nil : days[days.count / 2])
                }
                return RiskOutcomes(semester: chosen.id.rawValue, semesterName: chosen.chineseName, asOf: asOf, rows: rows)
            }
        }
    }

    private func outcomeSemester(_ text: String?, calendar: SchoolCalendar) throws -> Semester {
        if let text {
            guard let semester = calendar.semester(SemesterID(rawValue: text)) else { throw AppError.unknownSemester(text) }
            return semester
        }
        let today = clock.today()
        if let previous = calendar.semesters.last(where: { $0.end < today }) { return previous }
        guard let first = calendar.semesters.first else { throw AppError.noCalendar }
        return first
    }

    /// The first measure taken: the first follow-up note's kind, else 仅确认 or 直接解除.
    static func measure(_ actions: [Warning.Event]) -> String {
        if let note = actions.first(where: { $0.kind == "note" }) {
            return String(note.detail.prefix { $0 != "：" })
        }
        if actions.contains(where: { $0.kind == "resolve" }) && !actions.contains(where: { $0.kind == "ack" }) { return "直接解除" }
        return actions.isEmpty ? RiskOutcomes.nobodyActed : "仅确认"
    }

    static func day(of timestamp: String) -> LocalDate {
        LocalDate(String(timestamp.prefix(10))) ?? LocalDate(dayNumber: 0)
    }

    static func manualRuleName(_ rule: String) -> String {
        rule.hasPrefix("manual.") ? "手动预警（\(rule.dropFirst("manual.".count))）" : rule
    }
}
