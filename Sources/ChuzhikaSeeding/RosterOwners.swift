import ChuzhikaApp
import ChuzhikaCore

/// Who owns what in a generated roster: the staff member of each role for a class, a course in a
/// class, a department or a major. Generated records are attributed through it, so that they
/// pass the same owner checks as a teacher's input.
struct RosterOwners {
    private let staffByRole: [String: StaffID]
    private let departments: [MajorID: DepartmentID]
    /// Each class's first course other than 思政 (C001) and 创新创业 (C002).
    let majorCourses: [ClassID: CourseID]

    init(_ roster: Roster) {
        var map: [String: StaffID] = [:]
        var courses: [ClassID: CourseID] = [:]
        for a in roster.assignments {
            switch a.reach {
            case .schoolClass(let c): map["\(a.role.rawValue)|\(c.rawValue)"] = a.staff
            case .course(let course, let c):
                map["course|\(course.rawValue)|\(c.rawValue)"] = a.staff
                if courses[c] == nil, !["C001", "C002"].contains(course.rawValue) { courses[c] = course }
            case .department(let d): map["\(a.role.rawValue)|\(d.rawValue)"] = a.staff
            case .major(let m): map["\(a.role.rawValue)|\(m.rawValue)"] = a.staff
            }
        }
        staffByRole = map
        majorCourses = courses
        departments = Dictionary(roster.majors.map { ($0.id, $0.department) }, uniquingKeysWith: { a, _ in a })
    }

    /// The owner of `role` for a class: its 班主任, 辅导员, 体育老师; its department's 学工办; its
    /// major's 教研室. `StaffID("?")` when nobody holds it (the record is then refused, as it should).
    func staff(_ role: OwnerRole, for c: SchoolClass) -> StaffID {
        let key: String
        switch role {
        case .studentAffairs: key = departments[c.major]?.rawValue ?? ""
        case .teachingOffice: key = c.major.rawValue
        default: key = c.id.rawValue
        }
        return staffByRole["\(role.rawValue)|\(key)"] ?? StaffID(rawValue: "?")
    }

    /// The teacher of a course in a class.
    func teacher(_ course: CourseID, in c: ClassID) -> StaffID? { staffByRole["course|\(course.rawValue)|\(c.rawValue)"] }
}
