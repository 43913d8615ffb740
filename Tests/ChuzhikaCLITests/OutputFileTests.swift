import ChuzhikaTestSupport
import Foundation
import Testing

/// `--out` and `--rejected` never destroy anything: not the college's database, not the sheet
/// being imported, not an existing file without `--force`; and what they write is 0600.
@Suite struct OutputFileTests {
    static func size(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1 }
    static func mode(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1 }
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString)-\(name)").path
    }

    /// Every record of the school, as the admin exports them.
    static func records(_ db: String) -> String {
        CommandRunner.run(["export", "records", "--db", db, "--as", "A1", "--semester", "2025-2026-1"]).out
    }

    static func isSQLite(_ path: String) -> Bool {
        (FileManager.default.contents(atPath: path) ?? Data()).prefix(15) == Data("SQLite format 3".utf8)
    }

    @Test func aReportPointedAtTheDatabaseIsRefusedAndTheDatabaseStaysWhole() throws {
        let db = try CommandRunner.school()
        // (Each run as H1 opens a login session in the database: compare what it holds, not its bytes.)
        let before = Self.records(db)
        for out in [db, db + "-wal", db + "-shm", "./" + (db as NSString).lastPathComponent] {
            let cwd = FileManager.default.currentDirectoryPath
            FileManager.default.changeCurrentDirectoryPath((db as NSString).deletingLastPathComponent)
            defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
            for force in [false, true] {
                let result = CommandRunner.run(["report", "student", "S11", "--db", db, "--as", "H1", "--out", out]
                                               + (force ? ["--force"] : []))
                #expect(result.code != 0, "report --out \(out) exited 0")
                #expect(result.err.contains("数据库"), "\(result.err)")
            }
        }
        #expect(Self.isSQLite(db) && Self.records(db) == before)
        #expect(CommandRunner.run(["check", "--db", db]).code == 0)
        let export = CommandRunner.run(["export", "records", "--db", db, "--as", "H1", "--out", db, "--force"])
        #expect(export.code != 0 && export.err.contains("数据库"), "\(export.err)")
        #expect(Self.isSQLite(db) && Self.records(db) == before)
    }

    @Test func anExistingFileIsKeptUnlessForcedAndWhatIsWrittenIsOwnerOnly() throws {
        let db = try CommandRunner.school()
        let out = Self.temporary("报告.html")
        try "老师的东西".write(toFile: out, atomically: true, encoding: .utf8)
        let refused = CommandRunner.run(["report", "student", "S11", "--db", db, "--as", "H1", "--out", out])
        #expect(refused.code != 0 && refused.err.contains("已经存在") && refused.err.contains("--force"), "\(refused.err)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "老师的东西")
        let forced = CommandRunner.run(["report", "student", "S11", "--db", db, "--as", "H1", "--out", out, "--force"])
        #expect(forced.code == 0, "\(forced.err)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("张三"))
        #expect(Self.mode(out) == 0o600)
        let fresh = Self.temporary("导出.csv")
        let export = CommandRunner.run(["export", "records", "--db", db, "--as", "H1", "--out", fresh])
        #expect(export.code == 0, "\(export.err)")
        #expect(Self.mode(fresh) == 0o600)
        let again = CommandRunner.run(["export", "records", "--db", db, "--as", "H1", "--out", fresh])
        #expect(again.code != 0 && again.err.contains("已经存在"), "\(again.err)")
    }

    @Test func rejectedRowsNeverOverwriteTheDatabaseOrTheSheetAndNothingIsImported() throws {
        let db = try CommandRunner.school()
        let sheet = try CommandRunner.write("学号,数值,日期\nS11,2,2025-10-15\nS99,2,2025-10-15\n")
        let sheetBefore = try String(contentsOfFile: sheet, encoding: .utf8)
        let dbBefore = Self.records(db)
        for target in [db, sheet, db + "-wal"] {
            let result = CommandRunner.run(["import", "--db", db, "--as", "H1", "--point", "academic.teacher_communication",
                                            "--skip-invalid", "--rejected", target, "--force", sheet])
            #expect(result.code != 0, "--rejected \(target) exited 0")
        }
        #expect(try String(contentsOfFile: sheet, encoding: .utf8) == sheetBefore)
        #expect(Self.isSQLite(db) && Self.records(db) == dbBefore, "a refused import wrote to the database")
        let rejected = Self.temporary("未导入.csv")
        let ok = CommandRunner.run(["import", "--db", db, "--as", "H1", "--point", "academic.teacher_communication",
                                    "--skip-invalid", "--rejected", rejected, sheet])
        #expect(ok.code == 0, "\(ok.err)")
        #expect(try String(contentsOfFile: rejected, encoding: .utf8).contains("S99"))
        #expect(Self.mode(rejected) == 0o600)
    }
}
