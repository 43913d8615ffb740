/// Whether a 采分点 scores one student (个体) or a whole 班级 (集体).
public enum Scope: String, CaseIterable, Codable, Sendable {
    case individual
    case `class`

    /// 个体 or 集体.
    public var chineseName: String {
        switch self {
        case .individual: "个体"
        case .class: "集体"
        }
    }

    /// Reads a scope from its code name or its Chinese name (个体/集体/班级).
    public init?(name: String) {
        switch name {
        case "individual", "个体", "学生个体": self = .individual
        case "class", "集体", "班级", "学生集体": self = .class
        default: return nil
        }
    }
}
