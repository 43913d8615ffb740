import ChuzhikaCore

/// What `czk risks evaluate` found: how well the warning rules, replayed scan by scan up to the
/// end of a semester, pick out a past cohort's dropouts (退学) and spare its graduates (毕业).
///
/// A student counts as flagged when any individual (student) warning would be open at the end
/// of ``semester`` — what `czk risks` lists then; class warnings are not counted.
public struct RiskEvaluation: Hashable, Codable, Sendable {
    /// One row: everyone, a category, a rule, or one level of a rule.
    public struct Line: Hashable, Codable, Sendable {
        /// 全部, 类别, 规则 or 等级.
        public let kind: String
        /// The rule's id (empty for 全部 and 类别).
        public let rule: String
        /// 任一预警, the category, or the rule's name.
        public let name: String
        /// 红, 橙 or 黄 for a level row (the highest level each open warning reached).
        public let level: String?
        public let score: BacktestScore
    }

    /// What one threshold of the swept rule gives.
    public struct SweepLine: Hashable, Codable, Sendable {
        public let threshold: Double
        public let isCurrent: Bool
        /// The swept rule alone (any level).
        public let rule: BacktestScore
        /// Any warning, with the swept rule at this threshold and every other rule as it is.
        public let overall: BacktestScore
    }

    public struct Sweep: Hashable, Codable, Sendable {
        public let rule: String
        public let ruleName: String
        public let indicator: String
        public let indicatorName: String
        /// `share_failed >= …`.
        public let comparison: String
        public let current: Double
        public let lines: [SweepLine]
    }

    /// The semester evaluated (`2014-2015-2`) and its Chinese name.
    public let semester: String
    public let semesterName: String
    /// The scans replayed: one at the end of each semester up to ``semester`` (today for the
    /// current one).
    public let scanDays: [LocalDate]
    /// 数据库中的规则（版本 …） or the folder given with `--rules`.
    public let rules: String
    public let file: String
    public let dropouts: Int
    public let graduates: Int
    public let enrolled: Int
    /// Where the lead time's first warning comes from, in words.
    public let leadTimeSource: String
    public let lines: [Line]
    public let sweep: Sweep?
}
