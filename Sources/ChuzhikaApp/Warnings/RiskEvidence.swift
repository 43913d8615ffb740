import ChuzhikaCore
import ChuzhikaStore

/// What the risk rules weigh for a group of students — their live records of the points the
/// indicators use, their course results, their standing in the special-group register — read in
/// three queries, whether the group is one class or the whole college.
struct RiskEvidence {
    let records: LiveValueTable
    let results: [StudentID: [CourseResult]]
    let groups: [StudentID: Set<String>]

    /// The points whose records the indicators weigh.
    static let points = [
        "academic.full_attendance", "personal.violations", "personal.peer_evaluation", "personal.counseling",
        "career.certificate", "personal.psych_screening", "personal.psych_critical_item", "career.onjob_internship",
        "career.shadow_internship",
    ].map(PointID.init(rawValue:))

    /// What the class rules weigh: members' violations and results.
    static let classPoints = [PointID(rawValue: "personal.violations")]

    /// - Parameters:
    ///   - semesters: the semesters whose records count (today's and those before it).
    ///   - students: nil for every student of the college (one pass over each table).
    ///   - points: the points to read (``classPoints`` for class rules alone).
    ///   - register: whether to read the special-group register (class rules do not weigh it).
    ///   - knownResults: results already read, by student (an entry, even empty, for each student
    ///     read): only the other students' are read.
    init(
        session: CardSession, semesters: [SemesterID], students: [StudentID]?, points: [PointID] = Self.points, register: Bool = true,
        knownResults: [StudentID: [CourseResult]] = [:]
    ) throws {
        records = try session.liveValues(points: points, semesters: semesters, students: students)
        let unread = students.map { $0.filter { knownResults[$0] == nil } }
        let read = unread?.isEmpty == true ? [:] : Dictionary(grouping: try session.results(ofStudents: unread), by: \.student)
        results = knownResults.merging(read) { known, _ in known }
        groups = register
            ? Dictionary(grouping: try session.groupStandings(students: students), by: \.student).mapValues { Set($0.map(\.group)) } : [:]
    }
}
