import ChuzhikaCore
import ChuzhikaStore

/// What a write, an import, a scan or a rule change did to warnings, counted by rule and level.
///
/// An import can open thousands of warnings; people read this table (规则, 等级, 新预警, 升级,
/// 消除), and the per-student changes stay in the report for `--verbose` and `--json`. The
/// changes a reader may not read (心理 and 理财 ones, for all but the student's 辅导员) are
/// counted by category in ``withheld``, never by rule.
public struct WarningChangeSummary: Hashable, Codable, Sendable {
    /// The changes of one rule at one level.
    public struct Row: Hashable, Codable, Sendable {
        public let rule: String
        public let ruleName: String
        public let category: String
        /// The level the change left the warning at (a closed warning: the level it had).
        public let level: String
        /// 新预警 and 再次预警 (a new episode).
        public internal(set) var opened: Int = 0
        public internal(set) var escalated: Int = 0
        public internal(set) var closed: Int = 0
    }

    /// By rule id, then level 黄 → 红.
    public let rows: [Row]
    /// The changes left out of the report, by category, largest first.
    public let withheld: [WithheldWarnings]

    public var opened: Int { rows.reduce(0) { $0 + $1.opened } }
    public var escalated: Int { rows.reduce(0) { $0 + $1.escalated } }
    public var closed: Int { rows.reduce(0) { $0 + $1.closed } }
    /// Nothing changed that the reader may read or count.
    public var isEmpty: Bool { rows.isEmpty && withheld.allSatisfy { $0.count == 0 } }

    /// Counts `changes` (each once, under its rule and level).
    public init(_ changes: [WarningChange], withheld: [WithheldWarnings] = []) {
        var rows: [String: Row] = [:]
        for change in changes {
            let key = "\(change.rule)|\(change.level.rawValue)"
            var row = rows[key] ?? Row(rule: change.rule, ruleName: change.ruleName, category: change.category.rawValue,
                                       level: change.level.rawValue)
            switch change.change {
            case WarningChange.escalated: row.escalated += 1
            case WarningChange.closed: row.closed += 1
            default: row.opened += 1  // 新预警, 再次预警
            }
            rows[key] = row
        }
        let rank = { (level: String) in WarningLevel.allCases.firstIndex { $0.rawValue == level } ?? 0 }
        self.rows = rows.values.sorted { ($0.rule, rank($0.level)) < ($1.rule, rank($1.level)) }
        self.withheld = withheld
    }
}

/// The warning changes of a write or a scan that the reader may read, and their summary.
public struct WarningChangeReport: Hashable, Codable, Sendable {
    /// Every change the reader may read, by student and rule.
    public let changes: [WarningChange]
    public let summary: WarningChangeSummary

    public init(changes: [WarningChange], summary: WarningChangeSummary) {
        self.changes = changes
        self.summary = summary
    }
}

extension WarningChange {
    /// The words of ``change``.
    public static let opened = "新预警", reopened = "再次预警", escalated = "升级", closed = "消除"
}

extension CardApp {
    /// The changes `principal` may be told of, and a summary that counts besides, by category,
    /// the 心理 and 理财 ones the admin and 学工办 may only count.
    func told(_ changes: [WarningChange], to principal: Principal) throws -> (changes: [WarningChange], summary: WarningChangeSummary) {
        let shown = try visible(changes, to: principal)
        let mayCount = principal.isAdmin || principal.assignments.contains { $0.role == .studentAffairs }
        guard mayCount, shown.count < changes.count else { return (shown, WarningChangeSummary(shown)) }
        var counts: [String: Int] = [:]
        for change in changes where change.category.isSensitive { counts[change.category.rawValue, default: 0] += 1 }
        for change in shown where change.category.isSensitive { counts[change.category.rawValue, default: 0] -= 1 }
        counts = counts.filter { $0.value > 0 }
        return (shown, WarningChangeSummary(shown, withheld: Self.withheld(counts)))
    }
}
