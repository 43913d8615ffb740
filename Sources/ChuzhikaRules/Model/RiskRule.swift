import ChuzhikaCore

/// A risk rule (预警规则) declared in `ScoringRules/risks.yaml`: when its condition holds for a
/// student, a warning of its category and level is raised to the roles it names.
public struct RiskRule: Hashable, Sendable {
    /// What an indicator with no data in the window means for this rule.
    public enum Missing: String, Hashable, Sendable {
        /// No warning: the rule cannot say (an open warning stays open).
        case ignore
        /// As `ignore` for the student; and whoever must record the data is told by one
        /// missing-data item per class and point (`czk due`, the class card), never a warning.
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

/// An indicator risk rules may read: its name in `when`, its Chinese name, its unit and the
/// values it can take (`czk rules list --indicators`; `czk rules check` warns about a threshold
/// outside them). Every rate is a percentage, 0–100.
public struct RiskIndicator: Hashable, Sendable {
    public let name: String
    public let chinese: String
    /// 学分, 门, 分, 次, %, 是否 (0/1), 级.
    public let unit: String
    public let range: ClosedRange<Double>?

    public init(_ name: String, _ chinese: String, unit: String, range: ClosedRange<Double>?) {
        self.name = name
        self.chinese = chinese
        self.unit = unit
        self.range = range
    }

    static func flag(_ name: String, _ chinese: String) -> Self { Self(name, chinese, unit: "是否", range: 0...1) }
    static func percent(_ name: String, _ chinese: String) -> Self { Self(name, chinese, unit: "%", range: 0...100) }
    static func count(_ name: String, _ chinese: String, _ unit: String) -> Self { Self(name, chinese, unit: unit, range: 0...Double.infinity) }
    static func mark(_ name: String, _ chinese: String) -> Self { Self(name, chinese, unit: "分", range: 0...100) }
}

/// The indicators risk rules may read, per student, with their Chinese names.
public enum RiskIndicators {
    public static let catalogue: [RiskIndicator] = [
        .count("failed_credits", "本学期未通过学分", "学分"), .count("credits_taken", "本学期修读学分", "学分"),
        .percent("share_failed", "本学期未通过学分比例(%)"),
        .percent("credits_share_of_class", "本学期已录成绩学分占同班中位数(%)"),
        .count("cumulative_failed_credits", "入学以来未通过学分", "学分"),
        .percent("cumulative_share_failed", "入学以来未通过学分比例(%)"),
        .count("courses_taken", "本学期修读门数", "门"), .count("courses_passed", "本学期通过门数", "门"),
        .count("courses_taken_total", "入学以来修读门数", "门"),
        .mark("mark_average", "本学期加权平均分"), .mark("mark_average_previous", "上学期加权平均分"),
        .percent("absence_rate", "本学期缺勤率(%)"), .count("violations", "本学期违纪次数", "次"),
        .count("violations_total", "入学以来违纪次数", "次"), .mark("peer_evaluation", "本学期同学互评"),
        .mark("peer_evaluation_previous", "上学期同学互评"), .count("counseling", "本学期心理辅导次数", "次"),
        .count("counseling_previous", "上学期心理辅导次数", "次"), RiskIndicator("certificate", "职业资格证书等级(0 无)", unit: "级", range: 0...3),
        .flag("graduating", "毕业学年(1 是)"), .flag("fees_owed", "在学费欠缴名册(1 是)"), .flag("hardship", "在经济困难名册(1 是)"),
        .flag("aided", "在已获资助名册(1 是)"), RiskIndicator("psych_screening", "心理普查总分(UPI)", unit: "分", range: 0...64),
        .flag("psych_critical", "心理普查关键条目阳性(1 是)"), .mark("internship_mark", "最近一次实习成绩"),
        .flag("psych_watch", "在心理关注名册(1 是)"), .flag("job_difficulty", "在就业困难名册(1 是)"),
    ]

    /// The indicators class rules may read, per class and semester.
    public static let classCatalogue: [RiskIndicator] = [
        .count("class_size", "班级人数", "人"), .percent("violation_student_rate", "本学期违纪学生比率(%)"),
        .percent("fail_student_rate", "本学期学业未合格学生比率(%)"),
    ]

    public static func indicator(_ name: String) -> RiskIndicator? { (catalogue + classCatalogue).first { $0.name == name } }

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
