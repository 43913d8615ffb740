import ChuzhikaCore
@_spi(Testing) import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Synchronization
import Testing

/// On PostgreSQL a record's and a ledger entry's references (scoring point, course, staff member)
/// are checked once per statement, not by a foreign key per row: they must refuse what a foreign
/// key refused — a row naming what does not exist, deleting what a row names — and `czk check`
/// must find what slipped past (a dropped trigger).
@Suite(.enabled(if: TestStores.postgresURL != nil, "PostgreSQL only (CZK_TEST_POSTGRES)"))
struct PostgresReferenceTests {
    func school() throws -> any CardStore {
        let store = try TestStores.fresh()
        try store.write { session in
            try session.insert(TestSchool.roster)
            try session.insert(TestSchool.calendar)
        }
        _ = try store.write { try $0.insert(record(by: "H1")) }
        return store
    }

    func record(by staff: String, period: String = "2025-2026-1") -> Record {
        Record(subject: .student(StudentID(rawValue: "S11")), point: PointID(rawValue: "academic.gpa"),
               periodKey: period, semester: SemesterID(rawValue: "2025-2026-1"), value: RecordValue(number: 80),
               date: LocalDate("2025-12-01")!, recordedBy: StaffID(rawValue: staff), recordedAt: "2025-12-01T08:00:00Z",
               source: .commandLine)
    }

    /// Two copies of the first record in one statement (periods suffixed `tag`), the second with
    /// `column` set to `value`.
    func insertCopies(
        _ store: any CardStore, _ column: String, _ value: String, tag: String, into table: String = "record", semester: String? = nil
    ) throws {
        try store.write { session in
            try session.executeForTesting("""
                INSERT INTO \(table)(subjectKind, subjectId, scoringPointId, periodKey, semesterId, valueText, valueNumber, date,
                  courseId, recordedBy, recordedAt, source)
                SELECT subjectKind, subjectId, scoringPointId, periodKey || '\(tag)' || k, \(semester.map { "'\($0)'" } ?? "semesterId"), valueText, valueNumber, date,
                  CASE WHEN k = 'b' AND '\(column)' = 'courseId' THEN \(value) ELSE courseId END,
                  CASE WHEN k = 'b' AND '\(column)' = 'recordedBy' THEN \(value) ELSE recordedBy END, recordedAt, source
                FROM record, (VALUES ('a'), ('b')) AS v(k) WHERE id = (SELECT MIN(id) FROM record)
                """)
        }
    }

    /// The refusal a reference check raises (a foreign key's would name its constraint instead).
    func isRefusal(_ error: any Error) -> Bool {
        guard case StoreError.database(let message) = error else { return false }
        return message.contains("引用")
    }

