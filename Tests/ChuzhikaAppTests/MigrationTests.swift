import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk migrate` moves a college without loss, and refuses what would lose or mix anything.
extension IntegrityTests {
    /// Where a migrated college goes: a new file, or with `CZK_TEST_POSTGRES` a new college in
    /// that PostgreSQL database (so that CI moves colleges SQLite → PostgreSQL → SQLite), dropped
    /// when the lease that comes with it is released.
    func destination(in folder: String, _ name: String) -> (String, TestStores.College?) {
        guard let college = TestStores.college(named: "m\(UUID().uuidString.prefix(8).lowercased())") else {
            return (folder + "/\(name).sqlite", nil)
        }
        return (college.url, college)
    }

    @Test("迁移：逐表复制，两边检查通过，每个记账科目余额一致；再迁回来也一样")
    func aCollegeMovesThereAndBackWithoutLoss() throws {
        let folder = try folder()
        let (app, path) = try school(in: folder)
        let (there, college) = destination(in: folder, "there")
        defer { withExtendedLifetime(college) {} }
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
        #expect {
            try CardApp.migrate(from: path, to: other, clock: app.clock)
        } throws: { error in
            guard case AppError.migrationRefused(let why) = error else { return false }
            return why.contains("迁移不会覆盖") && !why.contains("czk init")
        }
        try tamper(app, "UPDATE record SET isSuperseded = 1 WHERE id = (SELECT MIN(id) FROM record WHERE isSuperseded = 0)")
        let (target, college) = destination(in: folder, "target")
        defer { withExtendedLifetime(college) {} }
        #expect {
            try CardApp.migrate(from: path, to: target, clock: app.clock)
        } throws: { error in
            guard case AppError.migrationFailed(let why) = error else { return false }
            return why.contains("源数据库未通过")
        }
        #expect(!CardApp.exists(path: target), "nothing was created")
    }
}

/// A migration killed after its copy committed is finished by running it again.
@Suite struct MigrationResumeTests {
    @Test("迁移在复制提交后被中断：再运行一次只做核对并完成；换了来源则拒绝")
    func aRerunFinishesTheComparisonOfAnInterruptedMigration() throws {
        let folder = NSTemporaryDirectory() + "czk-resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/college.sqlite"
        try TestSchool.makeFile(at: path)
        let app = try CardApp.open(path: path, clock: .fixed(LocalDate("2025-10-15")!), hasher: .testing)
        _ = try app.record(TestSchool.draft("H1", "academic.teacher_communication", "S11", "2"))
        let target = folder + "/moved.sqlite"
        _ = try CardApp.migrate(from: path, to: target, clock: app.clock)
        // As the copy's commit leaves it when the process dies before the checks end.
        let moved = try CardApp.open(path: target, clock: app.clock, hasher: .testing)
        try moved.database.write { try $0.setMeta("migrationUnverifiedFrom", StoreLocation(path).description) }
        let other = folder + "/other.sqlite"
        try TestSchool.makeFile(at: other)
        #expect {
            try CardApp.migrate(from: other, to: target, clock: app.clock)
        } throws: { error in
            guard case AppError.migrationRefused(let why) = error else { return false }
            return why.contains("尚未核对完") && why.contains("同一个 --from")
        }
        let resumed = try CardApp.migrate(from: path, to: target, clock: app.clock)
        #expect(resumed.resumed && resumed.destination.isClean && resumed.accounts > 0)
        #expect(try moved.database.read { try $0.meta("migrationUnverifiedFrom") } == "")
        // Verified now: a third run refuses, as for any full destination.
        #expect(throws: AppError.self) { try CardApp.migrate(from: path, to: target, clock: app.clock) }
    }
}

/// `czk migrate --to` an existing file that is not an unfinished migration: refused, untouched.
@Suite struct MigrationForeignFileTests {
    @Test("迁移的目标是别人的文件（文本或别的 SQLite 库）：拒绝，文件一个字节也不变",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func aForeignFileAtTheDestinationIsLeftAsItWas() throws {
        let folder = NSTemporaryDirectory() + "czk-foreign-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/college.sqlite"
        try TestSchool.makeFile(at: path)
        let notes = folder + "/笔记.txt", other = folder + "/other.sqlite"
        try "老师的笔记".write(toFile: notes, atomically: true, encoding: .utf8)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [other, "CREATE TABLE grades(name TEXT, mark REAL); INSERT INTO grades VALUES ('张三', 88);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        for target in [notes, other] {
            let before = try Data(contentsOf: URL(fileURLWithPath: target))
            #expect {
                try CardApp.migrate(from: path, to: target, clock: .fixed(LocalDate("2025-10-15")!))
            } throws: { error in
                guard case AppError.migrationRefused(let why) = error else { return false }
                return why.contains("已经存在")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before, "\(target) was changed")
            #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
        }
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
