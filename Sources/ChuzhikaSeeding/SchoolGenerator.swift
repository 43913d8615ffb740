import ChuzhikaApp
import ChuzhikaCore

/// Generates a whole school of any size, shaped like the demo college, for benchmarks.
///
/// Departments of 5 majors, classes of `classSize` students over two cohorts; every owner role
/// is staffed the way the demo is (a 班主任 per class, a 辅导员 per 4 classes, 学工办 per
/// department, 教研室 per major, 体育老师 and the 思政/创新创业 teachers per 10 classes, a major
/// course teacher per 4 classes). Deterministic.
public enum SchoolGenerator {
    public static func roster(students: Int, classSize: Int = 40) -> Roster {
        var roster = Roster()
        let classCount = max(1, (students + classSize - 1) / classSize)
        let majorCount = max(1, classCount / 12)
        let departmentCount = max(1, (majorCount + 4) / 5)
        roster.departments = (1...departmentCount).map { Department(id: DepartmentID(rawValue: "D\($0)"), name: "第\($0)系") }
        roster.majors = (1...majorCount).map {
            Major(id: MajorID(rawValue: "M\($0)"), name: "专业\($0)", department: DepartmentID(rawValue: "D\(($0 - 1) / 5 + 1)"))
        }
        roster.courses = [Course(id: CourseID(rawValue: "C001"), name: "思想道德与法治"), Course(id: CourseID(rawValue: "C002"), name: "创新创业基础")]
            + (1...majorCount).map { Course(id: CourseID(rawValue: "C1\($0)"), name: "专业核心课\($0)") }
        var staff: [Staff] = [Staff(id: StaffID(rawValue: "A001"), name: "管理员", isAdmin: true)]
        func hire(_ code: String, _ role: OwnerRole, _ reach: Assignment.Reach) {
            if !staff.contains(where: { $0.id.rawValue == code }) { staff.append(Staff(id: StaffID(rawValue: code), name: "教师\(code)")) }
            roster.assignments.append(Assignment(staff: StaffID(rawValue: code), role: role, reach: reach))
        }
        for d in roster.departments { hire("X-\(d.id.rawValue)", .studentAffairs, .department(d.id)) }
        for m in roster.majors { hire("Y-\(m.id.rawValue)", .teachingOffice, .major(m.id)) }
        for index in 0..<classCount {
            let major = roster.majors[index % majorCount]
            let cohort = index % 2 == 0 ? 2024 : 2025
            let id = ClassID(rawValue: "B\(cohort % 100)\(String(format: "%04d", index))")
            roster.classes.append(SchoolClass(id: id, name: "\(major.name)\(cohort % 100)级\(index)班", major: major.id,
                                              cohort: Cohort(enrollmentYear: cohort)))
            hire("H\(index)", .headTeacher, .schoolClass(id))
            hire("F\(index / 4)", .counselor, .schoolClass(id))
            hire("P\(index / 10)", .peTeacher, .schoolClass(id))
            hire("K1-\(index / 10)", .courseTeacher, .course(CourseID(rawValue: "C001"), in: id))
            hire("K2-\(index / 10)", .courseTeacher, .course(CourseID(rawValue: "C002"), in: id))
            hire("KM-\(index / 4)", .courseTeacher, .course(CourseID(rawValue: "C1\(index % majorCount + 1)"), in: id))
            let size = min(classSize, students - index * classSize)
            for n in 0..<size {
                roster.students.append(Student(id: StudentID(rawValue: "\(cohort)\(String(format: "%05d", index))\(String(format: "%02d", n))"),
                                               name: "学生\(index)-\(n)", schoolClass: id))
            }
        }
        roster.staff = staff
        return roster
    }
}
