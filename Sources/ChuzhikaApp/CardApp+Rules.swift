import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// What `czk rules apply` changed.
public struct RulesApplyReport: Hashable, Codable, Sendable {
    public struct Mover: Hashable, Codable, Sendable {
        public let subject: String
        public let name: String
        public let semester: String
        public let change: Points
    }

    public let version: String
    public let previousVersion: String
    public let semesters: [String]
    /// (subject, point, semester) keys recomputed.
    public let recomputed: Int
    public let entriesAppended: Int
    public let subjectsMoved: Int
    /// The largest moves first.
    public let movers: [Mover]
    public let isUnchanged: Bool
    /// A preview: computed in a transaction that was rolled back.
    public let isDryRun: Bool
    /// The warnings the new rules opened, raised or closed (those the admin may read).
    public internal(set) var warnings: [WarningChange] = []
    /// The same by rule and level; 心理 and 理财 changes counted by category only.
    public internal(set) var warningSummary = WarningChangeSummary([])
}

/// Carries a dry run's report out of the transaction it rolls back.
private struct DryRunRollback: Error {
    let report: RulesApplyReport
}

extension CardApp {
    /// Applies new rule files: stores them and recomputes, in one transaction, the ledger of every
    /// semester they govern. Records never change; old credits are reversed by new entries.
    ///
    /// - Throws: ``AppError/adminRequired(staff:action:)`` unless `principal` is an admin;
    ///   ``AppError/inputProblems(_:)`` for broken files; ``AppError/versionUnchanged(_:)`` when the
    ///   files changed but their version did not.
    public func applyRules(
        _ files: [RuleSource], by principal: Principal, top: Int = 10, dryRun: Bool = false
    ) throws -> RulesApplyReport {
        try requireAdmin(principal, to: "修改采分规则", action: "rules apply", subject: "")
        guard let staff = principal.staff?.id else { throw AppError.forbidden(AccessPolicy.Refusal.studentsDoNotRecord) }
        let checked = RuleBookLoader.load(files)
        guard let book = checked.book else { throw AppError.inputProblems(checked.errors) }
        let previous = try database.read { try $0.currentRuleSet() }
        if let previous, previous.version == book.version {
            guard previous.files != files else {
                return RulesApplyReport(version: book.version, previousVersion: previous.version, semesters: [], recomputed: 0,
                                        entriesAppended: 0, subjectsMoved: 0, movers: [], isUnchanged: true, isDryRun: dryRun)
            }
            throw AppError.versionUnchanged(book.version)
        }
        let calendar = try calendar()
        let governed = calendar.semesters.map(\.id).filter { $0.rawValue >= (book.appliesFrom?.rawValue ?? "") }
        let existing = previous == nil ? [] : try ruleBooks().books
        let books = RuleBooks(existing + [book])
        // Risk rules read records, not points: re-evaluate everyone only when they changed.
        let risksChanged = existing.last.map { RiskRule.meaning(of: $0.risks) != RiskRule.meaning(of: book.risks) } ?? true
        var applied: RulesApplyReport
        do {
            applied = try database.write { session in
                // Before the keys are read: a write under way finishes first, one after this sees the new rules.
                try session.lockForPosting(nil)
                try session.insertRuleSet(version: book.version, appliesFrom: book.appliesFrom, files: RuleTree.compiled(files),
                                          appliedBy: staff.rawValue, at: clock.now())
                var pipeline = pipeline(session, books: books, calendar: calendar, by: principal.auditActor)
                let keys = try session.scoredKeys(in: governed)
                try pipeline.prefetch(students: keys.map(\.0))
                for (subject, point, semester) in keys {
                    pipeline.touch(point, for: subject, semester: semester,
                                   reason: "规则变更：\(previous?.version ?? "无") → \(book.version)", by: staff)
                }
                let outcome = try pipeline.finish(audit: nil, reevaluate: risksChanged, reevaluateAll: true)
                let report = try report(outcome, keys: keys.count, book: book, previous: previous?.version, governed: governed,
                                        top: top, dryRun: dryRun, session: session)
                if dryRun { throw DryRunRollback(report: report) }
                try session.append(entry(principal, principal.code, "rules apply", book.version, .ok,
                                         "\(report.previousVersion) → \(report.version)，追加记账 \(report.entriesAppended) 条"))
                return report
            }
        } catch let rollback as DryRunRollback {
            applied = rollback.report
        }
        (applied.warnings, applied.warningSummary) = try told(applied.warnings, to: principal)
        return applied
    }

    private func report(
        _ outcome: WritePipeline.Outcome, keys: Int, book: RuleBook, previous: String?, governed: [SemesterID], top: Int,
        dryRun: Bool, session: CardSession
    ) throws -> RulesApplyReport {
        var moved: [String: (Subject, SemesterID, Points)] = [:]
        for posting in outcome.postings where posting.change != .zero {
            let key = "\(posting.touch.subject)|\(posting.touch.semester.rawValue)"
            moved[key] = (posting.touch.subject, posting.touch.semester, (moved[key]?.2 ?? .zero) + posting.change)
        }
        let changed = moved.values.filter { $0.2 != .zero }
        let largestFirst = changed.sorted { (-abs($0.2.hundredths), $0.0.code) < (-abs($1.2.hundredths), $1.0.code) }
        let movers = try largestFirst.prefix(top).map { subject, semester, change in
            RulesApplyReport.Mover(subject: subject.code, name: try name(of: subject, session), semester: semester.rawValue,
                                   change: change)
        }
        return RulesApplyReport(
            version: book.version, previousVersion: previous ?? "", semesters: governed.map(\.rawValue),
            recomputed: keys, entriesAppended: outcome.entries, subjectsMoved: changed.count, movers: movers,
            isUnchanged: false, isDryRun: dryRun, warnings: outcome.warnings)
    }

    func name(of subject: Subject, _ session: CardSession) throws -> String {
        switch subject {
        case .student(let id): try session.student(id)?.name ?? id.rawValue
        case .schoolClass(let id): try session.schoolClass(id)?.name ?? id.rawValue
        }
    }
}
