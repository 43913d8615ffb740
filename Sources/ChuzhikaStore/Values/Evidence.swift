import ChuzhikaCore

/// Students' live values of a few points over a few semesters, read in one pass: the evidence
/// the risk rules weigh, for one student after a write or for the whole college in a scan.
public struct LiveValueTable: Sendable {
    public let points: [PointID]
    public let semesters: [SemesterID]
    var students: [StudentID: StudentEvidence] = [:]

    public init(points: [PointID], semesters: [SemesterID]) {
        self.points = points
        self.semesters = semesters
    }

    /// One student's evidence (none recorded: empty).
    public func evidence(of student: StudentID) -> StudentEvidence {
        students[student] ?? StudentEvidence(points: points, semesters: semesters)
    }

    /// Sets one student's live records, in any order: they are kept in the order recorded.
    public mutating func set(_ student: StudentID, _ entries: [StudentEvidence.Entry]) {
        var evidence = StudentEvidence(points: points, semesters: semesters)
        evidence.entries = entries.sorted { $0.id < $1.id }
        students[student] = evidence
    }
}

/// One student's live values of the table's points, by point and semester.
public struct StudentEvidence: Sendable {
    /// One live record: its point and semester by their index in the table's points and semesters.
    public struct Entry: Sendable {
        let point: Int
        let semester: Int
        let id: Int64
        let value: Double

        public init(point: Int, semester: Int, id: Int64, value: Double) {
            self.point = point
            self.semester = semester
            self.id = id
            self.value = value
        }
    }

    let points: [PointID]
    let semesters: [SemesterID]
    /// In the order recorded.
    var entries: [Entry] = []

    /// The numbers of the live records of one point credited to one semester, in the order recorded.
    public func numbers(_ point: PointID, _ semester: SemesterID) -> [Double] {
        guard let p = points.firstIndex(of: point), let s = semesters.firstIndex(of: semester) else { return [] }
        return entries.compactMap { $0.point == p && $0.semester == s ? $0.value : nil }
    }
}
