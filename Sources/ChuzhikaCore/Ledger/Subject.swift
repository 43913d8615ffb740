/// Who a record is about: one student, or one 班级 for class points.
public enum Subject: Hashable, Codable, Sendable, CustomStringConvertible {
    case student(StudentID)
    case schoolClass(ClassID)

    public var scope: Scope {
        switch self {
        case .student: .individual
        case .schoolClass: .class
        }
    }

    /// The code as the user typed it.
    public var code: String {
        switch self {
        case .student(let id): id.rawValue
        case .schoolClass(let id): id.rawValue
        }
    }

    public var description: String { code }
}
