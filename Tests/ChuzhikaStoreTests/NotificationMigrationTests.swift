import ChuzhikaCore
import Foundation
import GRDB
@_spi(Testing) import ChuzhikaStore
@testable import ChuzhikaSQLite
import ChuzhikaTestSupport
import Testing

/// A college file made before what is owed went into the outbox (issue 25): its outbox is rebuilt
/// with every event kept, under the same ids, and then takes events with no warning.
@Suite struct NotificationMigrationTests {
    @Test func anOlderFilesOutboxKeepsItsEventsAndThenTakesWhatIsOwed() throws {
        let path = try olderFile("older", upTo: "createNotifications") { older in
            try older.write { db in
                try db.execute(sql: """
                    INSERT INTO department(code, name) VALUES ('D1', '信息工程系');
                    INSERT INTO major(code, name, departmentId) VALUES ('M1', '软件技术', 1);
                    INSERT INTO schoolClass(code, name, majorId, cohort, programYears) VALUES ('C1', '软件2401班', 1, 2024, 3);
                    INSERT INTO student(code, name, schoolClassId) VALUES ('S11', '张三', 1);
                    INSERT INTO warning(studentId, ruleId, category, level, status, episode, openedOn, evidence, condition, isNoData)
                      VALUES (1, 'manual.学业', '学业', '黄', 'open', 1, '2025-10-15', '', '', 0);
                    INSERT INTO notification(eventKey, kind, warningId, ruleId, category, level, subject, createdAt)
                      VALUES ('warning-1-opened', 'opened', 1, 'manual.学业', '学业', '黄', 'S11', '2025-10-15T12:00:00Z');
                    INSERT INTO notifyChannel(staffCode, format, target, isGroup, addedBy, addedAt)
                      VALUES ('F1', 'json', 'http://127.0.0.1:9/p', 0, 'A1', '2025-10-15T12:00:00Z');
                    INSERT INTO delivery(notificationId, channelId, status, attempts, dueAt, isDigest) VALUES (1, 1, 'sent', 1, 0, 0);
                    """)
            }
        }
        defer { try? SQLiteStore.remove(at: path) }
        let store = try SQLiteStore(path: path)
        let kept = try store.read { try $0.outboxEvents(after: 0, limit: 10) }
        #expect(kept.map(\.key) == ["warning-1-opened"] && kept.first?.id == 1 && kept.first?.warning == 1)
        #expect(kept.first?.category == .academic && kept.first?.level == .yellow)
        #expect(try store.read { try $0.deliveries([1]) }.first?.status == .sent, "the delivery still points at its event")
        let owed = OutboxEvent(key: "due-H1-academic.full_attendance-2025-2026-1:W01-C1", kind: .recordingOverdue,
                               about: .recording(recipient: StaffID(rawValue: "H1"), detail: "全勤率：2 名学生未录入"),
                               rule: "academic.full_attendance", subject: "C1", createdAt: "2025-10-16T00:00:00Z")
        #expect(try store.write { try $0.enqueue(owed) })
        let after = try store.read { try $0.outboxEvents(after: 1, limit: 10) }
        #expect(after.first?.about == owed.about && after.first?.id == 2, "ids go on after the kept ones")
        // Still append-only, and the schema is the described one.
        #expect(throws: (any Error).self) { try store.write { try $0.executeForTesting("DELETE FROM notification") } }
        #expect(try store.read { try $0.engineProblems() } == [])
    }

    /// The same on PostgreSQL: a college whose outbox predates what is owed (and which has no
    /// API tables) takes the later steps when it is opened, keeps its events, and then holds
    /// exactly the described schema.
    @Test(.enabled(if: TestStores.postgresURL != nil, "needs CZK_TEST_POSTGRES"))
    func anOlderPostgreSQLCollegeTakesTheLaterStepsAndKeepsItsOutbox() throws {
        let college = try #require(TestStores.college())
        do {
            let store = try TestStores.store(on: college)
            let older = [
                "INSERT INTO department(code, name) VALUES ('D1', '信息工程系')",
                "INSERT INTO major(code, name, departmentId) VALUES ('M1', '软件技术', 1)",
                "INSERT INTO schoolClass(code, name, majorId, cohort, programYears) VALUES ('C1', '软件2401班', 1, 2024, 3)",
                "INSERT INTO student(code, name, schoolClassId) VALUES ('S11', '张三', 1)",
                """
                INSERT INTO warning(studentId, ruleId, category, level, status, episode, openedOn, evidence, condition, isNoData)
                  VALUES (1, 'manual.学业', '学业', '黄', 'open', 1, '2025-10-15', '', '', 0)
                """,
                "DROP TABLE apiRequest", "DROP TABLE systemToken",
                "ALTER TABLE notification DROP COLUMN recipient CASCADE", "ALTER TABLE notification DROP COLUMN detail",
                "ALTER TABLE notification ALTER COLUMN warningId SET NOT NULL",
                "ALTER TABLE notification ALTER COLUMN category SET NOT NULL", "ALTER TABLE notification ALTER COLUMN level SET NOT NULL",
                """
                INSERT INTO notification(eventKey, kind, warningId, ruleId, category, level, subject, createdAt)
                  VALUES ('warning-1-opened', 'opened', 1, 'manual.学业', '学业', '黄', 'S11', '2025-10-15T12:00:00Z')
                """,
                "DELETE FROM migration WHERE name IN ('notifyRecordingOverdue', 'createSystemTokens')",
            ]
            try store.write { session in for sql in older { try session.executeForTesting(sql) } }
        }
        let store = try TestStores.store(on: college)
        let kept = try store.read { try $0.outboxEvents(after: 0, limit: 10) }
        #expect(kept.map(\.key) == ["warning-1-opened"] && kept.first?.warning == 1)
        let owed = OutboxEvent(key: "due-H1-academic.full_attendance-2025-2026-1:W01-C1", kind: .recordingOverdue,
                               about: .recording(recipient: StaffID(rawValue: "H1"), detail: "全勤率：2 名学生未录入"),
                               rule: "academic.full_attendance", subject: "C1", createdAt: "2025-10-16T00:00:00Z")
        #expect(try store.write { try $0.enqueue(owed) })
        #expect(try store.read { try $0.tokens() }.isEmpty, "the API's tables are there")
        #expect(try store.read { try $0.engineProblems() } == [])
    }
}
