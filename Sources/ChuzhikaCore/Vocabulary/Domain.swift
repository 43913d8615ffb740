/// A 学生发展领域 (student development domain): the three 科目 of the card.
///
/// 科目小计 (subtotal) is kept per domain; 总分汇总 (total) is their weighted sum.
public enum Domain: String, CaseIterable, Codable, Sendable, Comparable {
    case academic
    case personal
    case career

    /// The Chinese name users read: 学业发展, 个人发展, 职业发展.
    public var chineseName: String {
        switch self {
        case .academic: "学业发展"
        case .personal: "个人发展"
        case .career: "职业发展"
        }
    }

    /// Reads a domain from its code name or its Chinese name.
    public init?(name: String) {
        if let domain = Domain(rawValue: name) {
            self = domain
        } else if let domain = Domain.allCases.first(where: {
            $0.chineseName == name || $0.chineseName.prefix(2) == name
        }) {
            self = domain
        } else {
            return nil
        }
    }

    public static func < (lhs: Domain, rhs: Domain) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .academic: 0
        case .personal: 1
        case .career: 2
        }
    }
}
