import ChuzhikaCore
import ChuzhikaSQL
@_spi(Testing) @testable import ChuzhikaSQLite
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// SQLite itself keeps records and ledger entries append-only and one live record per period.
@Suite struct AppendOnlyTests {
    func database() throws -> SQLiteStore {
        let db = try SQLiteStore.inMemory()
        try db.write { session in
            try session.insert(TestSchool.roster)
            try session.insert(TestSchool.calendar)
        }
        return db
    }

    func record(_ value: Double, supersedes: RecordID? = nil) -> Record {
        Record(subject: .student(StudentID(rawValue: "S11")), point: PointID(rawValue: "academic.gpa"),
               periodKey: "2025-2026-1", semester: SemesterID(rawValue: "2025-2026-1"),
               value: RecordValue(number: value), date: LocalDate("2025-12-01")!, recordedBy: StaffID(rawValue: "H1"),
               recordedAt: "2025-12-01T08:00:00Z", source: .commandLine, supersedes: supersedes,
               reason: supersedes == nil ? nil : "复核")
    }

    @Test func aSecondLiveRecordForThePeriodIsAConflict() throws {
        let db = try database()
        let first = try db.write { try $0.insert(record(80)) }
        #expect(throws: StoreError.duplicateRecord(existing: first)) {
            try db.write { try $0.insert(record(90)) }
        }
    }

    @Test func aSupersedingRecordReplacesTheLiveOne() throws {
        let db = try database()
        let first = try db.write { try $0.insert(record(80)) }
        let second = try db.write { try $0.insert(record(90, supersedes: first)) }
        let live = try db.read {
            try $0.liveRecords(.student(StudentID(rawValue: "S11")), PointID(rawValue: "academic.gpa"), semester: SemesterID(rawValue: "2025-2026-1"))
        }
        #expect(live.map(\.id) == [second])
        #expect(try db.read { try $0.record(first) }?.value.number == 80)
    }

    @Test func recordsCannotBeChangedOrDeleted() throws {
        let db = try database()
        let id = try db.write { try $0.insert(record(80)) }
        #expect(throws: StoreError.appendOnly("采分记录")) {
            try db.write { try $0.executeForTesting("UPDATE record SET valueNumber = 99 WHERE id = \(id.rawValue)") }
        }
        #expect(throws: StoreError.appendOnly("采分记录")) {
            try db.write { try $0.executeForTesting("DELETE FROM record") }
        }
        // Un-superseding is a change too.
        _ = try db.write { try $0.insert(record(90, supersedes: id)) }
        #expect(throws: StoreError.appendOnly("采分记录")) {
            try db.write { try $0.executeForTesting("UPDATE record SET isSuperseded = 0 WHERE id = \(id.rawValue)") }
        }
    }

    @Test func ledgerEntriesCannotBeChangedOrDeleted() throws {
        let db = try database()
        let entry = LedgerEntry(subject: .student(StudentID(rawValue: "S11")), point: PointID(rawValue: "academic.gpa"),
                                domain: .academic, semester: SemesterID(rawValue: "2025-2026-1"), key: "r:1",
                                points: Points(5), kind: .credit, record: nil, ruleVersion: "t", reason: "录入",
                                createdBy: StaffID(rawValue: "H1"))
        try db.write { try $0.append([entry], at: "2025-12-01T08:00:00Z") }
        #expect(throws: StoreError.appendOnly("储值记账")) {
            try db.write { try $0.executeForTesting("UPDATE ledgerEntry SET points = 0") }
        }
        #expect(throws: StoreError.appendOnly("储值记账")) {
            try db.write { try $0.executeForTesting("DELETE FROM ledgerEntry") }
        }
        #expect(try db.read { try $0.domainTotals(.student(StudentID(rawValue: "S11"))) }.first?.value[.academic] == Points(5))
    }

    @Test func aFailedTransactionLeavesNothingBehind() throws {
        let db = try database()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.write { session in
                try session.insert(record(80))
                throw Boom()
            }
        }
        let live = try db.read {
            try $0.liveRecordID(.student(StudentID(rawValue: "S11")), PointID(rawValue: "academic.gpa"), periodKey: "2025-2026-1")
        }
        #expect(live == nil)
    }

    @Test func accountReadsUseAnIndex() throws {
        let db = try database()
        let plans = [
            try db.explainForTesting("""
                SELECT semesterId, domain, SUM(points) FROM ledgerEntry WHERE subjectKind = 0 AND subjectId = 1
                GROUP BY semesterId, domain
                """),
            try db.explainForTesting("""
                SELECT * FROM record WHERE subjectKind = 0 AND subjectId = 1 AND semesterId = 'x' AND scoringPointId = 1
                """),
        ]
        for plan in plans {
            #expect(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "\(plan)")
            #expect(!plan.contains("SCAN ledgerEntry") && !plan.contains("SCAN record"), "\(plan)")
        }
    }
}

extension AppendOnlyTests {
    @Test func classCardReadsGoMemberByMemberThroughTheAccountIndex() throws {
        let db = try database()
        let plan = try db.explainForTesting(SQLSession.memberValuesSQL(.sqlite))
        #expect(plan.contains("record_account"), "\(plan)")
    }
}