    @Test func aStatementWithOneRowNamingNothingWritesNoRow() throws {
        let store = try school()
        let count = "SELECT COUNT(*) FROM record"
        for (column, value) in [("recordedBy", "999999"), ("courseId", "999999")] {
            let error = #expect(throws: (any Error).self, "\(column) = \(value)") { try insertCopies(store, column, value, tag: column) }
            #expect(error.map(isRefusal) == true, "\(String(describing: error))")
            #expect(try store.read { try $0.countForTesting(count) } == 1, "the sound row of the statement went too")
        }
        // Straight into a partition (the year's, or the default one for other semesters).
        for (partition, semester) in [("record_y2025", "2025-2026-1"), ("record_other", "2099-2100-1")] {
            let error = #expect(throws: (any Error).self, "\(partition)") {
                try insertCopies(store, "recordedBy", "999999", tag: partition, into: partition, semester: semester)
            }
            #expect(error.map(isRefusal) == true, "\(partition): \(String(describing: error))")
        }
        // A course left empty names nothing; a real staff member passes.
        try insertCopies(store, "courseId", "NULL", tag: "n")
        try insertCopies(store, "recordedBy", "(SELECT id FROM staff WHERE code = 'H2')", tag: "h")
        #expect(try store.read { try $0.countForTesting(count) } == 5)
        #expect(try store.read { try $0.engineProblems() } == [])
    }

    @Test func whatARecordNamesCannotBeDeletedOrRenumbered() throws {
        let store = try school()
        // Z8 has no assignment (no other foreign key names them): only their record does.
        try store.write { session in
            try session.executeForTesting("INSERT INTO staff(code, name) VALUES ('Z8', '只有记录'), ('Z9', '从未录入')")
            try session.executeForTesting("INSERT INTO scoringPoint(code) VALUES ('academic.unused')")
        }
        _ = try store.write { try $0.insert(record(by: "Z8", period: "2025-2026-1z")) }
        for change in [
            "DELETE FROM staff WHERE code = 'Z8'", "UPDATE staff SET id = 999999 WHERE code = 'Z8'",
            "DELETE FROM scoringPoint WHERE id IN (SELECT scoringPointId FROM record)",
            "UPDATE scoringPoint SET id = id + 100000 WHERE id IN (SELECT scoringPointId FROM record)",
            "TRUNCATE scoringPoint", "TRUNCATE course CASCADE",
            // A ledger entry's point is checked as a record's is.
            """
            INSERT INTO ledgerEntry(subjectKind, subjectId, scoringPointId, semesterId, domain, creditKey, points, kind,
              ruleVersion, reason, createdAt) VALUES (0, 1, 999999, '2025-2026-1', 'academic', 'k', 1, 'credit', 't', 'x', 'now')
            """,
        ] {
            let error = #expect(throws: (any Error).self, "\(change)") { try store.write { try $0.executeForTesting(change) } }
            #expect(error.map(isRefusal) == true, "\(change): \(String(describing: error))")
        }
        // Rows nothing names go, and a named one may change what is not its number.
        try store.write { session in
            try session.executeForTesting("UPDATE staff SET name = '改名' WHERE code = 'Z8'")
            try session.executeForTesting("DELETE FROM staff WHERE code = 'Z9'")
            try session.executeForTesting("DELETE FROM scoringPoint WHERE code = 'academic.unused'")
        }
        #expect(try store.read { try $0.countForTesting("SELECT COUNT(*) FROM staff WHERE code IN ('Z8', 'Z9')") } == 1)
        #expect(try store.read { try $0.engineProblems() } == [])
    }

    /// Two writers at once, as a foreign key's row lock ordered them: a record naming a staff
    /// member being deleted, in either order, never leaves a record naming no one.
    @Test(arguments: [true, false]) func aDeleteRacingAnInsertLeavesNoOrphan(insertFirst: Bool) throws {
        let (_, stores) = try TestStores.shared(2) { store in
            try store.write { session in
                try session.insert(TestSchool.roster)
                try session.insert(TestSchool.calendar)
                try session.executeForTesting("INSERT INTO staff(code, name) VALUES ('Z8', '将离开')")
            }
        }
        let started = DispatchSemaphore(value: 0)
        let insert: @Sendable () throws -> Void = { try stores[0].write { session in
            _ = try session.insert(self.record(by: "Z8"))
            if insertFirst { started.signal(); Thread.sleep(forTimeInterval: 0.5) }
        } }
        let delete: @Sendable () throws -> Void = { try stores[1].write { session in
            try session.executeForTesting("DELETE FROM staff WHERE code = 'Z8'")
            if !insertFirst { started.signal(); Thread.sleep(forTimeInterval: 0.5) }
        } }
        let second = Mutex<(any Error)?>(nil)
        let other = Thread {
            started.wait()
            do { try insertFirst ? delete() : insert() } catch { second.withLock { $0 = error } }
        }
        other.start()
        try insertFirst ? insert() : delete()
        while !other.isFinished { Thread.sleep(forTimeInterval: 0.02) }
        #expect(second.withLock { $0.map(isRefusal) } == true, "the second writer was not refused")
        #expect(try stores[0].read { try $0.engineProblems() } == [])
    }

    @Test func checkFindsARecordNamingNoStaffAndTheMissingTrigger() throws {
        let store = try school()
        try store.write { try $0.executeForTesting("DROP TRIGGER record_references ON record") }
        try insertCopies(store, "recordedBy", "999999", tag: "x")
        let problems = try store.read { try $0.engineProblems() }
        #expect(problems.contains { $0.contains("record.recordedBy") && $0.contains("999999") }, "\(problems)")
        #expect(problems.contains { $0.contains("record_references") }, "\(problems)")
        // A trigger switched off checks nothing: as good as missing.
        try store.write { try $0.executeForTesting("ALTER TABLE ledgerEntry DISABLE TRIGGER ledgerEntry_references") }
        #expect(try store.read { try $0.engineProblems() }.contains { $0.contains("ledgerentry_references") })
    }

    /// A college made when these were foreign keys loses them when next opened, and gets the
    /// statement checks instead.
    @Test func anOlderCollegesForeignKeysBecomeStatementChecks() throws {
        let college = try #require(TestStores.college())
        let foreignKeys = """
            SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('record'::regclass, 'ledgerEntry'::regclass)
            """
        do {
            let store = try TestStores.store(on: college)
            try store.write { session in
                try session.executeForTesting("DROP TRIGGER record_references ON record")
                try session.executeForTesting("ALTER TABLE record ADD CONSTRAINT record_recordedby_fkey FOREIGN KEY (recordedBy) REFERENCES staff(id)")
                try session.executeForTesting("DELETE FROM migration WHERE name = 'referencesPerStatement'")
            }
            #expect(try store.read { try $0.countForTesting(foreignKeys) } == 1)
        }
        let store = try TestStores.store(on: college)
        #expect(try store.read { try $0.countForTesting(foreignKeys) } == 0)
        #expect(try store.read { try $0.engineProblems() } == [])
    }
}
