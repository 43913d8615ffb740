import ChuzhikaCore
import ChuzhikaStore
import Foundation

extension SQLSession {
    /// Adds semesters to the calendar; a semester that exists already fails the transaction.
    public func insert(_ calendar: SchoolCalendar) throws {
        for s in calendar.semesters {
            try db.execute(
                sql: """
                    INSERT INTO semester(id, academicYear, ordinal, startDate, endDate, teachingStart, teachingWeeks)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [s.id.rawValue, s.academicYear, s.ordinal, s.start.description, s.end.description,
                            s.teachingStart.description, s.teachingWeeks])
            try db.didAddAcademicYear(s.academicYear)
        }
    }

    public func calendar() throws -> SchoolCalendar {
        SchoolCalendar(semesters: try rows(db, sql: "SELECT * FROM semester ORDER BY startDate", Self.semester).compactMap { $0 })
    }

    /// The calendar and ``ruleSetStamp()`` in one statement: the rule sets' count and last id on
    /// every row, and on one row of NULL semester columns when there is no semester yet.
    public func calendarWithRuleSetStamp() throws -> (calendar: SchoolCalendar, ruleSetStamp: String) {
        var stamp: String?
        let semesters = try rows(
            db.cachedStatement(sql: """
                SELECT k.ruleSets, k.lastRuleSet, s.* FROM (SELECT COUNT(*) AS ruleSets, MAX(id) AS lastRuleSet FROM ruleSet) k
                LEFT JOIN semester s ON 1 = 1 ORDER BY s.startDate
                """)
        ) { row -> Semester? in
            stamp = stamp ?? Self.ruleSetStamp(from: row)
            return try Self.semester(row)
        }.compactMap { $0 }
        return (SchoolCalendar(semesters: semesters), stamp ?? Self.ruleSetStamp(from: nil))
    }

    /// A semester row (nil for the NULL columns of ``calendarWithRuleSetStamp()``'s empty calendar).
    static func semester(_ row: SQLRow) throws -> Semester? {
        guard let start = (row["startDate"] as String?).flatMap(LocalDate.init), let end = (row["endDate"] as String?).flatMap(LocalDate.init),
            let teaching = (row["teachingStart"] as String?).flatMap(LocalDate.init)
        else { return nil }
        return Semester(academicYear: try row["academicYear"], ordinal: try row["ordinal"], start: start, end: end,
                        teachingStart: teaching, teachingWeeks: try row["teachingWeeks"])
    }

    // MARK: - Rule sets

    /// Stores the text of the rule files in force, so that every later command scores with them.
    public func insertRuleSet(
        version: String, appliesFrom: SemesterID?, files: [RuleSource], appliedBy: String, at time: String
    ) throws {
        let json = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO ruleSet(version, appliesFrom, files, appliedAt, appliedBy) VALUES (?, ?, ?, ?, ?)",
            arguments: [version, appliesFrom?.rawValue, json, time, appliedBy])
    }

    /// Changes whenever a rule set is applied: the number of rule sets and the last one's id.
    public func ruleSetStamp() throws -> String {
        Self.ruleSetStamp(from: try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*), MAX(id) FROM ruleSet")))
    }

    /// The stamp of a row whose first two columns are the rule sets' count and last id.
    static func ruleSetStamp(from row: SQLRow?) -> String { "\(row?[0] as Int? ?? 0)/\(row?[1] as Int64? ?? 0)" }

    /// Every rule set applied, oldest first.
    public func ruleSets() throws -> [(version: String, files: [RuleSource])] {
        try rows(db, sql: "SELECT version, files FROM ruleSet ORDER BY id") { row in
            (try row["version"], try Self.ruleFiles(row))
        }
    }

    /// Each rule set's id and the semester it applies from, oldest first (no files read).
    public func ruleSetHeads() throws -> [(id: Int64, appliesFrom: SemesterID?)] {
        try rows(db, sql: "SELECT id, appliesFrom FROM ruleSet ORDER BY id") { row in
            (try row[0], (row[1] as String?).map(SemesterID.init(rawValue:)))
        }
    }

    /// One rule set's files.
    public func ruleSet(_ id: Int64) throws -> (version: String, files: [RuleSource])? {
        try row(db, sql: "SELECT version, files FROM ruleSet WHERE id = ?", arguments: [id]) { row in
            (try row["version"], try Self.ruleFiles(row))
        }
    }

    /// The rule files most recently applied, or nil before any.
    public func currentRuleSet() throws -> (version: String, files: [RuleSource])? {
        guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT version, files FROM ruleSet ORDER BY id DESC LIMIT 1")) else {
            return nil
        }
        let files = try Self.ruleFiles(row)
        return (try row["version"], files)
    }
}

extension SQLSession {
    /// Adds a semester, or replaces one of the same id (the app checks it holds no records).
    public func save(_ s: Semester) throws {
        try db.execute(
            sql: """
                INSERT INTO semester(id, academicYear, ordinal, startDate, endDate, teachingStart, teachingWeeks)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET startDate = excluded.startDate, endDate = excluded.endDate,
                  teachingStart = excluded.teachingStart, teachingWeeks = excluded.teachingWeeks
                """,
            arguments: [s.id.rawValue, s.academicYear, s.ordinal, s.start.description, s.end.description,
                        s.teachingStart.description, s.teachingWeeks])
        try db.didAddAcademicYear(s.academicYear)
    }

    /// How many records (live or superseded) belong to a semester.
    public func recordCount(in semester: SemesterID) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM record WHERE semesterId = ?"), arguments: [semester.rawValue]) ?? 0
    }

    /// A rule set row's files (stored as JSON with their parsed trees).
    private static func ruleFiles(_ row: SQLRow) throws -> [RuleSource] {
        try JSONDecoder().decode([RuleSource].self, from: Data((row["files"] as String).utf8))
    }
}
