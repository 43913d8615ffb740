import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk migrate` moves a college without loss, and refuses what would lose or mix anything.
extension IntegrityTests {
    /// Where a migrated college goes: a new file, or with `CZK_TEST_POSTGRES` a new college in
    /// that PostgreSQL database (so that CI moves colleges SQLite → PostgreSQL → SQLite).
    func destination(in folder: String, _ name: String) -> String {
        guard let url = TestStores.postgresURL else { return folder + "/\(name).sqlite" }
        return url + (url.contains("?") ? "&" : "?") + "college=m\(UUID().uuidString.prefix(8).lowercased())"
    }

    @Test("迁移：逐表复制，两边检查通过，每个记账科目余额一致；再迁回来也一样")
    func aCollegeMovesThereAndBackWithoutLoss() throws {
        let folder = try folder()
        let (app, path) = try school(in: folder)
        let there = destination(in: folder, "there")
        let report = try CardApp.migrate(from: path, to: there, clock: app.clock)
        #expect(report.source.isClean && report.destination.isClean)
        #expect(report.tables.first { $0.table == "record" }?.rows == 5)
        #expect(report.accounts > 0)
        let moved = try CardApp.open(path: there, clock: app.clock, hasher: .testing)
        for student in ["S11", "S12", "S13"] {
            #expect(try moved.account(of: student) == app.account(of: student))
        }
        #expect(try moved.database.read { try $0.ledgerTotals() } == app.database.read { try $0.ledgerTotals() })
        // The moved college keeps working: a new record, then back to a file.
        _ = try moved.record(TestSchool.draft("H2", "academic.gpa", "S21", "80", on: "2026-01-05"))
        let back = folder + "/back.sqlite"
        let returned = try CardApp.migrate(from: there, to: back, clock: app.clock)
        #expect(returned.tables.first { $0.table == "record" }?.rows == 6)
        #expect(try CardApp.open(path: back, clock: app.clock).database.read { try $0.ledgerTotals() }
            == moved.database.read { try $0.ledgerTotals() })
    }

    @Test("迁移：目标已有数据时拒绝；源未通过检查时拒绝，也不留下目标")
    func aMigrationRefusesAFullDestinationAndADamagedSource() throws {
        let folder = try folder()
        let (app, path) = try school(in: folder)
        let other = folder + "/other.sqlite"
        try TestSchool.makeFile(at: other)
        #expect(throws: AppError.databaseExists(path: other)) { try CardApp.migrate(from: path, to: other, clock: app.clock) }
        try tamper(app, "UPDATE record SET isSuperseded = 1 WHERE id = (SELECT MIN(id) FROM record WHERE isSuperseded = 0)")
        let target = destination(in: folder, "target")
        #expect {
            try CardApp.migrate(from: path, to: target, clock: app.clock)
        } throws: { error in
            guard case AppError.migrationFailed(let why) = error else { return false }
            return why.contains("源数据库未通过")
        }
        #expect(!CardApp.exists(path: target), "nothing was created")
    }
}

/// What only one engine can do is refused on the other, in words that say where to go instead.
@Suite struct EngineRefusalTests {
    @Test("省级汇总只用于 PostgreSQL：对 SQLite 文件拒绝并说明原因")
    func theProvinceIsRefusedOnASQLiteFile() {
        #expect {
            _ = try ProvinceReview.open("czk.sqlite")
        } throws: { error in
            guard case AppError.unsupported(let why) = error else { return false }
            return why.contains("只用于 PostgreSQL")
        }
    }

    @Test("czk restore 只用于 SQLite 文件：对 PostgreSQL 地址拒绝，什么也不动")
    func restoreIsRefusedOnPostgres() throws {
        let backup = NSTemporaryDirectory() + "czk-backup-\(UUID().uuidString).sqlite"
        try TestSchool.makeFile(at: backup)
        defer { try? FileManager.default.removeItem(atPath: backup) }
        #expect {
            _ = try CardApp.restore(from: backup, to: "postgres://czk@127.0.0.1:1/czk?college=x", force: true,
                                    clock: .fixed(LocalDate("2026-01-07")!))
        } throws: { error in
            guard case AppError.unsupported(let why) = error else { return false }
            return why.contains("pg_restore")
        }
    }
}
