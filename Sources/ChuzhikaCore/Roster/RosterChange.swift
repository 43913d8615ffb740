/// What a roster sheet can hold: the admin's five kinds of roster rows.
public enum RosterKind: String, CaseIterable, Codable, Sendable {
    case classes, courses, staff, assignments, students

    public var chineseName: String {
        switch self {
        case .classes: "班级"
        case .courses: "课程"
        case .staff: "教职工"
        case .assignments: "任职"
        case .students: "学生"
        }
    }
}

/// One change to the roster, planned from a sheet row (or a seed) and applied in one transaction.
///
/// Nobody is ever deleted: a student who leaves is *ended* with a date (their card stays), a
/// student who changes class is *moved* with a date, a teacher's assignment is ended with a date.
public enum RosterOperation: Hashable, Codable, Sendable {
    case addDepartment(Department)
    case addMajor(Major)
    case addClass(SchoolClass)
    case renameClass(ClassID, name: String)
    case addCourse(Course)
    case renameCourse(CourseID, name: String)
    case addStudent(Student, on: LocalDate)
    case renameStudent(StudentID, name: String)
    case moveStudent(StudentID, from: ClassID, to: ClassID, on: LocalDate)
    case endStudent(StudentID, on: LocalDate, reason: String)
    case reinstateStudent(StudentID, on: LocalDate)
    case addStaff(Staff, on: LocalDate)
    case updateStaff(Staff)
    case endStaff(StaffID, on: LocalDate)
    case reinstateStaff(StaffID, on: LocalDate)
    case addAssignment(Assignment, on: LocalDate)
    case endAssignment(Assignment, on: LocalDate)
}

/// A planned roster change with the sheet line it came from and its words for people.
public struct RosterChange: Hashable, Codable, Sendable {
    public enum Action: String, Codable, Sendable {
        case added, changed, moved, ended, reinstated

        public var chineseName: String {
            switch self {
            case .added: "新增"
            case .changed: "修改"
            case .moved: "调班"
            case .ended: "结束"
            case .reinstated: "恢复"
            }
        }
    }

    public let operation: RosterOperation
    public let kind: RosterKind
    public let action: Action
    /// The code of who or what changes: a 学号, a 工号, a class or course code.
    public let code: String
    public let name: String
    /// `班级 WL2401 → RJ2401`, `离校（2026-01-15）`.
    public let detail: String
    public let line: Int

    public init(
        _ operation: RosterOperation, kind: RosterKind, action: Action, code: String, name: String, detail: String,
        line: Int
    ) {
        self.operation = operation
        self.kind = kind
        self.action = action
        self.code = code
        self.name = name
        self.detail = detail
        self.line = line
    }
}

/// A member of the roster as it stands, with the day it ended (left, resigned) if it did.
public struct RosterStanding<Member: Hashable & Sendable>: Hashable, Sendable {
    public let member: Member
    public let endedOn: LocalDate?

    public init(_ member: Member, endedOn: LocalDate? = nil) {
        self.member = member
        self.endedOn = endedOn
    }

    /// Whether the member is still current on `day`.
    public func isCurrent(on day: LocalDate) -> Bool { endedOn.map { day < $0 } ?? true }
}

/// The whole roster as the database holds it now, for planning a sheet against it.
public struct RosterState: Sendable {
    public var departments: [DepartmentID: Department] = [:]
    public var majors: [MajorID: Major] = [:]
    public var classes: [ClassID: SchoolClass] = [:]
    public var courses: [CourseID: Course] = [:]
    public var students: [StudentID: RosterStanding<Student>] = [:]
    public var staff: [StaffID: RosterStanding<Staff>] = [:]
    /// Assignments still in force.
    public var assignments: Set<Assignment> = []

    public init() {}
}

extension RosterState {
    /// The current members as a plain roster (ended students and staff left out), in code order.
    public func roster(on day: LocalDate) -> Roster {
        Roster(
            departments: departments.values.sorted { $0.id.rawValue < $1.id.rawValue },
            majors: majors.values.sorted { $0.id.rawValue < $1.id.rawValue },
            classes: classes.values.sorted { $0.id.rawValue < $1.id.rawValue },
            students: students.values.filter { $0.isCurrent(on: day) }.map(\.member).sorted { $0.id.rawValue < $1.id.rawValue },
            courses: courses.values.sorted { $0.id.rawValue < $1.id.rawValue },
            staff: staff.values.filter { $0.isCurrent(on: day) }.map(\.member).sorted { $0.id.rawValue < $1.id.rawValue },
            // Each assignment described once, not twice per comparison (a college has thousands).
            assignments: assignments.map { ("\($0)", $0) }.sorted { $0.0 < $1.0 }.map(\.1))
    }
}
