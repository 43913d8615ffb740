import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import Foundation

/// What `czk check` found: every invariant of the card, verified against the database as it is.
public struct IntegrityReport: Hashable, Codable, Sendable {
    /// One thing that is off, in words an administrator can act on.
    public struct Problem: Hashable, Codable, Sendable {
        /// SQLite, 更正链, 审计, 记账 or 预警.
        public let kind: String
        public let detail: String
    }

    /// Records, (subject, point, semester) keys re-posted, and active warnings, checked.
    public let records: Int
    public let ledgerKeys: Int
    public let activeWarnings: Int
    /// At most ``CardApp/listedIntegrityProblems``; `problemCount` says how many there were.
    public let problems: [Problem]
    public let problemCount: Int

    public var isClean: Bool { problemCount == 0 }
}

/// Thrown to roll back the check's recomputation while keeping its findings.
private struct CheckRollback: Error {
    let report: IntegrityReport
}

extension CardApp {
    /// How many problems a check lists before it only counts.
    public static let listedIntegrityProblems = 200

    /// Verifies the card's invariants, beancount-style, and changes nothing:
    /// - SQLite's own `integrity_check` and `foreign_key_check` pass;
    /// - no record is superseded twice, and the superseded flag matches the corrections;
    /// - every record entered by a person has an audited write of theirs that day;
    /// - every ledger balance is what the rules of its semester make of its live records (each
    ///   key is re-posted in a transaction that is then rolled back: any entry it would append
    ///   is a difference);
    /// - every active warning still matches its records (the risk rules re-evaluated the same
    ///   way; run `czk risks scan` first if days have passed since the last one).
    ///
    /// A file-level check, like copying the file: it needs the database, not a login.
    public func check() throws -> IntegrityReport {
        let books = try ruleBooks()
        let calendar = try calendar()
        do {
            return try database.write { session in
                // Nobody posts while the check compares: what it reads is one state of the card.
                try session.lockForPosting(nil)
                var problems: [IntegrityReport.Problem] = []
                var count = 0
                func problem(_ kind: String, _ detail: String) {
                    count += 1
                    if problems.count < Self.listedIntegrityProblems { problems.append(.init(kind: kind, detail: detail)) }
                }
                for line in try session.engineProblems() { problem(database.engine, line) }
                for fault in try session.supersessionFaults() {
                    problem("更正链", fault.successors > 1
                        ? "记录 \(fault.record.rawValue) 被 \(fault.successors) 条记录更正（只能更正一次）"
                        : fault.isSuperseded ? "记录 \(fault.record.rawValue) 标为已更正，却没有更正它的记录"
                        : "记录 \(fault.record.rawValue) 已被更正，却仍标为有效")
                }
                for gap in try session.unauditedWrites() {
                    problem("审计", "\(gap.staff.rawValue) 在 \(gap.day) 录入了 \(gap.records) 条记录，审计日志里没有这一天的录入")
                }
                let active = try session.allWarnings(activeOnly: true).map(\.warning)
                var pipeline = pipeline(session, books: books, calendar: calendar, by: "czk check")
                let keys = try session.allScoredKeys()
                for (subject, point, semester) in keys {
                    pipeline.touch(point, for: subject, semester: semester, reason: "核对", by: nil)
                }
                let outcome = try pipeline.finish(audit: nil, reevaluate: false)
                for posting in outcome.postings where posting.entries > 0 {
                    let touch = posting.touch
                    problem("记账", "\(touch.subject.code) \(touch.point.rawValue) \(touch.semester.rawValue)："
                        + "账上余额与按规则从记录算出的相差 \(posting.change)")
                }
                for (warning, what) in try warningMismatches(active, session: session, books: books, calendar: calendar) {
                    problem("预警", "预警 \(warning.id)（\(warning.subject.code) \(warning.rule)）\(what)")
                }
                throw CheckRollback(report: IntegrityReport(
                    records: try session.recordCount(), ledgerKeys: keys.count,
                    activeWarnings: try session.allWarnings(activeOnly: true).count, problems: problems, problemCount: count))
            }
        } catch let rollback as CheckRollback {
            return rollback.report
        }
    }

