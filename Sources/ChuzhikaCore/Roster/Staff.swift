/// A member of staff. What they may record follows from their ``Assignment``s.
public struct Staff: Hashable, Codable, Sendable {
    public let id: StaffID
    public let name: String
    /// Keeps the roster, calendar and rules; an admin is not an owner of any 采分点 by being one.
    public let isAdmin: Bool

    public init(id: StaffID, name: String, isAdmin: Bool = false) {
        self.id = id
        self.name = name
        self.isAdmin = isAdmin
    }
}

/// One role a staff member holds, and over whom.
///
/// 班主任, 辅导员 and 体育老师 hold classes; a 任课教师 holds a course in a class;
/// 学工办 holds a department; 教研室 holds a major.
public struct Assignment: Hashable, Codable, Sendable {
    public enum Reach: Hashable, Codable, Sendable {
        case schoolClass(ClassID)
        case course(CourseID, in: ClassID)
        case department(DepartmentID)
        case major(MajorID)
    }

    public let staff: StaffID
    public let role: OwnerRole
    public let reach: Reach

    public init(staff: StaffID, role: OwnerRole, reach: Reach) {
        self.staff = staff
        self.role = role
        self.reach = reach
    }

    /// Whether this assignment covers a class (and so its students).
    public func covers(_ schoolClass: SchoolClass, department: DepartmentID?) -> Bool {
        switch reach {
        case .schoolClass(let id): id == schoolClass.id
        case .course(_, let id): id == schoolClass.id
        case .department(let id): department == id
        case .major(let id): id == schoolClass.major
        }
    }
}
