import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    // MARK: - Writes

    /// Applies planned roster changes in order, each logged in the append-only `rosterChange` trail.
    ///
    /// Nothing is deleted: ending a student, a staff member or an assignment sets its end date.
    public func apply(_ changes: [RosterChange], source: String, by person: String, at time: String) throws {
        for change in changes {
            try apply(change.operation)
            try db.execute(
                sql: """
                    INSERT INTO rosterChange(kind, action, code, detail, source, changedBy, changedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [change.kind.rawValue, change.action.rawValue, change.code, change.detail,
                            "\(source):\(change.line)", person, time])
        }
    }

    private func apply(_ operation: RosterOperation) throws {
        switch operation {
        case .addDepartment(let d):
            try db.execute(sql: "INSERT INTO department(code, name) VALUES (?, ?)", arguments: [d.id.rawValue, d.name])
        case .addMajor(let m):
            let changed = try db.changes(
                sql: "INSERT INTO major(code, name, departmentId) SELECT ?, ?, id FROM department WHERE code = ?",
                arguments: [m.id.rawValue, m.name, m.department.rawValue])
            try expectOneChange(changed, kind: "系部", code: m.department.rawValue)
        case .addClass(let c):
            let changed = try db.changes(
                sql: """
                    INSERT INTO schoolClass(code, name, majorId, cohort, programYears)
                    SELECT ?, ?, id, ?, ? FROM major WHERE code = ?
                    """,
                arguments: [c.id.rawValue, c.name, c.cohort.enrollmentYear, c.cohort.programYears, c.major.rawValue])
            try expectOneChange(changed, kind: "专业", code: c.major.rawValue)
        case .renameClass(let id, let name):
            try db.execute(sql: "UPDATE schoolClass SET name = ? WHERE code = ?", arguments: [name, id.rawValue])
        case .addCourse(let c):
            try db.execute(sql: "INSERT INTO course(code, name) VALUES (?, ?)", arguments: [c.id.rawValue, c.name])
        case .renameCourse(let id, let name):
            try db.execute(sql: "UPDATE course SET name = ? WHERE code = ?", arguments: [name, id.rawValue])
        case .addStudent(let s, _):
            try db.execute(
                sql: "INSERT INTO student(code, name, schoolClassId) VALUES (?, ?, ?)",
                arguments: [s.id.rawValue, s.name, try rowID(.schoolClass(s.schoolClass))])
        case .renameStudent(let id, let name):
            try db.execute(sql: "UPDATE student SET name = ? WHERE code = ?", arguments: [name, id.rawValue])
        case .moveStudent(let id, _, let to, _):
            try db.execute(
                sql: "UPDATE student SET schoolClassId = ? WHERE code = ?",
                arguments: [try rowID(.schoolClass(to)), id.rawValue])
        case .endStudent(let id, let day, let reason):
            try db.execute(
                sql: "UPDATE student SET endedOn = ?, endReason = ? WHERE code = ?",
                arguments: [day.description, reason, id.rawValue])
        case .reinstateStudent(let id, _):
            try db.execute(sql: "UPDATE student SET endedOn = NULL, endReason = NULL WHERE code = ?", arguments: [id.rawValue])
        case .addStaff(let s, _):
            try db.execute(
                sql: "INSERT INTO staff(code, name, isAdmin) VALUES (?, ?, ?)", arguments: [s.id.rawValue, s.name, s.isAdmin])
        case .updateStaff(let s):
            try db.execute(
                sql: "UPDATE staff SET name = ?, isAdmin = ? WHERE code = ?", arguments: [s.name, s.isAdmin, s.id.rawValue])
        case .endStaff(let id, let day):
            try db.execute(sql: "UPDATE staff SET endedOn = ? WHERE code = ?", arguments: [day.description, id.rawValue])
        case .reinstateStaff(let id, _):
            try db.execute(sql: "UPDATE staff SET endedOn = NULL WHERE code = ?", arguments: [id.rawValue])
        case .addAssignment(let a, let day):
            try insert(a, startedOn: day)
        case .endAssignment(let a, let day):
            let (classID, courseID, departmentID, majorID) = try reachRowIDs(a.reach)
            let same = dialect.isSame
            try db.execute(
                sql: """
                    UPDATE assignment SET endedOn = ?
                    WHERE endedOn IS NULL AND staffId = ? AND role = ? AND schoolClassId \(same) ? AND courseId \(same) ?
                      AND departmentId \(same) ? AND majorId \(same) ?
                    """,
                arguments: [day.description, try rowID(a.staff), a.role.rawValue, classID, courseID, departmentID, majorID])
        }
    }

    /// Inserts an assignment in force from `startedOn`.
    func insert(_ a: Assignment, startedOn: LocalDate?) throws {
        let (classID, courseID, departmentID, majorID) = try reachRowIDs(a.reach)
        try db.execute(
            sql: """
                INSERT INTO assignment(staffId, role, schoolClassId, courseId, departmentId, majorId, startedOn)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [try rowID(a.staff), a.role.rawValue, classID, courseID, departmentID, majorID,
                        startedOn?.description])
    }

    private func reachRowIDs(_ reach: Assignment.Reach) throws -> (Int64?, Int64?, Int64?, Int64?) {
        switch reach {
        case .schoolClass(let c): (try rowID(.schoolClass(c)), nil, nil, nil)
        case .course(let course, let c): (try rowID(.schoolClass(c)), try rowID(course), nil, nil)
        case .department(let d): (nil, nil, try codeRowID("department", d.rawValue, kind: "系部"), nil)
        case .major(let m): (nil, nil, nil, try codeRowID("major", m.rawValue, kind: "专业"))
        }
    }

    private func codeRowID(_ table: String, _ code: String, kind: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM \(table) WHERE code = ?", arguments: [code]) else {
            throw StoreError.unknown(kind: kind, code: code)
        }
        return id
    }

    private func expectOneChange(_ changed: Int, kind: String, code: String) throws {
        if changed == 0 { throw StoreError.unknown(kind: kind, code: code) }
    }

    // MARK: - Reads

    /// The roster as it stands, ended members included (with their end dates).
    public func rosterState() throws -> RosterState {
        var state = RosterState()
        for row in try SQLRow.fetchAll(db, sql: "SELECT code, name FROM department") {
            let d = Department(id: DepartmentID(rawValue: try row["code"]), name: try row["name"])
            state.departments[d.id] = d
        }
        for row in try SQLRow.fetchAll(db, sql: "SELECT m.code, m.name, d.code AS dept FROM major m JOIN department d ON d.id = m.departmentId") {
            let m = Major(id: MajorID(rawValue: try row["code"]), name: try row["name"], department: DepartmentID(rawValue: try row["dept"]))
            state.majors[m.id] = m
        }
        for c in try classes() { state.classes[c.id] = c }
        for row in try SQLRow.fetchAll(db, sql: "SELECT code, name FROM course") {
            let c = Course(id: CourseID(rawValue: try row["code"]), name: try row["name"])
            state.courses[c.id] = c
        }
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT s.code, s.name, c.code AS classCode, s.endedOn FROM student s JOIN schoolClass c ON c.id = s.schoolClassId
            """) {
            let student = try Self.student(row)
            state.students[student.id] = RosterStanding(student, endedOn: (row["endedOn"] as String?).flatMap(LocalDate.init))
        }
        for row in try SQLRow.fetchAll(db, sql: "SELECT code, name, isAdmin, endedOn FROM staff") {
            let staff = Staff(id: StaffID(rawValue: try row["code"]), name: try row["name"], isAdmin: try row["isAdmin"])
            state.staff[staff.id] = RosterStanding(staff, endedOn: (row["endedOn"] as String?).flatMap(LocalDate.init))
        }
        state.assignments = Set(try allAssignments())
        return state
    }

    /// The students' moves from the append-only trail, oldest first.
    public func classMoves() throws -> [ClassMove] {
        try SQLRow.fetchAll(
            db, sql: "SELECT code, detail FROM rosterChange WHERE kind = ? AND action = ? ORDER BY id",
            arguments: [RosterKind.students.rawValue, RosterChange.Action.moved.rawValue]
        ).compactMap { ClassMove(student: try $0["code"], detail: try $0["detail"]) }
    }
}
