import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// What a batch import wrote.
public struct ImportSummary: Hashable, Codable, Sendable {
    public let records: Int
    public let corrections: Int
    public let subjects: Int
    public let ledgerPosts: Int
    /// Warnings the sheet raised, raised higher or closed (re-evaluated in the same transaction).
    public internal(set) var warnings: [WarningChange]
}

extension CardApp {
    /// Records one value (采分录入) as `principal`, after every check of the rules, the roster, the
    /// calendar and the owner. The write and its audit line are one transaction; a refusal is audited.
    ///
    /// - Throws: an ``AppError`` naming what is wrong; nothing is written then.
    public func record(_ draft: RecordDraft, by principal: Principal) throws -> RecordReceipt {
        guard let staff = principal.staff else {
            try audit(principal, "record", subject: draft.subject, .refused, AccessPolicy.Refusal.studentsDoNotRecord)
            throw AppError.forbidden(AccessPolicy.Refusal.studentsDoNotRecord)
        }
        var draft = draft
        draft.staff = staff.id
        var receipt = try refusalsAudited(principal, "record", subject: draft.subject) {
            try record(draft, audit: entry(principal, principal.code, "record", TypedText.normalized(draft.subject), .ok, draft.point))
        }
        receipt.warnings = try visible(receipt.warnings, to: principal)
        return receipt
    }

    /// - Parameter then: more writes of the same transaction (an appeal's answer), given the new record's id.
    func record(
        _ draft: RecordDraft, audit: AuditEntry? = nil, then: ((CardSession, RecordID) throws -> Void)? = nil
    ) throws -> RecordReceipt {
        let books = try ruleBooks()
        let calendar = try calendar()
        return try database.write { session in
            let context = RecordingContext(session: session, books: books, calendar: calendar, clock: clock)
            let valid = try context.validate(draft)
            let (id, superseded) = try write(valid, draft, session: session)
            let change = try LedgerPoster(session: session, books: books, calendar: calendar, clock: clock).post(
                valid.point.id, for: valid.subject, semester: valid.period.semester,
                reason: superseded == nil ? "录入" : "更正：\(draft.correctionReason ?? "")", by: draft.staff)
            try then?(session, id)
            if let audit {
                try session.append(AuditEntry(
                    at: audit.at, actor: audit.actor, actingAs: audit.actingAs, action: audit.action, subject: audit.subject,
                    outcome: .ok, detail: "记录 \(id.rawValue)：\(valid.point.name) = \(valid.value.text)"
                        + (superseded.map { "，替代记录 \($0.rawValue)" } ?? "")))
            }
            var warnings: [WarningChange] = []
            if case .student(let student) = valid.subject {
                warnings = try scanner(session, books: books, calendar: calendar, by: draft.staff.rawValue).reevaluate([student])
            }
            return RecordReceipt(
                record: id, pointName: valid.point.name, subject: draft.subject, subjectName: valid.subjectName,
                period: valid.period.label, value: valid.value.text, pointsChange: change, superseded: superseded,
                warnings: warnings)
        }
    }

    /// Records a whole sheet as `principal` in one transaction: every row is checked, every problem
    /// is reported with its row, and when there is even one, nothing is written.
    public func importRecords(_ drafts: [RecordDraft], by principal: Principal, file: String = "") throws -> ImportSummary {
        guard let staff = principal.staff else {
            try audit(principal, "import", subject: file, .refused, AccessPolicy.Refusal.studentsDoNotRecord)
            throw AppError.forbidden(AccessPolicy.Refusal.studentsDoNotRecord)
        }
        let mine = drafts.map { draft -> RecordDraft in
            var draft = draft
            draft.staff = staff.id
            return draft
        }
        var summary = try refusalsAudited(principal, "import", subject: file) {
            try importRecords(mine, audit: entry(principal, principal.code, "import", file, .ok, ""))
        }
        summary.warnings = try visible(summary.warnings, to: principal)
        return summary
    }

