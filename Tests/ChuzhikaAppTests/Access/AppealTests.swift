import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// 申诉: a student disputes a record; its owner corrects or rejects; nothing is edited in place.
@Suite struct AppealTests {
    func school() throws -> (CardApp, RecordID) {
        let app = try TestSchool.make(today: "2026-01-10")
        let receipt = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "60", on: "2026-01-05"))
        return (app, receipt.record)
    }

    @Test func aCorrectedAppealSupersedesTheRecordAndTheStudentSeesTheOutcome() throws {
        let (app, record) = try school()
        let student = try app.principal("S11")
        // Given the student appeals
        let appeal = try app.appeal(record: record, reason: "成绩录错了，应为 90", by: student)
        #expect(appeal.status == "待处理")
        // The teacher who recorded it has it to answer; another teacher does not
        #expect(try app.appeals(by: app.principal("H1")).map(\.id) == [appeal.id])
        #expect(try app.appeals(by: app.principal("H2")).isEmpty)
        // When the owner corrects it
        let answered = try app.answerAppeal(appeal.id, correct: "90", reason: "核对原始成绩单", by: app.principal("H1"))
        #expect(answered.status == "已更正")
        // Then the old record is superseded, not changed, and the correction names the appeal
        let correction = try #require(answered.correctionID.map(RecordID.init(rawValue:)))
        let new = try app.database.read { try $0.record(correction) }
        #expect(new?.supersedes == record)
        #expect(new?.reason?.contains("申诉 \(appeal.id)") == true)
        #expect(try app.database.read { try $0.record(record) }?.value.text == "60")
        // And the student's card shows the outcome
        let card = try app.account(by: student)
        #expect(card.appeals.first?.status == "已更正")
        #expect(card.appeals.first?.answer == "核对原始成绩单")
        #expect(try app.appeals(by: app.principal("H1")).isEmpty)
    }

    @Test func aRejectedAppealLeavesTheRecordAndCannotBeAnsweredTwice() throws {
        let (app, record) = try school()
        let appeal = try app.appeal(record: record, reason: "不同意", by: app.principal("S11"))
        let h1 = try app.principal("H1")
        #expect(try app.answerAppeal(appeal.id, correct: nil, reason: "成绩无误", by: h1).status == "已驳回")
        #expect(throws: AppError.appealClosed(appeal.id, status: "已驳回")) {
            try app.answerAppeal(appeal.id, correct: "90", reason: "再改", by: h1)
        }
        #expect(try app.database.read { try $0.liveRecordID(.student(StudentID(rawValue: "S11")), PointID(rawValue: "academic.gpa"), periodKey: "2025-2026-1") } == record)
    }

    @Test func onlyTheStudentAppealsTheirOwnLiveRecordsAndOnlyTheOwnerAnswers() throws {
        let (app, record) = try school()
        #expect(throws: AppError.notAppealable(record)) { try app.appeal(record: record, reason: "x", by: app.principal("S12")) }
        #expect(throws: AppError.self) { try app.appeal(record: record, reason: "x", by: app.principal("H1")) }
        #expect(throws: AppError.self) { try app.appeal(record: record, reason: "  ", by: app.principal("S11")) }
        let appeal = try app.appeal(record: record, reason: "有误", by: app.principal("S11"))
        #expect(throws: AppError.self) { try app.appeal(record: record, reason: "再申诉", by: app.principal("S11")) }
        #expect(throws: AppError.self) { try app.answerAppeal(appeal.id, correct: "90", reason: "x", by: app.principal("H2")) }
        #expect(throws: AppError.self) { try app.answerAppeal(appeal.id, correct: "90", reason: "x", by: app.principal("S11")) }
        // Every step is in the audit trail.
        let trail = try app.auditTrail(reader: app.principal("A1"))
        #expect(trail.contains { $0.action == "appeal" && $0.outcome == .ok })
        #expect(trail.contains { $0.action == "appeals answer" && $0.outcome == .refused })
    }
}
