/// Who is acting: a staff member (with their assignments) or a student, logged in.
///
/// When an admin acts for someone (`--as`), the principal is that person and ``actingAdmin``
/// names the admin, so that every write and read is attributed as "admin X as Y".
public struct Principal: Hashable, Sendable {
    public enum Person: Hashable, Sendable {
        case staff(Staff)
        case student(Student)
    }

    public let person: Person
    /// What a staff member is assigned today; empty for a student.
    public let assignments: [Assignment]
    public let actingAdmin: StaffID?
    /// A college system calling the integration API with its token: not on the roster, its
    /// assignments are those its token grants (``assignments``), never read from the database.
    public let isSystem: Bool

    public init(_ person: Person, assignments: [Assignment] = [], actingAdmin: StaffID? = nil, isSystem: Bool = false) {
        self.person = person
        self.assignments = assignments
        self.actingAdmin = actingAdmin
        self.isSystem = isSystem
    }

    /// The 学号 or 工号.
    public var code: String {
        switch person {
        case .staff(let s): s.id.rawValue
        case .student(let s): s.id.rawValue
        }
    }

    public var name: String {
        switch person {
        case .staff(let s): s.name
        case .student(let s): s.name
        }
    }

    public var staff: Staff? {
        if case .staff(let s) = person { return s }
        return nil
    }

    public var student: Student? {
        if case .student(let s) = person { return s }
        return nil
    }

    public var isAdmin: Bool { staff?.isAdmin ?? false }

    /// `王建国（T101）`: the person acting (acted for, when an admin uses `--as`).
    public var label: String { "\(name)（\(code)）" }

    /// Who the audit trail names: the person, and the admin acting for them.
    public var auditActor: String { actingAdmin.map { "\($0.rawValue) as \(code)" } ?? code }
}
