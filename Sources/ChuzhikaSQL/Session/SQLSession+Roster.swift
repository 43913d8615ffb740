import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    // MARK: - Writes

    /// Adds a whole roster. Codes must be new; a clash fails the whole transaction.
    public func insert(_ roster: Roster) throws {
        var departments: [DepartmentID: Int64] = [:]
        var majors: [MajorID: Int64] = [:]
        var classes: [ClassID: Int64] = [:]
        for d in roster.departments {
            departments[d.id] = try insertReturningID(
                sql: "INSERT INTO department(code, name) VALUES (?, ?)", arguments: [d.id.rawValue, d.name])
        }
        for m in roster.majors {
            guard let dept = departments[m.department] else { throw StoreError.unknown(kind: "系部", code: m.department.rawValue) }
            majors[m.id] = try insertReturningID(
                sql: "INSERT INTO major(code, name, departmentId) VALUES (?, ?, ?)", arguments: [m.id.rawValue, m.name, dept])
        }
        for c in roster.classes {
            guard let major = majors[c.major] else { throw StoreError.unknown(kind: "专业", code: c.major.rawValue) }
            classes[c.id] = try insertReturningID(
                sql: "INSERT INTO schoolClass(code, name, majorId, cohort, programYears) VALUES (?, ?, ?, ?, ?)",
                arguments: [c.id.rawValue, c.name, major, c.cohort.enrollmentYear, c.cohort.programYears])
        }
        try insertRows(into: "student", ["code", "name", "schoolClassId"], roster.students) { s in
            guard let c = classes[s.schoolClass] else { throw StoreError.unknown(kind: "班级", code: s.schoolClass.rawValue) }
            return [s.id.rawValue, s.name, c]
        }
        for c in roster.courses {
            try db.execute(sql: "INSERT INTO course(code, name) VALUES (?, ?)", arguments: [c.id.rawValue, c.name])
        }
        for s in roster.staff {
            try db.execute(sql: "INSERT INTO staff(code, name, isAdmin) VALUES (?, ?, ?)", arguments: [s.id.rawValue, s.name, s.isAdmin])
        }
        for a in roster.assignments { try insert(a, startedOn: nil) }
    }

    // MARK: - Reads

    /// (Keeps the student's row id, which the card's reads that follow ask for.)
    public func student(_ id: StudentID) throws -> Student? {
        try row(db, sql: """
            SELECT s.code, s.name, c.code AS classCode, s.id FROM student s JOIN schoolClass c ON c.id = s.schoolClassId
            WHERE s.code = ?
            """, arguments: [id.rawValue]) { row in
            let student = try Self.student(row)
            subjectIDs[.student(student.id)] = try row["id"] as Int64
            return student
        }
    }

    public func studentsWithEnds(_ ids: [StudentID]) throws -> [StudentID: (student: Student, end: (day: LocalDate, reason: String)?)] {
        var found: [StudentID: (student: Student, end: (day: LocalDate, reason: String)?)] = [:]
        let codes = Array(Set(ids.map(\.rawValue))).sorted()
        for range in dialect.chunks(codes.count, columns: 1, cap: evidenceChunk) {
            let chunk = Array(codes[range])
            _ = try rows(db, sql: """
                SELECT s.code, s.name, c.code AS classCode, s.id, s.endedOn, s.endReason FROM student s
                JOIN schoolClass c ON c.id = s.schoolClassId WHERE s.code IN (\(Self.placeholders(chunk.count)))
                """, arguments: SQLArguments(chunk)) { row in
                let student = try Self.student(row)
                subjectIDs[.student(student.id)] = try row["id"] as Int64
                found[student.id] = (student, try Self.end(row))
            }
        }
        return found
    }

    /// The class's members; with `day`, only those who had not left by then.
    public func students(in schoolClass: ClassID, on day: LocalDate?) throws -> [Student] {
        try rows(db, sql: """
            SELECT s.code, s.name, c.code AS classCode FROM student s JOIN schoolClass c ON c.id = s.schoolClassId
            WHERE c.code = ? AND (\(dialect.nullableText) IS NULL OR s.endedOn IS NULL OR s.endedOn > ?) ORDER BY s.code
            """, arguments: [schoolClass.rawValue, day?.description, day?.description], Self.student)
    }

    /// The day a student left (离校, 毕业 …) and why, or nil while they are enrolled.
    public func studentEnd(_ id: StudentID) throws -> (day: LocalDate, reason: String)? {
        guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT endedOn, endReason FROM student WHERE code = ?"), arguments: [id.rawValue])
        else { return nil }
        return try Self.end(row)
    }

    /// A student row's `endedOn` and `endReason`: when and why they left, nil while enrolled.
    static func end(_ row: SQLRow) throws -> (day: LocalDate, reason: String)? {
        guard let day = (row["endedOn"] as String?).flatMap(LocalDate.init) else { return nil }
        return (day, row["endReason"] ?? "")
    }

    /// The day a staff member left, or nil while they are on the staff. Their row id comes
    /// with it (a record they write next names it).
    public func staffEnd(_ id: StaffID) throws -> LocalDate? {
        guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT id, endedOn FROM staff WHERE code = ?"), arguments: [id.rawValue])
        else { return nil }
        staffIDs[id] = try row[0] as Int64
        return (try row[1] as String?).flatMap(LocalDate.init)
    }

    public func schoolClass(_ id: ClassID) throws -> SchoolClass? {
        try row(db, sql: Self.classSQL + " WHERE c.code = ?", arguments: [id.rawValue], schoolClass)
    }

    public func classes() throws -> [SchoolClass] {
        try rows(db, sql: Self.classSQL + " ORDER BY c.code", schoolClass)
    }

    public func department(ofMajor major: MajorID) throws -> DepartmentID? {
        if let known = departmentOfMajor[major] { return known }
        return try String.fetchOne(db, sql: """
            SELECT d.code FROM major m JOIN department d ON d.id = m.departmentId WHERE m.code = ?
            """, arguments: [major.rawValue]).map(DepartmentID.init(rawValue:))
    }

    public func major(_ id: MajorID) throws -> Major? {
        try row(db, sql: """
            SELECT m.code, m.name, d.code AS dept FROM major m JOIN department d ON d.id = m.departmentId WHERE m.code = ?
            """, arguments: [id.rawValue]) { Major(id: MajorID(rawValue: try $0["code"]), name: try $0["name"], department: DepartmentID(rawValue: try $0["dept"])) }
    }

    public func staff(_ id: StaffID) throws -> Staff? {
        try row(db, sql: "SELECT code, name, isAdmin FROM staff WHERE code = ?", arguments: [id.rawValue])
             { Staff(id: StaffID(rawValue: try $0["code"]), name: try $0["name"], isAdmin: try $0["isAdmin"]) }
    }

    public func allStaff() throws -> [Staff] {
        try rows(db, sql: "SELECT code, name, isAdmin FROM staff ORDER BY code")
             { Staff(id: StaffID(rawValue: try $0["code"]), name: try $0["name"], isAdmin: try $0["isAdmin"]) }
    }

    public func course(_ id: CourseID) throws -> Course? {
        try row(db, sql: "SELECT code, name FROM course WHERE code = ?", arguments: [id.rawValue])
             { Course(id: CourseID(rawValue: try $0["code"]), name: try $0["name"]) }
    }

    /// What a staff member is assigned on `day` (default: every assignment not ended).
    public func assignments(of staff: StaffID, on day: LocalDate?) throws -> [Assignment] {
        try assignments(where: "s.code = ? AND (a.endedOn IS NULL OR a.endedOn > ?)",
                        [staff.rawValue, day?.description ?? "9999-12-31"])
    }

    /// Every assignment not ended.
    public func allAssignments() throws -> [Assignment] {
        try assignments(where: "a.endedOn IS NULL", [])
    }

    private func assignments(where condition: String, _ arguments: SQLArguments) throws -> [Assignment] {
        try rows(db, sql: """
            SELECT s.code AS staffCode, a.role, c.code AS classCode, co.code AS courseCode, d.code AS deptCode,
              m.code AS majorCode
            FROM assignment a JOIN staff s ON s.id = a.staffId
            LEFT JOIN schoolClass c ON c.id = a.schoolClassId LEFT JOIN course co ON co.id = a.courseId
            LEFT JOIN department d ON d.id = a.departmentId LEFT JOIN major m ON m.id = a.majorId
            WHERE \(condition) ORDER BY a.id
            """, arguments: arguments) { row in
            guard let role = OwnerRole(rawValue: try row["role"]) else { return nil }
            let reach: Assignment.Reach
            if let course: String = row["courseCode"], let c: String = row["classCode"] {
                reach = .course(CourseID(rawValue: course), in: ClassID(rawValue: c))
            } else if let c: String = row["classCode"] {
                reach = .schoolClass(ClassID(rawValue: c))
            } else if let d: String = row["deptCode"] {
                reach = .department(DepartmentID(rawValue: d))
            } else if let m: String = row["majorCode"] {
                reach = .major(MajorID(rawValue: m))
            } else {
                return nil
            }
            return Assignment(staff: StaffID(rawValue: try row["staffCode"]), role: role, reach: reach)
        }.compactMap { $0 }
    }

    /// How many students, classes and staff the roster holds.
    public func rosterCounts() throws -> (students: Int, classes: Int, staff: Int) {
        let row = try SQLRow.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM student) AS s, (SELECT COUNT(*) FROM schoolClass) AS c, (SELECT COUNT(*) FROM staff) AS t
            """)
        return (row?["s"] ?? 0, row?["c"] ?? 0, row?["t"] ?? 0)
    }

    // MARK: - Mapping

    static let classSQL = """
        SELECT c.code, c.name, m.code AS majorCode, c.cohort, c.programYears, d.code AS deptCode
        FROM schoolClass c JOIN major m ON m.id = c.majorId JOIN department d ON d.id = m.departmentId
        """

    static func student(_ row: SQLRow) throws -> Student {
        Student(id: StudentID(rawValue: try row["code"]), name: try row["name"], schoolClass: ClassID(rawValue: try row["classCode"]))
    }

    /// A class row; its major's department is remembered for ``department(ofMajor:)`` (checking
    /// who may record for a class asks it next).
    func schoolClass(_ row: SQLRow) throws -> SchoolClass {
        let major = MajorID(rawValue: try row["majorCode"])
        departmentOfMajor[major] = DepartmentID(rawValue: try row["deptCode"])
        return SchoolClass(
            id: ClassID(rawValue: try row["code"]), name: try row["name"], major: major,
            cohort: Cohort(enrollmentYear: try row["cohort"], programYears: try row["programYears"]))
    }
}
