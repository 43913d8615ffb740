/// A 预警 category: what kind of risk.
public enum WarningCategory: String, CaseIterable, Codable, Sendable {
    case academic = "学业"
    case psychological = "心理"
    case employment = "就业"
    case discipline = "违纪"
    case finance = "理财"

    /// Psychological and financial warnings are sensitive: never shown to the student, and only
    /// to the student's counselors among staff.
    public var isSensitive: Bool { self == .psychological || self == .finance }
}

/// A 预警 level, 黄 < 橙 < 红.
public enum WarningLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case yellow = "黄"
    case orange = "橙"
    case red = "红"

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Where a warning stands: open → acknowledged → in follow-up → resolved, or closed when the
/// condition no longer holds.
public enum WarningStatus: String, CaseIterable, Codable, Sendable {
    case open, acknowledged, followUp, resolved, closed

    public var chineseName: String {
        switch self {
        case .open: "待处理"
        case .acknowledged: "已确认"
        case .followUp: "跟进中"
        case .resolved: "已解决"
        case .closed: "已消除"
        }
    }

    public var isActive: Bool { self == .open || self == .acknowledged || self == .followUp }
}