    /// The active warnings that the risk rules, on the current records, would not leave as they
    /// are — on today's date nor on the day of the last full scan. Days passing are not damage:
    /// after a semester ends, its attendance warnings close at the next scan (or write), so a
    /// warning the last scan's day still reproduces is sound; so is one the rules would open anew.
    func warningMismatches(
        _ active: [Warning], session: CardSession, books: RuleBooks, calendar: SchoolCalendar
    ) throws -> [(Warning, String)] {
        let today = clock.today()
        let scanned = try session.meta(Self.risksScannedOnKey).flatMap(LocalDate.init).map { min($0, today) }
        let days = [today] + (scanned.map { $0 == today ? [] : [$0] } ?? [])
        let expected = try days.map { day in
            let expectations = RiskScanner.Expectations()
            _ = try RiskScanner(session: session, books: books, calendar: calendar, clock: .fixed(day), by: "czk check",
                                expectations: expectations).reevaluateEveryone()
            return expectations
        }
        return active.compactMap { warning in
            let verdicts = expected.map { $0.agrees(with: warning) }
            guard verdicts.contains(false), !verdicts.contains(true),
                  let outcome = expected.lazy.compactMap({ $0.outcomes[warning.subject]?[warning.rule] }).first
            else { return nil }
            let what: String = switch outcome {
            case .clear: "按现有记录应已消除"
            case .raised(let level, _, _) where level > warning.level:
                "按现有记录应为\(level.rawValue)色（现为\(warning.level.rawValue)色）"
            case .raised(_, let evidence, _): "证据与记录不符：记的是“\(warning.evidence)”，按记录应为“\(evidence)”"
            case .undetermined: "按现有记录无法判断"
            }
            return (warning, what)
        }
    }

    /// The meta key holding the day of the last full re-evaluation of the risk rules.
    static let risksScannedOnKey = "risksScannedOn"

    /// Copies the database to `path` with SQLite's online backup API: a consistent copy taken
    /// while others read and write. Refuses a path that exists. The copy is readable by its owner only.
    public func backup(to path: String) throws {
        try database.backup(to: path)
    }
}

/// What `czk check --repair` re-posted.
public struct LedgerRepairReport: Hashable, Codable, Sendable {
    public struct Repair: Hashable, Codable, Sendable {
        /// 学号 or class code.
        public let subject: String
        public let point: String
        public let semester: String
        /// What the balance moved by (the rules' amount minus what the ledger held).
        public let change: Points
        public let entries: Int
    }

    /// (subject, point, semester) keys re-posted from their live records.
    public let keys: Int
    public let repairs: [Repair]
}

extension CardApp {
    /// Brings every ledger balance back to what the rules make of its live records, for the
    /// damage `czk check` reports as 记账 (a balance corrupted by writers that raced on an
    /// older version, a hand edit): reversals and credits appended, nothing deleted, in one
    /// transaction, audited. Records and warnings are not touched.
    ///
    /// - Throws: ``AppError/adminRequired(staff:action:)`` unless `principal` is an admin.
    public func repairLedger(by principal: Principal) throws -> LedgerRepairReport {
        try requireAdmin(principal, to: "修复记账", action: "check repair", subject: "")
        let books = try ruleBooks()
        let calendar = try calendar()
        return try database.write { session in
            var pipeline = pipeline(session, books: books, calendar: calendar, by: principal.auditActor)
            let keys = try session.allScoredKeys()
            for (subject, point, semester) in keys {
                pipeline.touch(point, for: subject, semester: semester, reason: "修复记账：按记录重算", by: principal.staff?.id)
            }
            let outcome = try pipeline.finish(audit: nil, reevaluate: false)
            let repairs = outcome.postings.filter { $0.entries > 0 }.map {
                LedgerRepairReport.Repair(subject: $0.touch.subject.code, point: $0.touch.point.rawValue,
                                          semester: $0.touch.semester.rawValue, change: $0.change, entries: $0.entries)
            }
            try session.append(entry(principal, principal.code, "check repair", "", .ok,
                                     "重算 \(keys.count) 项，修复 \(repairs.count) 项，追加记账 \(outcome.entries) 条"))
            return LedgerRepairReport(keys: keys.count, repairs: repairs)
        }
    }
}
