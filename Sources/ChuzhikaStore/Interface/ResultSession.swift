import ChuzhikaCore

/// Course results (成绩) and the special-group registers (困难、资助、关注 …).
public protocol ResultSession: AnyObject {
    /// Adds results, each with where it came from (`file:line`), a few hundred a statement.
    func insert(_ results: [(result: CourseResult, source: String)], by person: String, at time: String) throws
    func results(of student: StudentID) throws -> [CourseResult]
    func appendGroupEvent(
        _ student: StudentID, group: String, isAdd: Bool, reason: String, on day: LocalDate, by person: String, at time: String
    ) throws
    /// The registers as they stand, for these students (nil: everyone).
    func groupStandings(students: [StudentID]?) throws -> [GroupStanding]
}

extension ResultSession {
    public func insert(_ result: CourseResult, by person: String, at time: String, source: String) throws {
        try insert([(result, source)], by: person, at: time)
    }

    public func groupStandings() throws -> [GroupStanding] { try groupStandings(students: nil) }
}
