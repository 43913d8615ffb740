import ChuzhikaCore

/// What the risk rules weigh, read for many students at once (after a write, or in a scan).
public protocol EvidenceSession: AnyObject {
    /// How many students one evidence read should name at most.
    var evidenceChunk: Int { get }
    /// The live values of `points` credited to `semesters` for `students` (nil: every student).
    func liveValues(points: [PointID], semesters: [SemesterID], students: [StudentID]?) throws -> LiveValueTable
    /// Every result of these students (nil: every student), in import order.
    func results(ofStudents students: [StudentID]?) throws -> [CourseResult]
    /// The warnings of these students (nil: every student's), newest first (every episode).
    func warnings(ofStudents students: [StudentID]?) throws -> [Warning]
    /// The warnings of these classes (nil: every class's), newest first (every episode).
    func warnings(ofClasses classes: [ClassID]?) throws -> [Warning]
}
