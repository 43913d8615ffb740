/// Everyone and everything the school has: the admin's roster, loaded from seeds or sheets.
public struct Roster: Hashable, Codable, Sendable {
    public var departments: [Department]
    public var majors: [Major]
    public var classes: [SchoolClass]
    public var students: [Student]
    public var courses: [Course]
    public var staff: [Staff]
    public var assignments: [Assignment]

    public init(
        departments: [Department] = [], majors: [Major] = [], classes: [SchoolClass] = [],
        students: [Student] = [], courses: [Course] = [], staff: [Staff] = [],
        assignments: [Assignment] = []
    ) {
        self.departments = departments
        self.majors = majors
        self.classes = classes
        self.students = students
        self.courses = courses
        self.staff = staff
        self.assignments = assignments
    }
}
