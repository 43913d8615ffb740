import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    /// How many students one evidence query names at most (each is bound as a parameter).
    public var evidenceChunk: Int { 500 }

    /// The live values of `points` credited to `semesters` for `students` (nil: every student),
    /// in one query.
    public func liveValues(points: [PointID], semesters: [SemesterID], students: [StudentID]?) throws -> LiveValueTable {
        var table = LiveValueTable(points: points, semesters: semesters)
        let pointIDs = try points.enumerated().compactMap { index, point in try existingRowID(point).map { ($0, index) } }
        guard !pointIDs.isEmpty, !semesters.isEmpty, students?.isEmpty != true else { return table }
        let pointIndex = Dictionary(uniqueKeysWithValues: pointIDs)
        var arguments = SQLArguments(pointIDs.map(\.0)) + SQLArguments(semesters.map(\.rawValue))
        var only = ""
        if let students {
            only = "\nWHERE s.code IN (\(Self.placeholders(students.count)))"
            arguments += SQLArguments(students.map(\.rawValue))
        }
        // The ordered join (SQLite's CROSS JOIN, a LATERAL subquery on PostgreSQL) fixes the order: each student, then their records
        // through record_account, one seek per (semester, point) — a cost in students × semesters × points, whatever the
        // size of the record table. Left to itself the planner walked every student record
        // through record_live (a year of a college, 46 M records: 5.3 s; this way 0.46 s).
        let statement = try db.cachedStatement(sql: """
            SELECT s.id, s.code, r.scoringPointId, r.semesterId, r.id, r.valueNumber
            FROM student s \(dialect.orderedJoin("record", as: "r", on: """
                r.subjectKind = 0 AND r.subjectId = s.id AND r.isSuperseded = 0
                  AND r.scoringPointId IN (\(Self.placeholders(pointIDs.count))) AND r.semesterId IN (\(Self.placeholders(semesters.count)))
                """))\(only)
            """)
        // Grouped by the student's row id (an integer to hash); the code decoded once per student.
        var byRowID: [Int64: [StudentEvidence.Entry]] = [:]
        var codes: [Int64: StudentID] = [:]
        try db.query(statement.sql, arguments.values) { row in
            let subject: Int64 = try row[0]
            if codes[subject] == nil { codes[subject] = StudentID(rawValue: try row[1]) }
            let semesterText: String = try row[3]
            guard let point = pointIndex[try row[2]], let semester = semesters.firstIndex(where: { $0.rawValue == semesterText }) else { return }
            byRowID[subject, default: []].append(.init(point: point, semester: semester, id: try row[4], value: try row[5]))
        }
        for (rowID, entries) in byRowID { table.set(codes[rowID]!, entries) }
        return table
    }

    /// Every result of these students (nil: every student), in import order.
    public func results(ofStudents students: [StudentID]?) throws -> [CourseResult] {
        let only = students.map { " WHERE s.code IN (\(Self.placeholders($0.count)))" } ?? ""
        return try rows(
            db.cachedStatement(sql: "SELECT r.*, s.code AS studentCode FROM courseResult r JOIN student s ON s.id = r.studentId\(only) ORDER BY r.id"),
            arguments: SQLArguments((students ?? []).map(\.rawValue)), Self.courseResult
        ).compactMap { $0 }
    }

    /// The warnings of these students (nil: every student's), newest first (every episode).
    public func warnings(ofStudents students: [StudentID]?) throws -> [Warning] {
        let only = students.map { " AND s.code IN (\(Self.placeholders($0.count)))" } ?? ""
        return try rows(
            db.cachedStatement(sql: Self.warningSQL + " WHERE w.studentId IS NOT NULL\(only) ORDER BY w.id DESC"),
            arguments: SQLArguments((students ?? []).map(\.rawValue)), Self.warning)
    }

    /// The warnings of these classes (nil: every class's), newest first (every episode).
    public func warnings(ofClasses classes: [ClassID]?) throws -> [Warning] {
        let only = classes.map { " AND c.code IN (\(Self.placeholders($0.count)))" } ?? ""
        return try rows(
            db.cachedStatement(sql: Self.warningSQL + " WHERE w.schoolClassId IS NOT NULL\(only) ORDER BY w.id DESC"),
            arguments: SQLArguments((classes ?? []).map(\.rawValue)), Self.warning)
    }

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ",") }
}
