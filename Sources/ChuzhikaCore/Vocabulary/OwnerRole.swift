/// A 采分主体: the role that may record a 采分点.
public enum OwnerRole: String, CaseIterable, Codable, Sendable {
    case headTeacher
    case courseTeacher
    case counselor
    case studentAffairs
    case teachingOffice
    case peTeacher

    /// The Chinese name of the role as table 15 writes it.
    public var chineseName: String {
        switch self {
        case .headTeacher: "班主任"
        case .courseTeacher: "任课教师"
        case .counselor: "辅导员"
        case .studentAffairs: "学工办"
        case .teachingOffice: "教研室"
        case .peTeacher: "体育老师"
        }
    }

    /// Reads a role from its code name or a Chinese spelling (任课老师 is the same role as 任课教师).
    public init?(name: String) {
        if let role = OwnerRole(rawValue: name) {
            self = role
            return
        }
        switch name {
        case "班主任": self = .headTeacher
        case "任课教师", "任课老师": self = .courseTeacher
        case "辅导员": self = .counselor
        case "学工办", "团总支（学工办）": self = .studentAffairs
        case "教研室": self = .teachingOffice
        case "体育老师", "体育教师": self = .peTeacher
        default: return nil
        }
    }
}
