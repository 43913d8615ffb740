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
    /// The same, counted by rule and level, with the withheld ones counted by category.
    public internal(set) var warningSummary = WarningChangeSummary([])
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
            try record(draft, principal: principal,
                       audit: entry(principal, principal.code, "record", TypedText.normalized(draft.subject), .ok, draft.point))
        }
        receipt.warnings = try visible(receipt.warnings, to: principal)
        return receipt
    }

    /// The rules and the calendar are read in the write's own transaction (two transactions
    /// fewer for each value: on PostgreSQL, six round trips).
    ///
    /// - Parameters:
    ///   - principal: the staff member recording, as read for this command (their record and
    ///     assignments are not read again); nil to read `draft.staff` from the roster.
    ///   - then: more writes of the same transaction (an appeal's answer), given the new record's id.
    func record(
        _ draft: RecordDraft, principal: Principal? = nil, audit: AuditEntry? = nil,
        then: ((CardSession, RecordID) throws -> Void)? = nil
    ) throws -> RecordReceipt {
        try warmRuleBooks()
        return try database.write { session in
            let (books, calendar) = try booksAndCalendar(in: session)
            var pipeline = pipeline(session, books: books, calendar: calendar, by: draft.staff.rawValue, principal: principal)
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
        var batches = [(drafts, known)][...]
        return try importBatches({ batches.popFirst() }, by: principal, file: file, skipInvalid: skipInvalid)
    }

    /// The same, for drafts that arrive a batch at a time (a sheet read as it streams): `next`
    /// gives each batch's drafts and the problems of rows that did not become drafts, nil at the
    /// end; `progress` hears the rows done after each batch.
    public func importBatches(
        _ next: () throws -> ([RecordDraft], [Diagnostic])?, by principal: Principal, file: String, skipInvalid: Bool,
        progress: ((Int) -> Void)? = nil
    ) throws -> ImportSummary {
        guard let staff = principal.staff else {
            try audit(principal, "import", subject: file, .refused, AccessPolicy.Refusal.studentsDoNotRecord)
            throw AppError.forbidden(AccessPolicy.Refusal.studentsDoNotRecord)
        }
        var summary = try refusalsAudited(principal, "import", subject: file) {
            try importBatches(
                {
                    try next().map { drafts, problems in
                        (drafts.map { draft in
                            var draft = draft
                            draft.staff = staff.id
                            return draft
                        }, problems)
                    }
                },
                // A sheet's owner checks read the roster in the write: a portal upload's principal
                // was read when its request began, perhaps minutes of upload before (a system's
                // assignments come from its token, never from the roster).
                by: staff.id.rawValue, principal: principal.isSystem ? principal : nil,
                audit: entry(principal, principal.code, "import", file, .ok, ""), skipInvalid: skipInvalid, progress: progress)
        }
        (summary.warnings, summary.warningSummary) = try told(summary.warnings, to: principal)
        return summary
    }

    /// Records drafts as attributed in them (the demo's seeds, each by its owner).
    package func importRecords(_ drafts: [RecordDraft], reevaluate: Bool = true) throws -> ImportSummary {
        var batches = [(drafts, [Diagnostic]())][...]
        return try importBatches({ batches.popFirst() }, by: drafts.first?.staff.rawValue ?? "", audit: nil, reevaluate: reevaluate)
    }

    /// The one import loop: check each draft as `czk record` does, count a repeat of the live
    /// record as unchanged, refuse a second row for the same subject, point and period, append
    /// the rest — all in one transaction, rolled back when any row fails (unless `skipInvalid`).
    /// Memory holds one batch and at most ``listedProblems`` problems, whatever the sheet's size.
    private func importBatches(
        _ next: () throws -> ([RecordDraft], [Diagnostic])?, by person: String, principal: Principal? = nil, audit: AuditEntry?,
        reevaluate: Bool = true, skipInvalid: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws -> ImportSummary {
        try warmRuleBooks()
        return try database.write { session in
            let (books, calendar) = try booksAndCalendar(in: session)
            var pipeline = pipeline(session, books: books, calendar: calendar, by: person, principal: principal)
            // The records this import wrote: a live one among them is a repeated row (not one a
            // concurrent import of the same sheet committed meanwhile — that one is "unchanged").
            var mine = Set<RecordID>()
            var problems: [Diagnostic] = []
            var problemCount = 0
            func problem(_ diagnostic: Diagnostic) {
                problemCount += 1
                if skipInvalid || problems.count < Self.listedProblems { problems.append(diagnostic) }
            }
            var (corrections, unchanged, written, rows) = (0, 0, 0, 0)
            var subjects = Set<Subject>()
            while let (drafts, found) = try next() {
                found.forEach(problem)
                func rowProblem(_ error: any Error, _ index: Int, _ draft: RecordDraft) {
                    let column = draft.column.map { "列“\($0)”：" } ?? ""
                    problem(Diagnostic(Self.location(of: draft, index: rows + index), column + error.localizedDescription,
                                       hint: (error as? AppError)?.recoverySuggestion))
                }
                // Every row checked first; the batch's new rows then written together, a few
                // multi-row statements; only a row whose slot is taken (a repeat, a duplicate, a
                // correction) looks up the live record, one by one, in the sheet's order.
                var checked: [(index: Int, draft: RecordDraft, record: ValidRecord)] = []
                try pipeline.prefetch(drafts)
                for (index, draft) in drafts.enumerated() {
                    do {
                        checked.append((index, draft, try pipeline.check(draft)))
                    } catch let error where Self.isRowProblem(error) {
                        rowProblem(error, index, draft)
                    }
                }
                let fresh = checked.filter { !$0.draft.isCorrection }
                var freeIDs: [Int: RecordID] = [:]
                var batchWritten = false
                do {
                    for (item, id) in zip(fresh, try pipeline.appendAllIfFree(fresh.map { ($0.record, $0.draft) }, reason: "批量录入")) {
                        if let id { freeIDs[item.index] = id }
                    }
                    batchWritten = true
                } catch let error where Self.isRowProblem(error) {
                    // Nothing of the batch was written (a code the store does not know): row by row below.
                }
                for (index, draft, record) in checked {
                    let location = Self.location(of: draft, index: rows + index)
                    let column = draft.column.map { "列“\($0)”：" } ?? ""
                    do {
                        if let id = freeIDs[index] {
                            mine.insert(id)
                            written += 1
                            subjects.insert(record.subject)
                            continue
                        }
                        if !batchWritten, !draft.isCorrection, let id = try pipeline.appendIfFree(record, draft, reason: "批量录入") {
                            mine.insert(id)
                            written += 1
                            subjects.insert(record.subject)
                            continue
                        }
                        let live = try pipeline.live(record)
                        if let live, let id = live.id, mine.contains(id) {
                            let first = if case .sheet(_, let row) = live.source { "第 \(row) 行" } else { "前面的一行" }
                            problem(Diagnostic(location, "\(column)与\(first)重复：同一对象、采分点和时段只能有一条记录"))
                            continue
                        }
                        if WritePipeline.repeats(live, record, draft) {
                            unchanged += 1
                            continue
                        }
                        // Each credit is attributed to the person whose record last touched it.
                        let (id, superseded) = try pipeline.append(record, draft, reason: "批量录入", live: live)
                        mine.insert(id)
                        if superseded != nil { corrections += 1 }
                        written += 1
                        subjects.insert(record.subject)
                    } catch let error where Self.isRowProblem(error) {
                        rowProblem(error, index, draft)
                    }
                }
                rows += drafts.count
                progress?(rows)
            }
            problems.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
            if !skipInvalid && problemCount > 0 {
                if problemCount > problems.count, let last = problems.last {
                    problems.append(Diagnostic(last.location, "另有 \(problemCount - problems.count) 行有问题，未一一列出",
                                               hint: "先修正以上各行再导入，或用 --skip-invalid 导入正确的行并得到全部问题行"))
                }
                throw AppError.inputProblems(problems)
            }
            let outcome = try pipeline.finish(
                audit: audit?.with(detail: "\(written) 条记录，更正 \(corrections) 条，未变 \(unchanged) 条"
                    + (problems.isEmpty ? "" : "，跳过 \(problems.count) 行")),
                reevaluate: reevaluate)
            return ImportSummary(
                records: written, corrections: corrections, unchanged: unchanged, subjects: subjects.count,
                ledgerPosts: outcome.postings.count,
                rejected: problems.map { .init(line: $0.location.line, column: $0.location.column, reason: $0.message) },
                warnings: outcome.warnings)
        }
    }

    /// Whether a row's failure is the row's (a value, a student, an owner: named, and the rest of
    /// the sheet goes on) rather than the database's. A database failure ends the whole sheet —
    /// on PostgreSQL a failed statement aborts the transaction, and a sheet that went on would
    /// "commit" a rollback and report rows as written.
    static func isRowProblem(_ error: any Error) -> Bool {
        switch error {
        case is AppError: true
        case let store as StoreError:
            switch store {
            case .duplicateRecord, .unknown: true
            case .appendOnly, .database, .exists: false
            }
        default: false
        }
    }

    /// How many problems an all-or-nothing import lists before it only counts.
    static let listedProblems = 1_000

    // MARK: - Pieces

    static func location(of draft: RecordDraft, index: Int) -> SourceLocation {
        switch draft.source {
        case .sheet(let file, let row): SourceLocation(file: file, line: row)
        case .seed(let name): SourceLocation(file: name, line: index + 1)
        case .commandLine: SourceLocation(file: "命令行", line: index + 1)
        }
    }
}
