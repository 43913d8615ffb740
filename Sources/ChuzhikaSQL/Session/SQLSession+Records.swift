import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    // MARK: - Writes

    /// Appends a record; returns its id.
    ///
    /// - Throws: ``StoreError/duplicateRecord(existing:)`` when a live record holds the same
    ///   subject, point and period: the partial unique index `record_live` keeps the row out
    ///   (`ON CONFLICT DO NOTHING`: a failed statement would end PostgreSQL's transaction, and
    ///   the id is not `lastval()` but what `RETURNING` answers).
    @discardableResult
    public func insert(_ record: ScoreRecord) throws -> RecordID {
        let subjectID = try rowID(record.subject)
        let pointID = try rowID(record.point)
        if let old = record.supersedes {
            try db.execute(sql: "UPDATE record SET isSuperseded = 1 WHERE id = ?", arguments: [old.rawValue])
        }
        let arguments: SQLArguments = [
            Self.subjectKind(record.subject), subjectID, pointID, record.periodKey, record.semester.rawValue,
            record.value.text, record.value.number, record.date.description, record.session,
            try record.course.map(rowID), try rowID(record.recordedBy), record.recordedAt,
            record.source.description, record.note, record.supersedes?.rawValue, record.reason,
        ]
        guard let id = try Int64.fetchOne(db, sql: """
            INSERT INTO record(subjectKind, subjectId, scoringPointId, periodKey, semesterId, valueText, valueNumber,
              date, session, courseId, recordedBy, recordedAt, source, note, supersedesId, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, arguments: arguments)
        else {
            let existing = try liveRecordID(record.subject, record.point, periodKey: record.periodKey)
            throw StoreError.duplicateRecord(existing: existing ?? RecordID(rawValue: 0))
        }
        return RecordID(rawValue: id)
    }

    /// The slot a live record holds: `record_live`'s columns (PostgreSQL's holds the semester
    /// too, its partition key: there, the same period in two semesters is two slots).
    private struct Slot: Hashable {
        let kind: Int64
        let subject: Int64
        let point: Int64
        let period: String
        let semester: String
    }

    /// Every value is worked out (and every code resolved) before the first statement runs, so
    /// that a record naming an unknown student fails with nothing written.
    public func insertIfFree(_ records: [ScoreRecord]) throws -> [RecordID?] {
        precondition(records.allSatisfy { $0.supersedes == nil }, "insertIfFree: a correction supersedes its live record")
        let columns = [
            "subjectKind", "subjectId", "scoringPointId", "periodKey", "semesterId", "valueText", "valueNumber",
            "date", "session", "courseId", "recordedBy", "recordedAt", "source", "note", "supersedesId", "reason",
        ]
        var values: [SQLValue] = []
        values.reserveCapacity(records.count * columns.count)
        var slots: [Slot] = []
        slots.reserveCapacity(records.count)
        for record in records {
            let subjectID = try rowID(record.subject)
            let pointID = try rowID(record.point)
            slots.append(Slot(
                kind: Int64(Self.subjectKind(record.subject)), subject: subjectID, point: pointID, period: record.periodKey,
                semester: record.semester.rawValue))
            let row: SQLArguments = [
                Self.subjectKind(record.subject), subjectID, pointID, record.periodKey, record.semester.rawValue,
                record.value.text, record.value.number, record.date.description, record.session,
                try record.course.map(rowID), try rowID(record.recordedBy), record.recordedAt,
                record.source.description, record.note, nil, nil,
            ]
            values += row.values
        }
        var ids = [RecordID?](repeating: nil, count: records.count)
        for chunk in dialect.insertChunks(into: "record", columns: columns, values: values, cap: 500) {
            // The first of a chunk's rows for a slot is the one written; later ones find it taken.
            var waiting: [Slot: Int] = [:]
            for i in chunk.rows.reversed() { waiting[slots[i]] = i }
            try db.query(chunk.sql + """
                 ON CONFLICT DO NOTHING
                RETURNING id, subjectKind, subjectId, scoringPointId, periodKey, semesterId
                """, chunk.arguments) { row in
                let slot = Slot(kind: try row[1], subject: try row[2], point: try row[3], period: try row[4], semester: try row[5])
                if let i = waiting.removeValue(forKey: slot) { ids[i] = RecordID(rawValue: try row[0]) }
            }
        }
        return ids
    }

    // MARK: - Reads

    /// The live record of a subject, point and period, if any.
    public func liveRecordID(_ subject: Subject, _ point: PointID, periodKey: String) throws -> RecordID? {
        guard let pointID = try existingRowID(point) else { return nil }
        return try Int64.fetchOne(
            db.cachedStatement(sql: """
                SELECT id FROM record
                WHERE subjectKind = ? AND subjectId = ? AND scoringPointId = ? AND periodKey = ? AND isSuperseded = 0
                """),
            arguments: [Self.subjectKind(subject), try rowID(subject), pointID, periodKey]
        ).map(RecordID.init(rawValue:))
    }

    public func record(_ id: RecordID) throws -> ScoreRecord? {
        try row(db, sql: Self.recordSQL + " WHERE r.id = ?", arguments: [id.rawValue], Self.record)
    }

    /// A subject's live records of one point credited to one semester.
    public func liveRecords(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [ScoreRecord] {
        guard let pointID = try existingRowID(point) else { return [] }
        return try rows(
            db.cachedStatement(sql: Self.recordSQL + """
                 WHERE r.subjectKind = ? AND r.subjectId = ? AND r.semesterId = ? AND r.scoringPointId = ?
                 AND r.isSuperseded = 0 ORDER BY r.id
                """),
            arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue, pointID]
        , Self.record)
    }

    /// A subject's live values of one point in one semester, with their record ids: what scoring needs.
    public func liveValues(_ subject: Subject, _ point: PointID, semester: SemesterID) throws -> [(RecordID, RecordValue)] {
        guard let pointID = try existingRowID(point) else { return [] }
        let statement = try db.cachedStatement(sql: """
            SELECT id, valueText, valueNumber FROM record
            WHERE subjectKind = ? AND subjectId = ? AND semesterId = ? AND scoringPointId = ? AND isSuperseded = 0
            ORDER BY id
            """)
        return try rows(statement, arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue, pointID]) { row in
            (RecordID(rawValue: try row[0]), Self.value(text: try row[1], number: try row[2]))
        }
    }

    public func liveValues(_ subject: Subject, points: [PointID], semester: SemesterID) throws -> [PointID: [RecordValue]] {
        guard !points.isEmpty else { return [:] }
        var found: [PointID: [RecordValue]] = [:]
        // The points by their codes in the join: no lookup of their row ids first.
        _ = try rows(db, sql: """
            SELECT p.code, r.valueText, r.valueNumber FROM record r JOIN scoringPoint p ON p.id = r.scoringPointId
            WHERE r.subjectKind = ? AND r.subjectId = ? AND r.semesterId = ? AND r.isSuperseded = 0
              AND p.code IN (\(Self.placeholders(points.count)))
            ORDER BY r.id
            """, arguments: [Self.subjectKind(subject), try rowID(subject), semester.rawValue] + SQLArguments(points.map(\.rawValue))) { row in
            found[PointID(rawValue: try row[0]), default: []].append(Self.value(text: try row[1], number: try row[2]))
        }
        return found
    }

    /// The live values of one point recorded for the members of a class in a semester.
    public func memberValues(of schoolClass: ClassID, _ point: PointID, semester: SemesterID) throws -> [MemberValue] {
        guard let pointID = try existingRowID(point) else { return [] }
        // The ordered join fixes the order (class → members → their records through record_account):
        // left to itself the planner scanned all of the point's records (through record_due, since dropped).
        return try rows(db, sql: Self.memberValuesSQL(dialect), arguments: [semester.rawValue, pointID, schoolClass.rawValue]) { row in
            MemberValue(
                student: StudentID(rawValue: try row[0]), periodKey: try row[1], date: LocalDate(try row[2] as String) ?? LocalDate(dayNumber: 0),
                value: Self.value(text: try row[3], number: try row[4]))
        }
    }

    /// The latest live records of a subject, newest first, with who recorded them.
    public func recentRecords(_ subject: Subject, limit: Int) throws -> [(record: ScoreRecord, staffName: String)] {
        try rows(
            db,
            sql: Self.recordSQL + """
                 WHERE r.subjectKind = ? AND r.subjectId = ? AND r.isSuperseded = 0
                 ORDER BY r.date DESC, r.id DESC LIMIT ?
                """,
            arguments: [Self.subjectKind(subject), try rowID(subject), limit]
        ) { (try Self.record($0), try $0["staffName"]) }
    }

    /// The id of the newest record (0 for none): records after it were written since.
    public func lastRecordID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM record") ?? 0
    }

    // MARK: - Mapping

    static let recordSQL = """
        SELECT r.*, p.code AS pointCode, s.code AS staffCode, s.name AS staffName, co.code AS courseCode,
          CASE r.subjectKind WHEN 0 THEN (SELECT code FROM student WHERE id = r.subjectId)
                             ELSE (SELECT code FROM schoolClass WHERE id = r.subjectId) END AS subjectCode
        FROM record r JOIN scoringPoint p ON p.id = r.scoringPointId JOIN staff s ON s.id = r.recordedBy
        LEFT JOIN course co ON co.id = r.courseId
        """

    public static func memberValuesSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT st.code, r.periodKey, r.date, r.valueText, r.valueNumber
        FROM schoolClass sc \(dialect.orderedJoin("student", as: "st", on: "st.schoolClassId = sc.id"))
        \(dialect.orderedJoin("record", as: "r", on: "r.subjectKind = 0 AND r.subjectId = st.id AND r.semesterId = ? AND r.scoringPointId = ? AND r.isSuperseded = 0"))
        WHERE sc.code = ?
        """
    }

    /// A stored value: text that reads as a number is a number, other text is a level's label.
    static func value(text: String, number: Double) -> RecordValue {
        RecordValue(number: number, label: Double(text) == nil ? text : nil)
    }

    static func record(_ row: SQLRow) throws -> ScoreRecord {
        let code: String = try row["subjectCode"]
        let subject: Subject = (try row["subjectKind"] as Int) == 0
            ? .student(StudentID(rawValue: code)) : .schoolClass(ClassID(rawValue: code))
        return ScoreRecord(
            id: RecordID(rawValue: try row["id"]), subject: subject, point: PointID(rawValue: try row["pointCode"]),
            periodKey: try row["periodKey"], semester: SemesterID(rawValue: try row["semesterId"]),
            value: value(text: try row["valueText"], number: try row["valueNumber"]),
            date: LocalDate(try row["date"] as String) ?? LocalDate(dayNumber: 0), session: row["session"],
            course: (row["courseCode"] as String?).map(CourseID.init(rawValue:)),
            recordedBy: StaffID(rawValue: try row["staffCode"]), recordedAt: try row["recordedAt"],
            source: RecordSource(text: try row["source"]), note: row["note"],
            supersedes: (row["supersedesId"] as Int64?).map(RecordID.init(rawValue:)), reason: row["reason"])
    }
}

