import ChuzhikaApp
import ChuzhikaSQLite
import ChuzhikaStore
import Foundation

extension CardApp {
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
