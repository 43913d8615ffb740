import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// An appeal as the person who must answer it (or the student who made it) sees it.
public struct AppealItem: Hashable, Codable, Sendable {
    public let id: Int64
    public let recordID: Int64
    public let student: String
    public let studentName: String
    public let pointName: String
    public let value: String
    public let date: LocalDate?
    public let recordedBy: String
    public let reason: String
    public let openedAt: String
    public let status: String
    public let answer: String?
    public let correctionID: Int64?
}

extension CardApp {
    /// A student disputes one live record of their own card (申诉). Audited with the appeal.
    public func appeal(record id: RecordID, reason: String, by principal: Principal) throws -> AppealItem {
        try refusalsAudited(principal, "appeal", subject: "记录 \(id.rawValue)") {
            guard let student = principal.student else { throw AppError.forbidden("只有学生本人可以对自己的记录提出申诉") }
            guard !reason.trimmingSpaces.isEmpty else { throw AppError.missingText("申诉的原因（--reason）") }
            try AppError.refuseControlCharacters(reason, field: "申诉的理由（--reason）")
            let appealID: Int64 = try database.write { session in
                guard let record = try session.record(id), record.subject == .student(student.id), record.id != nil,
                    try session.liveRecordID(record.subject, record.point, periodKey: record.periodKey) == id
                else { throw AppError.notAppealable(id) }
                if let open = try session.appeals(of: student.id).first(where: { $0.record == id && $0.answer == nil }) {
                    throw AppError.forbidden("这条记录已有待处理的申诉（申诉 \(open.id)）")
                }
                let appealID = try session.insertAppeal(record: id, student: student.id, reason: reason, at: clock.now())
                try session.append(entry(principal, principal.code, "appeal", student.id.rawValue, .ok, "申诉 \(appealID)：记录 \(id.rawValue)，\(reason)"))
                return appealID
            }
            return try appealItems([appealID])[0]
        }
    }

    /// The appeals `principal` must answer (those on records they wrote; the admin sees every
    /// open one); for a student, their own appeals and how each ended.
    public func appeals(by principal: Principal) throws -> [AppealItem] {
        let ids: [Int64] = try database.read { session in
            if let student = principal.student { return try session.appeals(of: student.id).map(\.id) }
            if principal.isAdmin && principal.actingAdmin == nil { return try session.openAppeals().map(\.id) }
            guard let staff = principal.staff else { return [] }
            return try session.openAppeals(recordedBy: staff.id).map(\.id)
        }
        return try appealItems(ids)
    }

    /// Answers an appeal: `correct` supersedes the record with the new value (the correction names
    /// the appeal), or, without it, the appeal is rejected. Only the record's owner answers (an
    /// admin acting as them included); appeal, correction and answer are one transaction.
    public func answerAppeal(_ id: Int64, correct value: String?, reason: String, by principal: Principal) throws -> AppealItem {
        try refusalsAudited(principal, "appeals answer", subject: "申诉 \(id)") {
            guard let staff = principal.staff else { throw AppError.forbidden("学生不能处理申诉") }
            guard !reason.trimmingSpaces.isEmpty else { throw AppError.missingText("处理申诉的原因（--reason）") }
            try AppError.refuseControlCharacters(reason, field: "处理说明（--reason）")
            try AppError.refuseControlCharacters(value, field: "更正后的数值（--correct）")
            let (appeal, record) = try database.read { session -> (Appeal, ScoreRecord) in
                guard let appeal = try session.appeal(id), let record = try session.record(appeal.record) else {
                    throw AppError.notFound("申诉 \(id)")
                }
                return (appeal, record)
            }
            if let answer = appeal.answer { throw AppError.appealClosed(id, status: answer.outcome.chineseName) }
            guard record.recordedBy == staff.id else {
                throw AppError.forbidden("这条记录不是您录入的，申诉应由录入人处理")
            }
            let at = clock.now()
            if let value {
                let draft = RecordDraft(
                    staff: staff.id, point: record.point.rawValue, subject: record.subject.code, value: value, date: record.date,
                    session: record.session, course: record.course, note: record.note, isCorrection: true,
                    correctionReason: "申诉 \(id)：\(reason)")
                _ = try self.record(draft, audit: entry(principal, principal.code, "appeals answer", record.subject.code, .ok, "")) {
                    session, correction in
                    try session.answerAppeal(id, Appeal.Answer(outcome: .corrected, reason: reason, by: staff.id.rawValue, at: at,
                                                               correction: correction))
                }
            } else {
                try database.write { session in
                    try session.answerAppeal(id, Appeal.Answer(outcome: .rejected, reason: reason, by: staff.id.rawValue, at: at,
                                                               correction: nil))
                    try session.append(entry(principal, principal.code, "appeals answer", record.subject.code, .ok, "驳回申诉 \(id)：\(reason)"))
                }
            }
            return try appealItems([id])[0]
        }
    }

    private func appealItems(_ ids: [Int64]) throws -> [AppealItem] {
        let book = try ruleBook()
        return try database.read { session in
            try ids.compactMap { id -> AppealItem? in
                guard let appeal = try session.appeal(id) else { return nil }
                let record = try session.record(appeal.record)
                let by = try record.flatMap { try session.staff($0.recordedBy) }
                return AppealItem(
                    id: appeal.id, recordID: appeal.record.rawValue, student: appeal.student.rawValue,
                    studentName: try session.student(appeal.student)?.name ?? "",
                    pointName: record.flatMap { book[$0.point]?.name } ?? "", value: record?.value.text ?? "",
                    date: record?.date, recordedBy: by.map { "\($0.name)（\($0.id.rawValue)）" } ?? "",
                    reason: appeal.reason, openedAt: appeal.openedAt, status: appeal.statusName, answer: appeal.answer?.reason,
                    correctionID: appeal.answer?.correction?.rawValue)
            }
        }
    }
}
