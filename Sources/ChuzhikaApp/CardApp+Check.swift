import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaSQLite
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
                let outcome = try pipeline.finish(audit: nil, reevaluateAll: true)
                for posting in outcome.postings where posting.entries > 0 {
                    let touch = posting.touch
                    problem("记账", "\(touch.subject.code) \(touch.point.rawValue) \(touch.semester.rawValue)："
                        + "账上余额与按规则从记录算出的相差 \(posting.change)")
                }
                // Each active warning, as the risk rules re-evaluated it (a warning the rules would
                // open anew is not damage: a scan has not run since; `czk risks scan` opens it).
                let now = Dictionary(uniqueKeysWithValues: try session.allWarnings(activeOnly: false).map { ($0.warning.id, $0.warning) })
                for before in active {
                    guard let after = now[before.id], after != before else { continue }
                    let what = !after.status.isActive ? "按现有记录应已消除"
                        : after.level != before.level ? "按现有记录应为\(after.level.rawValue)色（现为\(before.level.rawValue)色）"
                        : "证据与记录不符：记的是“\(before.evidence)”，按记录应为“\(after.evidence)”"
                    problem("预警", "预警 \(before.id)（\(before.subject.code) \(before.rule)）\(what)")
                }
                throw CheckRollback(report: IntegrityReport(
                    records: try session.recordCount(), ledgerKeys: keys.count,
                    activeWarnings: try session.allWarnings(activeOnly: true).count, problems: problems, problemCount: count))
            }
        } catch let rollback as CheckRollback {
            return rollback.report
        }
    }

    /// Copies the database to `path` with SQLite's online backup API: a consistent copy taken
    /// while others read and write. Refuses a path that exists. The copy is readable by its owner only.
    public func backup(to path: String) throws {
        try database.backup(to: path)
    }

    /// Replaces the database at `path` with the backup at `source`, after `czk check` passes on
    /// a copy of it; refuses to overwrite an existing database unless `force`.
    ///
    /// - Returns: the check of the restored copy.
    /// - Throws: ``AppError/restoreRefused(_:)`` naming what is wrong; the database is then as it was.
    public static func restore(from source: String, to path: String, force: Bool, clock: Clock) throws -> IntegrityReport {
        let manager = FileManager.default
        guard manager.fileExists(atPath: source) else { throw AppError.restoreRefused("备份文件 \(source) 不存在") }
        if manager.fileExists(atPath: path) && !force {
            throw AppError.restoreRefused("\(path) 已有数据库；确认要用备份覆盖它时加 --force")
        }
        guard case .sqlite(let file) = StoreLocation(path) else {
            throw AppError.unsupported("czk restore 只用于 SQLite 文件；PostgreSQL 请用 pg_restore 或 czk migrate")
        }
        // Through the backup API again (not a file copy): a torn or foreign file fails there.
        let report: IntegrityReport
        do {
            report = try SQLiteStore.restore(from: source, to: file) { staging in
                let report = try CardApp(database: staging, clock: clock).check()
                guard report.isClean else {
                    throw AppError.restoreRefused("备份 \(source) 未通过检查（\(report.problemCount) 处问题，第一处：\(report.problems.first.map { "\($0.kind) \($0.detail)" } ?? "")）")
                }
                return report
            }
        } catch let error as StoreError {
            throw AppError.restoreRefused("\(source) 不是可用的储值卡数据库（\(error.localizedDescription)）")
        }
        return report
    }
}
