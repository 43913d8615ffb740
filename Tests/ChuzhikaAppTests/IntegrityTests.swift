import ChuzhikaApp
import ChuzhikaCore
@testable import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk check` finds what is off and nothing else; `czk backup` and `czk restore` keep a college.
@Suite struct IntegrityTests {
    /// The small school in a file, with a week of work: attendance that raises a warning, GPAs,
    /// a correction — every write through the app, audited.
    func school(in folder: String) throws -> (CardApp, String) {
        let path = folder + "/college.sqlite"
        try TestSchool.makeFile(at: path)
        let app = try CardApp.open(path: path, clock: .fixed(LocalDate("2026-01-07")!), hasher: .testing)
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "60", on: "2025-09-12"))
        for (student, gpa) in [("S11", "90"), ("S12", "70"), ("S13", "60")] {
            _ = try app.record(TestSchool.draft("H1", "academic.gpa", student, gpa, on: "2026-01-05"))
        }
        var correction = TestSchool.draft("H1", "academic.gpa", "S12", "75", on: "2026-01-05")
        correction.isCorrection = true
        correction.correctionReason = "补考成绩"
        _ = try app.record(correction)
        return (app, path)
    }

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "czk-integrity-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func tamper(_ app: CardApp, _ sql: String) throws { try app.database.write { try $0.executeForTesting(sql) } }

    @Test("完好的数据库通过检查，检查什么也不改")
    func aSoundDatabasePassesAndIsLeftAsItWas() throws {
        let (app, _) = try school(in: try folder())
        let before = try app.account(of: "S12")
        let report = try app.check()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.records == 5)
        #expect(report.activeWarnings >= 1)
        #expect(try app.account(of: "S12") == before)
        #expect(try app.check() == report, "a second check finds the same")
    }

    @Test("手工改动的账、更正链、审计和预警都被查出来，各自说明是哪一条")
    func eachKindOfDamageIsNamed() throws {
        let (app, _) = try school(in: try folder())
        // A credit slipped into the ledger behind the app's back.
        try tamper(app, """
            INSERT INTO ledgerEntry(subjectKind, subjectId, scoringPointId, semesterId, domain, creditKey, points, kind,
              recordId, ruleVersion, reason, createdAt, createdBy)
            SELECT subjectKind, subjectId, scoringPointId, semesterId, domain, creditKey, 500, 'credit', recordId, ruleVersion,
              'tamper', createdAt, createdBy FROM ledgerEntry
            WHERE subjectId = (SELECT id FROM student WHERE code = 'S13') AND subjectKind = 0 LIMIT 1
            """)
        // S11's GPA marked superseded with no correction; a record typed into the file by hand.
        try tamper(app, "UPDATE record SET isSuperseded = 1 WHERE id = (SELECT r.id FROM record r JOIN student s ON s.id = r.subjectId WHERE s.code = 'S11' AND r.periodKey = '2025-2026-1' AND r.isSuperseded = 0 LIMIT 1)")
        try tamper(app, """
            INSERT INTO record(subjectKind, subjectId, scoringPointId, periodKey, semesterId, valueText, valueNumber, date,
              recordedBy, recordedAt, source)
            SELECT 0, (SELECT id FROM student WHERE code = 'S21'), (SELECT id FROM scoringPoint WHERE code = 'academic.gpa'),
              '2025-2026-1', '2025-2026-1', '99', 99, '2026-01-05', (SELECT id FROM staff WHERE code = 'H2'),
              '2026-01-06T09:00:00Z', 'cli'
            """)
        // A warning whose evidence no longer matches its records.
        try tamper(app, "UPDATE warning SET evidence = '本学期缺勤率(%) 1' WHERE status = 'open'")

        let report = try app.check()
        #expect(!report.isClean)
        let kinds = Set(report.problems.map(\.kind))
        #expect(kinds == ["记账", "更正链", "审计", "预警"], "\(report.problems)")
        #expect(report.problems.contains { $0.kind == "记账" && $0.detail.contains("S13") })
        #expect(report.problems.contains { $0.kind == "审计" && $0.detail.contains("H2") && $0.detail.contains("2026-01-06") })
        #expect(report.problems.contains { $0.kind == "预警" && $0.detail.contains("S11") })
        #expect(report.problemCount == report.problems.count)
    }

    @Test("备份后恢复：记录和余额一样；覆盖已有数据库要 --force；坏备份不恢复，原库不动")
    func backupAndRestoreKeepTheCollege() throws {
        let dir = try folder()
        let (app, path) = try school(in: dir)
        let backup = dir + "/备份.sqlite"
        try app.backup(to: backup)
        #expect(throws: StoreError.self) { try app.backup(to: backup) }
        #expect(!CardApp.isReadableByOthers(path: backup))
        let card = try app.account(of: "S12")

        let elsewhere = dir + "/restored.sqlite"
        let report = try CardApp.restore(from: backup, to: elsewhere, force: false, clock: app.clock)
        #expect(report.isClean && report.records == 5)
        let restored = CardApp(database: try CardApp.open(path: elsewhere).database, clock: app.clock)
        #expect(try restored.account(of: "S12") == card)

        #expect(throws: AppError.restoreRefused("\(path) 已有数据库；确认要用备份覆盖它时加 --force")) {
            try CardApp.restore(from: backup, to: path, force: false, clock: app.clock)
        }
        // A damaged backup is refused, and the database it would have replaced is left as it was.
        let damaged = CardApp(database: try CardApp.open(path: backup).database, clock: app.clock)
        try tamper(damaged, "UPDATE record SET isSuperseded = 1 WHERE id = 1")
        #expect(throws: AppError.self) { try CardApp.restore(from: backup, to: elsewhere, force: true, clock: app.clock) }
        #expect(try restored.account(of: "S12") == card)
        #expect(!FileManager.default.fileExists(atPath: elsewhere + ".restoring"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}
