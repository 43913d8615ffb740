import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    // MARK: - Course results

    public func insert(_ results: [(result: CourseResult, source: String)], by person: String, at time: String) throws {
        try insertRows(
            into: "courseResult",
            ["studentId", "course", "credits", "gradeText", "gradeMark", "sitting", "semesterId", "importedBy", "importedAt", "source"],
            results
        ) { result, source in
            [try rowID(.student(result.student)), result.course, result.credits, result.grade.text,
             result.grade.mark, result.sitting.rawValue, result.semester.rawValue, person, time, source]
        }
    }

    /// Every result of a student, in import order.
    public func results(of student: StudentID) throws -> [CourseResult] {
        try SQLRow.fetchAll(db, sql: """
            SELECT r.*, s.code AS studentCode FROM courseResult r JOIN student s ON s.id = r.studentId WHERE s.code = ? ORDER BY r.id
            """, arguments: [student.rawValue]).compactMap(Self.courseResult)
    }

    static func courseResult(_ row: SQLRow) throws -> CourseResult? {
        guard let sitting = CourseResult.Sitting(rawValue: try row["sitting"]) else { return nil }
        let mark: Double? = row["gradeMark"]
        return CourseResult(
            student: StudentID(rawValue: try row["studentCode"]), course: try row["course"], credits: try row["credits"],
            grade: try try mark.map { .mark($0) } ?? .label(try row["gradeText"]), sitting: sitting,
            semester: SemesterID(rawValue: try row["semesterId"]))
    }

    // MARK: - Special-group register

    public func appendGroupEvent(
        _ student: StudentID, group: String, isAdd: Bool, reason: String, on day: LocalDate, by person: String, at time: String
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO groupEvent(studentId, groupName, action, reason, effectiveOn, changedBy, changedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [try rowID(.student(student)), group, isAdd ? "add" : "end", reason, day.description, person, time])
    }

    /// The groups each student is in now: their latest event for a group is an add.
    public func groupStandings(students: [StudentID]?) throws -> [GroupStanding] {
        // For a few students (a write's re-evaluation), read only their events.
        let few = students.flatMap { $0.count <= 100 ? $0 : nil }
        let only = few.map { " AND s.code IN (\(Array(repeating: "?", count: $0.count).joined(separator: ",")))" } ?? ""
        let rows = try SQLRow.fetchAll(db, sql: """
            SELECT s.code, e.groupName, e.action, e.reason, e.effectiveOn, e.changedBy
            FROM groupEvent e JOIN student s ON s.id = e.studentId
            WHERE \(few == nil ? "e.id IN (SELECT MAX(id) FROM groupEvent GROUP BY studentId, groupName)"
                : "e.id = (SELECT MAX(g.id) FROM groupEvent g WHERE g.studentId = e.studentId AND g.groupName = e.groupName)")\(only)
            ORDER BY s.code, e.groupName
            """, arguments: SQLArguments((few ?? []).map(\.rawValue)))
        let wanted = students.map(Set.init)
        return try rows.compactMap { row -> GroupStanding? in
            let code = StudentID(rawValue: try row["code"])
            guard try row["action"] as String == "add", wanted?.contains(code) ?? true,
                let since = LocalDate(try row["effectiveOn"] as String)
            else { return nil }
            return GroupStanding(student: code, group: try row["groupName"], reason: try row["reason"], since: since, addedBy: try row["changedBy"])
        }
    }
}
