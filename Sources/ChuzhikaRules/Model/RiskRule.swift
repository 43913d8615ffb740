import ChuzhikaCore

/// A risk rule (预警规则) declared in `ScoringRules/risks.yaml`: when its condition holds for a
/// student, a warning of its category and level is raised to the roles it names.
public struct RiskRule: Hashable, Sendable {
    /// What an indicator with no data in the window means for this rule.
    public enum Missing: String, Hashable, Sendable {
        /// No warning: the rule does not apply.
        case ignore
        /// The rule raises a 黄 "no data" warning to the roles told: someone should have recorded it.
        case notice
        /// Missing data counts as the condition holding at the lowest level.
        case warn
    }

    public struct Level: Hashable, Sendable {
        public let level: WarningLevel
        public let condition: Expression
        public let text: String

        public init(level: WarningLevel, condition: Expression, text: String) {
            self.level = level
            self.condition = condition
            self.text = text
        }
    }

    public let id: String
    public let name: String
    /// A student's risk, or a class's (违纪学生比率 …), told to the class's 班主任 and 学工办.
    public let scope: Scope
    public let category: WarningCategory
    /// Highest first: the first whose condition holds gives the level.
    public let levels: [Level]
    /// The indicators shown as evidence, with their values.
    public let evidence: [String]
    public let notify: [OwnerRole]
    public let advice: String
    public let missing: Missing
    public let overdueDays: Int
    public let source: String
    public let location: SourceLocation

    public init(
        id: String, name: String, scope: Scope = .individual, category: WarningCategory, levels: [Level], evidence: [String], notify: [OwnerRole],
        advice: String, missing: Missing, overdueDays: Int, source: String, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.scope = scope
        self.category = category
        self.levels = levels.sorted { $0.level > $1.level }
        self.evidence = evidence
        self.notify = notify
        self.advice = advice
        self.missing = missing
        self.overdueDays = overdueDays
        self.source = source
        self.location = location
    }

    /// What a set of rules says, without where it was written: two sets with the same meaning
    /// raise the same warnings.
    public static func meaning(of rules: [RiskRule]) -> [String] {
        rules.map { rule in
            ([rule.id, rule.name, rule.scope.rawValue, rule.category.rawValue, rule.advice, rule.missing.rawValue, "\(rule.overdueDays)"]
                + rule.levels.map { "\($0.level.rawValue):\($0.text)" } + rule.evidence + rule.notify.map(\.rawValue))
                .joined(separator: "\u{1F}")
        }.sorted()
    }

    /// Every indicator its conditions read.
    public var indicators: Set<String> { levels.reduce(into: Set(evidence)) { $0.formUnion($1.condition.names) } }
}

/// The indicators risk rules may read, per student, with their Chinese names.
public enum RiskIndicators {
    public static let catalogue: [(name: String, chinese: String)] = [
        ("failed_credits", "本学期挂科学分"), ("cumulative_failed_credits", "累计挂科学分"), ("share_failed", "本学期挂科学分比例"),
        ("courses_taken", "本学期修读门数"), ("courses_passed", "本学期通过门数"), ("mark_average", "本学期加权平均分"),
        ("mark_average_previous", "上学期加权平均分"), ("absence_rate", "本学期缺勤率(%)"), ("violations", "本学期违纪次数"),
        ("violations_total", "入学以来违纪次数"), ("peer_evaluation", "本学期同学互评"),
        ("peer_evaluation_previous", "上学期同学互评"), ("counseling", "本学期心理辅导次数"),
        ("counseling_previous", "上学期心理辅导次数"), ("certificate", "职业资格证书等级(0 无)"),
        ("graduating", "毕业学年(1 是)"), ("fees_owed", "在学费欠缴名册(1 是)"), ("hardship", "在经济困难名册(1 是)"),
        ("aided", "在已获资助名册(1 是)"), ("psych_screening", "心理普查总分(UPI)"),
        ("psych_critical", "心理普查关键条目阳性(1 是)"), ("internship_mark", "最近一次实习成绩"),
        ("psych_watch", "在心理关注名册(1 是)"), ("job_difficulty", "在就业困难名册(1 是)"),
    ]

    /// The indicators class rules may read, per class and semester.
    public static let classCatalogue: [(name: String, chinese: String)] = [
        ("class_size", "班级人数"), ("violation_student_rate", "本学期违纪学生比率(%)"),
        ("fail_student_rate", "本学期学业未合格学生比率(%)"),
    ]

    public static let names = Set(catalogue.map(\.name))

    public static func names(for scope: Scope) -> Set<String> {
        scope == .individual ? names : Set(classCatalogue.map(\.name))
    }

    public static func chinese(_ name: String) -> String {
        (catalogue + classCatalogue).first { $0.name == name }?.chinese ?? name
    }

    /// An indicator with its value as evidence: `累计挂科学分 12`, `在学费欠缴名册：是`.
    public static func display(_ name: String, _ value: Double?) -> String {
        let label = chinese(name)
        if label.hasSuffix("(1 是)"), let flag = label.split(separator: "(").first {
            return value.map { "\(flag)：\($0 == 1 ? "是" : "否")" } ?? "\(flag)：无数据"
        }
        return "\(label) \(value.map { RecordValue.format(($0 * 10).rounded() / 10) } ?? "无数据")"
    }
}
