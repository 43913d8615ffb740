import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    /// Every current student's balance per semester and domain, for the given semesters, of the
    /// given classes (nil: every class). One aggregate over the ledger: reports read this once.
    public func memberBalances(classes: [ClassID]?, semesters: [SemesterID]) throws -> [MemberBalance] {
        guard !semesters.isEmpty, classes.map({ !$0.isEmpty }) ?? true else { return [] }
        let semesterMarks = semesters.map { _ in "?" }.joined(separator: ",")
        var arguments = SQLArguments(semesters.map(\.rawValue))
        var classFilter = ""
        if let classes {
            classFilter = "WHERE sc.code IN (\(classes.map { _ in "?" }.joined(separator: ",")))"
            arguments += SQLArguments(classes.map(\.rawValue))
        }
        let rows = try SQLRow.fetchAll(
            db,
            sql: """
                SELECT st.code AS student, sc.code AS class, l.semesterId, l.domain, SUM(l.points) AS total
                FROM schoolClass sc \(dialect.orderedJoin("student", as: "st", on: "st.schoolClassId = sc.id"))
                \(dialect.orderedJoin("ledgerEntry", as: "l", on: "l.subjectKind = 0 AND l.subjectId = st.id AND l.semesterId IN (\(semesterMarks))"))
                \(classFilter)
                GROUP BY st.id, st.code, sc.code, l.semesterId, l.domain
                """,
            arguments: arguments)
        return try rows.compactMap { row in
            guard let domain = Domain(rawValue: try row["domain"]) else { return nil }
            return MemberBalance(
                student: StudentID(rawValue: try row["student"]), schoolClass: ClassID(rawValue: try row["class"]),
                semester: SemesterID(rawValue: try row["semesterId"]), domain: domain, points: Points(hundredths: try row["total"]))
        }
    }

    /// Each current member's balance per point in one semester: what a class averages per point.
    public func memberPointTotals(of schoolClass: ClassID, semester: SemesterID) throws -> [StudentID: [PointID: Points]] {
        let rows = try SQLRow.fetchAll(
            db,
            sql: """
                SELECT st.code AS student, p.code AS point, SUM(l.points) AS total
                FROM schoolClass sc \(dialect.orderedJoin("student", as: "st", on: "st.schoolClassId = sc.id"))
                \(dialect.orderedJoin("ledgerEntry", as: "l", on: "l.subjectKind = 0 AND l.subjectId = st.id AND l.semesterId = ?"))
                JOIN scoringPoint p ON p.id = l.scoringPointId
                WHERE sc.code = ? GROUP BY st.id, st.code, p.id, p.code
                """,
            arguments: [semester.rawValue, schoolClass.rawValue])
        var result: [StudentID: [PointID: Points]] = [:]
        for row in rows {
            result[StudentID(rawValue: try row["student"]), default: [:]][PointID(rawValue: try row["point"])] = Points(hundredths: try row["total"])
        }
        return result
    }

    /// Every student with their class; with `day`, only those who had not left by then.
    public func allStudents(on day: LocalDate?) throws -> [Student] {
        try rows(db, sql: """
            SELECT s.code, s.name, c.code AS classCode FROM student s JOIN schoolClass c ON c.id = s.schoolClassId
            WHERE (\(dialect.nullableText) IS NULL OR s.endedOn IS NULL OR s.endedOn > ?) ORDER BY s.code
            """, arguments: [day?.description, day?.description], Self.student)
    }

    /// Every department, by code.
    public func departments() throws -> [Department] {
        try rows(db, sql: "SELECT code, name FROM department ORDER BY code")
             { Department(id: DepartmentID(rawValue: try $0["code"]), name: try $0["name"]) }
    }

    /// Every major, by code.
    public func majors() throws -> [Major] {
        try rows(db, sql: """
            SELECT m.code, m.name, d.code AS dept FROM major m JOIN department d ON d.id = m.departmentId ORDER BY m.code
            """) { Major(id: MajorID(rawValue: try $0["code"]), name: try $0["name"], department: DepartmentID(rawValue: try $0["dept"])) }
    }

    /// For each (subject code, period key) of a point among the given keys, for one class (its
    /// students, or the class itself for a class point), that has records: when it was first
    /// recorded (superseded or not — a correction does not make a record late), and whether a
    /// live record stands. One query serves the due list and the reports.
    public func recordedPeriods(
        _ point: PointID, periodKeys: [String], scope: Scope, in schoolClass: ClassID, semester: SemesterID
    ) throws -> [String: RecordedPeriod] {
        guard !periodKeys.isEmpty, let pointID = try existingRowID(point) else { return [:] }
        // From the class to its members to their records (the record index leads with the
        // subject): a class's 40 students, not the whole school's records of the point.
        let subjects = scope == .individual
            ? "schoolClass c \(dialect.orderedJoin("student", as: "t", on: "t.schoolClassId = c.id"))"
            : "schoolClass c \(dialect.orderedJoin("schoolClass", as: "t", on: "t.id = c.id"))"
        let pairs = try rows(
            db,
            sql: """
                SELECT t.code, r.periodKey, MIN(r.recordedAt) AS first, MAX(CASE WHEN r.isSuperseded = 0 THEN 1 ELSE 0 END) AS live
                FROM \(subjects)
                \(dialect.orderedJoin("record", as: "r", on: """
                    r.subjectKind = ? AND r.subjectId = t.id AND r.semesterId = ? AND r.scoringPointId = ?
                      AND r.periodKey IN (\(periodKeys.map { _ in "?" }.joined(separator: ",")))
                    """))
                WHERE c.code = ?
                GROUP BY t.code, r.periodKey
                """,
            arguments: [scope == .individual ? 0 : 1, semester.rawValue, pointID] + SQLArguments(periodKeys) + [schoolClass.rawValue]
        ) { ("\(try $0["code"] as String)|\(try $0["periodKey"] as String)", RecordedPeriod(firstRecordedAt: try $0["first"], isLive: try $0["live"])) }
        return Dictionary(uniqueKeysWithValues: pairs)
    }
}

