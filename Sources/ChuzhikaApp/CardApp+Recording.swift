import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// What a batch import wrote.
public struct ImportSummary: Hashable, Codable, Sendable {
    /// A row left out by `--skip-invalid`, with why.
    public struct Rejected: Hashable, Codable, Sendable {
        public let line: Int
        public let column: Int?
        public let reason: String
    }

    public let records: Int
    public let corrections: Int
    /// Rows that repeat what is already recorded (the same sheet imported again): not written.
    public let unchanged: Int
    public let subjects: Int
    public let ledgerPosts: Int
    /// Rows left out with `--skip-invalid` (empty otherwise: one bad row stops the sheet).
    public let rejected: [Rejected]
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
            var pipeline = pipeline(session, books: books, calendar: calendar, by: draft.staff.rawValue)
            let valid = try pipeline.check(draft)
            let (id, superseded) = try pipeline.append(valid, draft, reason: "录入")
            try then?(session, id)
            let outcome = try pipeline.finish(audit: audit.map {
                $0.with(detail: "记录 \(id.rawValue)：\(valid.point.name) = \(valid.value.text)"
                    + (superseded.map { "，替代记录 \($0.rawValue)" } ?? ""))
            })
            // The receipt's change: the point itself and its 增值 points in the same semester.
            let change = outcome.postings.filter { $0.touch.subject == valid.subject && $0.touch.semester == valid.period.semester }
                .reduce(Points.zero) { $0 + $1.change }
            return RecordReceipt(
                record: id, pointName: valid.point.name, subject: draft.subject, subjectName: valid.subjectName,
                period: valid.period.label, value: valid.value.text, pointsChange: change, superseded: superseded,
                warnings: outcome.warnings)
        }
    }

    /// Records a whole sheet as `principal` in one transaction: every row is checked, every problem
    /// is reported with its row, and when there is even one, nothing is written.
    ///
    /// - Parameter skipInvalid: import the good rows and report the bad ones as ``ImportSummary/rejected``.
    ///   - known: problems already found in the sheet (rows that did not become drafts): reported
    ///     with the others, or rejected with them.
    public func importRecords(
        _ drafts: [RecordDraft], by principal: Principal, file: String = "", skipInvalid: Bool = false, known: [Diagnostic] = []
    ) throws -> ImportSummary {
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
            try importRecords(mine, audit: entry(principal, principal.code, "import", file, .ok, ""), skipInvalid: skipInvalid, known: known)
        }
        summary.warnings = try visible(summary.warnings, to: principal)
        return summary
    }

    /// Records drafts as attributed in them (the demo's seeds, each by its owner).
    func importRecords(
        _ drafts: [RecordDraft], audit: AuditEntry? = nil, reevaluate: Bool = true, skipInvalid: Bool = false, known: [Diagnostic] = []
    ) throws -> ImportSummary {
        let books = try ruleBooks()
        let calendar = try calendar()
        return try database.write { session in
            var pipeline = pipeline(session, books: books, calendar: calendar, by: drafts.first?.staff.rawValue ?? "")
            var problems = known
            var valid: [(ValidRecord, RecordDraft)] = []
            var seen: [String: Int] = [:]
            for (index, draft) in drafts.enumerated() {
                let location = Self.location(of: draft, index: index)
                do {
                    let record = try pipeline.check(draft)
                    let key = "\(record.subject)|\(record.point.id.rawValue)|\(record.period.key)"
                    if let first = seen[key] {
                        problems.append(Diagnostic(location, "与第 \(first) 行重复：同一对象、采分点和时段只能有一条记录"))
                        continue
                    }
                    seen[key] = location.line
                    valid.append((record, draft))
                } catch {
                    problems.append(Diagnostic(location, (draft.column.map { "列“\($0)”：" } ?? "") + error.localizedDescription,
                                               hint: (error as? AppError)?.recoverySuggestion))
                }
            }
            var corrections = 0
            var unchanged = 0
            var written = 0
            for (record, draft) in valid where problems.count < 200 {
                do {
                    if try pipeline.repeatsLiveRecord(record, draft) {
                        unchanged += 1
                        continue
                    }
                    // Each credit is attributed to the person whose record last touched it.
                    let (_, superseded) = try pipeline.append(record, draft, reason: "批量录入")
                    if superseded != nil { corrections += 1 }
                    written += 1
                } catch {
                    problems.append(Diagnostic(Self.location(of: draft, index: 0), error.localizedDescription,
                                               hint: (error as? AppError)?.recoverySuggestion))
                }
            }
            problems.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
            if !skipInvalid { guard problems.isEmpty else { throw AppError.inputProblems(problems) } }
            let outcome = try pipeline.finish(
                audit: audit?.with(detail: "\(written) 条记录，更正 \(corrections) 条，未变 \(unchanged) 条"
                    + (problems.isEmpty ? "" : "，跳过 \(problems.count) 行")),
                reevaluate: reevaluate)
            return ImportSummary(
                records: written, corrections: corrections, unchanged: unchanged,
                subjects: Set(valid.map(\.0.subject)).count, ledgerPosts: outcome.postings.count,
                rejected: problems.map { .init(line: $0.location.line, column: $0.location.column, reason: $0.message) },
                warnings: outcome.warnings)
        }
    }

    // MARK: - Pieces

    static func location(of draft: RecordDraft, index: Int) -> SourceLocation {
        switch draft.source {
        case .sheet(let file, let row): SourceLocation(file: file, line: row)
        case .seed(let name): SourceLocation(file: name, line: index + 1)
        case .commandLine: SourceLocation(file: "命令行", line: index + 1)
        }
    }
}
