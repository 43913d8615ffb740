import ChuzhikaCore

/// The roster: departments, majors, classes, students, staff, courses and who teaches what,
/// with its dated changes.
public protocol RosterSession: AnyObject {
    func insert(_ roster: Roster) throws
    func student(_ id: StudentID) throws -> Student?
    /// The class's students on `day` (nil: everyone ever in it), in 学号 order.
    func students(in schoolClass: ClassID, on day: LocalDate?) throws -> [Student]
    /// Every student on `day` (nil: everyone), in 学号 order.
    func allStudents(on day: LocalDate?) throws -> [Student]
    /// When and why a student left (graduated, withdrew …), or nil while enrolled.
    func studentEnd(_ id: StudentID) throws -> (day: LocalDate, reason: String)?
    /// Many students at once, each with when and why they left (nil while enrolled): a sheet's
    /// students in a few statements, not two round trips each. Codes not on the roster are absent.
    func studentsWithEnds(_ ids: [StudentID]) throws -> [StudentID: (student: Student, end: (day: LocalDate, reason: String)?)]
    func staffEnd(_ id: StaffID) throws -> LocalDate?
    func schoolClass(_ id: ClassID) throws -> SchoolClass?
    func classes() throws -> [SchoolClass]
    func departments() throws -> [Department]
    func majors() throws -> [Major]
    func department(ofMajor major: MajorID) throws -> DepartmentID?
    func major(_ id: MajorID) throws -> Major?
    func staff(_ id: StaffID) throws -> Staff?
    func allStaff() throws -> [Staff]
    func course(_ id: CourseID) throws -> Course?
    /// A person's assignments on `day` (nil: all ever held).
    func assignments(of staff: StaffID, on day: LocalDate?) throws -> [Assignment]
    func allAssignments() throws -> [Assignment]
    func rosterCounts() throws -> (students: Int, classes: Int, staff: Int)
    /// Applies dated roster changes in one go (a failed change leaves nothing of the batch).
    func apply(_ changes: [RosterChange], source: String, by person: String, at time: String) throws
    /// The roster as it stands, with every dated change, for the policy and the scorers.
    func rosterState() throws -> RosterState
    /// Every 调班 in the trail, in the order they were made: who was where before.
    func classMoves() throws -> [ClassMove]
}

extension RosterSession {
    public func students(in schoolClass: ClassID) throws -> [Student] { try students(in: schoolClass, on: nil) }
    public func allStudents() throws -> [Student] { try allStudents(on: nil) }
    public func assignments(of staff: StaffID) throws -> [Assignment] { try assignments(of: staff, on: nil) }
}
