import ChuzhikaCore
import ChuzhikaRules

/// Who may record what: pure, given a staff member's assignments and the subject's class.
public enum AccessPolicy {
    /// The assignments through which `assignments` lets their holder record `point` for a class.
    ///
    /// A 班主任/辅导员/体育老师 holds their classes, a 任课教师 the classes they teach,
    /// 学工办 the classes of their department, 教研室 the classes of their major.
    /// A 任课教师 point tied to courses (`courses:` in the rules) is granted only through an
    /// assignment to a course whose name contains one of them.
    public static func grants(
        _ assignments: [Assignment], point: ScoringPoint, schoolClass: SchoolClass, department: DepartmentID?,
        courseName: (CourseID) -> String? = { _ in nil }
    ) -> [Assignment] {
        assignments.filter {
            point.owners.contains($0.role) && $0.covers(schoolClass, department: department) && teaches(point, $0, courseName)
        }
    }

    static func teaches(_ point: ScoringPoint, _ assignment: Assignment, _ courseName: (CourseID) -> String?) -> Bool {
        guard !point.courses.isEmpty, case .course(let course, _) = assignment.reach else { return true }
        let name = courseName(course) ?? course.rawValue
        return point.courses.contains { name.contains($0) }
    }
}
