import ChuzhikaCore

/// Where a class point's value comes from: recorded by its owner, or derived from members' records.
///
/// A recorded value for a derivable point overrides the derivation, as an explicit,
/// attributed record (product decision 9).
public enum ClassSource: Hashable, Sendable {
    case recorded
    case derived(Derivation)

    public var chineseName: String {
        switch self {
        case .recorded: "由采分主体录入"
        case .derived(let d): "由成员记录计算：\(d.chineseName)"
        }
    }
}

/// How a class value is computed from its members' records of one individual point in the period.
public struct Derivation: Hashable, Sendable {
    public enum Aggregate: String, CaseIterable, Sendable {
        /// The mean over members of each member's mean value (a rate for 是/否 points, ×100).
        case average
        /// The sum of all members' values.
        case sum
        /// The share (%) of members whose values satisfy `where`.
        case ratio

        public var chineseName: String {
            switch self {
            case .average: "成员平均"
            case .sum: "成员合计"
            case .ratio: "满足条件的比率"
            }
        }
    }

    public let aggregate: Aggregate
    public let of: PointID
    /// For `ratio`: the condition on a member's `value` (their period mean, or sum for counts).
    public let condition: Expression?
    public let conditionSource: String?

    public init(aggregate: Aggregate, of: PointID, condition: Expression? = nil, conditionSource: String? = nil) {
        self.aggregate = aggregate
        self.of = of
        self.condition = condition
        self.conditionSource = conditionSource
    }

    public var chineseName: String {
        "\(of.rawValue) 的\(aggregate.chineseName)" + (conditionSource.map { "（\($0)）" } ?? "")
    }
}
