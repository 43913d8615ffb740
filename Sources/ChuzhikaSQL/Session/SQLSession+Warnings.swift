import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    /// Opens a warning; returns its id.
    public func openWarning(
        _ subject: Subject, rule: String, category: WarningCategory, level: WarningLevel, episode: Int, previous: Int64?,
        on day: LocalDate, evidence: String, condition: String, isNoData: Bool
    ) throws -> Int64 {
        try insertReturningID(
            sql: """
                INSERT INTO warning(studentId, schoolClassId, ruleId, category, level, status, episode, previousId, openedOn,
                  evidence, condition, isNoData)
                VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)
                """,
            arguments: [subject.scope == .individual ? try rowID(subject) : nil, subject.scope == .class ? try rowID(subject) : nil, rule, category.rawValue, level.rawValue, episode, previous,
                        day.description, evidence, condition, isNoData])
    }

    /// Changes a warning's level, status or evidence; its history is kept in `warningEvent`.
    public func updateWarning(_ id: Int64, level: WarningLevel, status: WarningStatus, evidence: String, condition: String) throws {
        try db.execute(
            sql: "UPDATE warning SET level = ?, status = ?, evidence = ?, condition = ? WHERE id = ?",
            arguments: [level.rawValue, status.rawValue, evidence, condition, id])
    }

    public func appendWarningEvent(_ id: Int64, _ event: Warning.Event) throws {
        try db.execute(
            sql: "INSERT INTO warningEvent(warningId, kind, level, detail, byPerson, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, event.kind, event.level.rawValue, event.detail, event.by, event.at])
    }

    public func warning(_ id: Int64) throws -> Warning? {
        try row(db, sql: Self.warningSQL + " WHERE w.id = ?", arguments: [id], Self.warning)
    }

    /// A student's or a class's warnings, newest first (every episode).
    public func warnings(of subject: Subject) throws -> [Warning] {
        let column = subject.scope == .individual ? "w.studentId" : "w.schoolClassId"
        return try rows(db, sql: Self.warningSQL + " WHERE \(column) = ? ORDER BY w.id DESC", arguments: [try rowID(subject)], Self.warning)
    }

    /// A student's warnings, newest first (every episode).
    public func warnings(of student: StudentID) throws -> [Warning] { try warnings(of: .student(student)) }

    /// Every warning (or every active one), with the class it belongs to and the student's
    /// name, in one query, for filtering by reach in the app.
    ///
    /// - Parameter classes: only the warnings of these classes and their students (nil: all).
    public func allWarnings(activeOnly: Bool, classes: [ClassID]?) throws -> [(warning: Warning, schoolClass: ClassID, name: String)] {
        var conditions: [String] = activeOnly ? ["w.status IN ('open', 'acknowledged', 'followUp')"] : []
        var arguments: [String] = []
        if let classes {
            let list = Array(repeating: "?", count: classes.count).joined(separator: ",")
            conditions.append("""
                (w.studentId IN (SELECT s2.id FROM schoolClass c2 \(dialect.orderedJoin("student", as: "s2", on: "s2.schoolClassId = c2.id")) WHERE c2.code IN (\(list)))
                 OR w.schoolClassId IN (SELECT id FROM schoolClass WHERE code IN (\(list))))
                """)
            arguments = classes.map(\.rawValue) + classes.map(\.rawValue)
        }
        let sql = """
            SELECT w.*, s.code AS studentCode, c.code AS classCode, COALESCE(c.code, sc.code) AS ownerClass,
              COALESCE(s.name, c.name) AS subjectName
            FROM warning w
              LEFT JOIN student s ON s.id = w.studentId
              LEFT JOIN schoolClass sc ON sc.id = s.schoolClassId
              LEFT JOIN schoolClass c ON c.id = w.schoolClassId
            """ + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY w.id"
        return try rows(db, sql: sql, arguments: SQLArguments(arguments)) { row in
            (try Self.warning(row), ClassID(rawValue: try row["ownerClass"]), try row["subjectName"])
        }
    }

    public func warningEvents(_ id: Int64) throws -> [Warning.Event] {
        try rows(db, sql: "SELECT * FROM warningEvent WHERE warningId = ? ORDER BY id", arguments: [id]) {
            Warning.Event(kind: try $0["kind"], level: WarningLevel(rawValue: try $0["level"]) ?? .yellow, detail: try $0["detail"],
                          by: try $0["byPerson"], at: try $0["at"])
        }
    }

    public func allWarningEvents() throws -> [Int64: [Warning.Event]] {
        var events: [Int64: [Warning.Event]] = [:]
        _ = try rows(db, sql: "SELECT * FROM warningEvent ORDER BY id") { row in
            events[try row["warningId"] as Int64, default: []].append(Warning.Event(
                kind: try row["kind"], level: WarningLevel(rawValue: try row["level"]) ?? .yellow, detail: try row["detail"],
                by: try row["byPerson"], at: try row["at"]))
        }
        return events
    }

    static let warningSQL = """
        SELECT w.*, s.code AS studentCode, c.code AS classCode FROM warning w
          LEFT JOIN student s ON s.id = w.studentId LEFT JOIN schoolClass c ON c.id = w.schoolClassId
        """

    static func warning(_ row: SQLRow) throws -> Warning {
        Warning(
            id: try row["id"],
            subject: (row["studentCode"] as String?).map { .student(StudentID(rawValue: $0)) }
                ?? .schoolClass(ClassID(rawValue: row["classCode"] ?? "")),
            rule: try row["ruleId"],
            category: WarningCategory(rawValue: try row["category"]) ?? .academic, level: WarningLevel(rawValue: try row["level"]) ?? .yellow,
            status: WarningStatus(rawValue: try row["status"]) ?? .open, episode: try row["episode"], previous: row["previousId"],
            openedOn: LocalDate(try row["openedOn"] as String) ?? LocalDate(dayNumber: 0), evidence: try row["evidence"],
            condition: try row["condition"], isNoData: try row["isNoData"])
    }
}