    /// Records drafts as attributed in them (the demo's seeds, each by its owner).
    func importRecords(_ drafts: [RecordDraft], audit: AuditEntry? = nil, reevaluate: Bool = true) throws -> ImportSummary {
        let books = try ruleBooks()
        let calendar = try calendar()
        return try database.write { session in
            let context = RecordingContext(session: session, books: books, calendar: calendar, clock: clock)
            var problems: [Diagnostic] = []
            var valid: [(ValidRecord, RecordDraft)] = []
            var seen: [String: Int] = [:]
            for (index, draft) in drafts.enumerated() {
                let location = Self.location(of: draft, index: index)
                do {
                    let record = try context.validate(draft)
                    let key = "\(record.subject)|\(record.point.id.rawValue)|\(record.period.key)"
                    if let first = seen[key] {
                        problems.append(Diagnostic(location, "与第 \(first) 行重复：同一对象、采分点和时段只能有一条记录"))
                        continue
                    }
                    seen[key] = location.line
                    valid.append((record, draft))
                } catch {
                    problems.append(Diagnostic(location, error.localizedDescription,
                                               hint: (error as? AppError)?.recoverySuggestion))
                }
            }
            var corrections = 0
            var touched: [String: (ScoringPoint, Subject, SemesterID, StaffID)] = [:]
            for (record, draft) in valid where problems.count < 200 {
                do {
                    let (_, superseded) = try write(record, draft, session: session)
                    if superseded != nil { corrections += 1 }
                    touched["\(record.subject)|\(record.point.id.rawValue)|\(record.period.semester.rawValue)"] =
                        (record.point, record.subject, record.period.semester, draft.staff)
                } catch {
                    problems.append(Diagnostic(Self.location(of: draft, index: 0), error.localizedDescription,
                                               hint: (error as? AppError)?.recoverySuggestion))
                }
            }
            guard problems.isEmpty else { throw AppError.inputProblems(problems) }
            let poster = LedgerPoster(session: session, books: books, calendar: calendar, clock: clock)
            // Each credit is attributed to the person whose record last touched it.
            for (point, subject, semester, staff) in touched.values {
                try poster.post(point.id, for: subject, semester: semester, reason: "批量录入", by: staff)
            }
            if let audit {
                try session.append(AuditEntry(
                    at: audit.at, actor: audit.actor, actingAs: audit.actingAs, action: audit.action, subject: audit.subject,
                    outcome: .ok, detail: "\(valid.count) 条记录，更正 \(corrections) 条"))
            }
            let students = valid.compactMap { record -> StudentID? in
                if case .student(let id) = record.0.subject { return id }
                return nil
            }
            let warnings = reevaluate
                ? try scanner(session, books: books, calendar: calendar, by: drafts.first?.staff.rawValue ?? "").reevaluate(students) : []
            return ImportSummary(records: valid.count, corrections: corrections,
                                 subjects: Set(valid.map(\.0.subject)).count, ledgerPosts: touched.count, warnings: warnings)
        }
    }

    // MARK: - Pieces

    /// Inserts a checked record, superseding the live one when it is a correction.
    private func write(_ valid: ValidRecord, _ draft: RecordDraft, session: CardSession) throws -> (RecordID, RecordID?) {
        let existing = try session.liveRecordID(valid.subject, valid.point.id, periodKey: valid.period.key)
        var supersedes: RecordID?
        if draft.isCorrection {
            guard let reason = draft.correctionReason, !reason.trimmingSpaces.isEmpty else {
                throw AppError.correctionWithoutReason
            }
            guard let existing else {
                throw AppError.nothingToCorrect(point: valid.point.name, period: valid.period.label)
            }
            supersedes = existing
        } else if let existing, let old = try session.record(existing) {
            let by = try session.staff(old.recordedBy)?.name ?? old.recordedBy.rawValue
            throw AppError.duplicateRecord(existing: existing, value: old.value.text, by: by, date: old.date)
        }
        let record = ScoreRecord(
            subject: valid.subject, point: valid.point.id, periodKey: valid.period.key,
            semester: valid.period.semester, value: valid.value, date: valid.date, session: draft.session,
            course: valid.course, recordedBy: draft.staff, recordedAt: clock.now(), source: draft.source,
            note: draft.note, supersedes: supersedes, reason: supersedes == nil ? nil : draft.correctionReason)
        return (try session.insert(record), supersedes)
    }

    static func location(of draft: RecordDraft, index: Int) -> SourceLocation {
        switch draft.source {
        case .sheet(let file, let row): SourceLocation(file: file, line: row)
        case .seed(let name): SourceLocation(file: name, line: index + 1)
        case .commandLine: SourceLocation(file: "命令行", line: index + 1)
        }
    }
}
