import ChuzhikaCore
import GRDB

/// Students' live values of a few points over a few semesters, read in one pass: the evidence
/// the risk rules weigh, for one student after a write or for the whole college in a scan.
public struct LiveValueTable: Sendable {
    struct Key: Hashable {
        let student: StudentID
        let point: PointID
        let semester: SemesterID
    }

    private var values: [Key: [(id: Int64, value: Double)]] = [:]

    /// The numbers of a student's live records of one point credited to one semester, in the order recorded.
    public func numbers(_ student: StudentID, _ point: PointID, _ semester: SemesterID) -> [Double] {
        values[Key(student: student, point: point, semester: semester)]?.map(\.value) ?? []
    }

    mutating func append(_ key: Key, id: Int64, value: Double) { values[key, default: []].append((id, value)) }

    /// Each list in the order recorded, whatever order the index gave.
    mutating func sort() {
        for key in values.keys where !values[key]!.isSorted(by: { $0.id < $1.id }) { values[key]!.sort { $0.id < $1.id } }
    }
}

extension Array {
    fileprivate func isSorted(by before: (Element, Element) -> Bool) -> Bool {
        zip(self, dropFirst()).allSatisfy { before($0, $1) }
    }
}

extension CardSession {
    /// How many students one evidence query names at most (SQLite binds each as a parameter).
    public static let evidenceChunk = 500

    /// The live values of `points` credited to `semesters` for `students` (nil: every student),
    /// in one query: per student, through `record_account`; for everyone, through `record_due`.
    public func liveValues(points: [PointID], semesters: [SemesterID], students: [StudentID]?) throws -> LiveValueTable {
        var table = LiveValueTable()
        let pointIDs = try points.compactMap { point in try existingRowID(point).map { ($0, point) } }
        guard !pointIDs.isEmpty, !semesters.isEmpty, students?.isEmpty != true else { return table }
        let byRowID = Dictionary(uniqueKeysWithValues: pointIDs)
        var arguments = StatementArguments(pointIDs.map(\.0)) + StatementArguments(semesters.map(\.rawValue))
        var only = ""
        if let students {
            only = " AND r.subjectId IN (SELECT id FROM student WHERE code IN (\(Self.placeholders(students.count))))"
            arguments += StatementArguments(students.map(\.rawValue))
        }
        let statement = try db.cachedStatement(sql: """
            SELECT s.code, r.scoringPointId, r.semesterId, r.id, r.valueNumber
            FROM record r JOIN student s ON s.id = r.subjectId
            WHERE r.subjectKind = 0 AND r.isSuperseded = 0 AND r.scoringPointId IN (\(Self.placeholders(pointIDs.count)))
              AND r.semesterId IN (\(Self.placeholders(semesters.count)))\(only)
            """)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        var semesterIDs: [String: SemesterID] = [:]
        while let row = try cursor.next() {
            let semesterText: String = row[2]
            let semester = semesterIDs[semesterText] ?? SemesterID(rawValue: semesterText)
            semesterIDs[semesterText] = semester
            guard let point = byRowID[row[1]] else { continue }
            table.append(.init(student: StudentID(rawValue: row[0]), point: point, semester: semester), id: row[3], value: row[4])
        }
        table.sort()
        return table
    }

    /// Every result of these students (nil: every student), in import order.
    public func results(ofStudents students: [StudentID]?) throws -> [CourseResult] {
        let only = students.map { " WHERE s.code IN (\(Self.placeholders($0.count)))" } ?? ""
        return try rows(
            db.cachedStatement(sql: "SELECT r.*, s.code AS studentCode FROM courseResult r JOIN student s ON s.id = r.studentId\(only) ORDER BY r.id"),
            arguments: StatementArguments((students ?? []).map(\.rawValue)), Self.courseResult
        ).compactMap { $0 }
    }

    /// The warnings of these students (nil: every student's), newest first (every episode).
    public func warnings(ofStudents students: [StudentID]?) throws -> [Warning] {
        let only = students.map { " AND s.code IN (\(Self.placeholders($0.count)))" } ?? ""
        return try rows(
            db.cachedStatement(sql: Self.warningSQL + " WHERE w.studentId IS NOT NULL\(only) ORDER BY w.id DESC"),
            arguments: StatementArguments((students ?? []).map(\.rawValue)), Self.warning)
    }

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ",") }
}
