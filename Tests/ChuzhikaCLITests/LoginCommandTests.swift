import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

/// Logging in from a fresh home folder, as a student would.
@Suite struct LoginCommandTests {
    func home() throws -> (URL, [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("czk-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, ["HOME": folder.path, "CZK_DB": folder.appendingPathComponent("czk.sqlite").path, "CZK_TODAY": "2026-01-20"])
    }

    @Test("学生登录后只看得到自己的储值卡，任何命令、任何格式都一样")
    func aStudentSeesTheirOwnCardAndNothingElse() throws {
        let (folder, env) = try home()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(CommandRunner.runRaw(["demo", "--semesters", "1"], environment: env).code == 0)
        // Without a login, a command says how to log in
        let anonymous = CommandRunner.runRaw(["account", "2024010101"], environment: env)
        #expect(anonymous.code == 1)
        #expect(anonymous.err.contains("czk login"))
        // Given the student logs in with the demo password from standard input
        let login = CommandRunner.runRaw(["login", "2024010101", "--password-stdin"], environment: env, input: ["demo"])
        #expect(login.code == 0, "\(login.err)")
        let session = folder.appendingPathComponent(".config/czk/session").path
        let mode = try FileManager.default.attributesOfItem(atPath: session)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Then their own card shows
        let own = CommandRunner.runRaw(["account"], environment: env)
        #expect(own.code == 0, "\(own.err)")
        #expect(own.out.contains("刘婷婷（2024010101）"))
        // And no command, option or format reaches anyone else
        let attempts: [[String]] = [
            ["account", "2024010102"], ["account", "2024010102", "--json"], ["account", "2024010102", "--format", "csv"],
            ["account", "2099999999", "--json"], ["class", "WL2401"], ["class", "WL2401", "--json"], ["due"],
            ["due", "--staff", "T101"], ["audit"], ["users", "list"], ["appeals", "answer", "1", "--reject", "--reason", "x"],
            ["account", "--as", "2024010102"], ["record", "academic.gpa", "2024010101", "99", "--date", "2026-01-05"],
        ]
        for attempt in attempts {
            let result = CommandRunner.runRaw(attempt, environment: env)
            #expect(result.code != 0, "\(attempt) was allowed")
            #expect(!result.out.contains("2024010102,") && !result.out.contains("莫涛"), "\(attempt) leaked: \(result.out)")
            if attempt.contains("--json") {
                #expect(result.out.contains("\"error\""), "\(attempt)")
            }
        }
        let other = CommandRunner.runRaw(["account", "2024010102"], environment: env)
        let nobody = CommandRunner.runRaw(["account", "2099999999"], environment: env)
        #expect(other.err == nobody.err, "the same answer whether or not the 学号 exists")
    }

    @Test func logoutEndsTheSessionAndWhoamiSaysWhoIsLoggedIn() throws {
        let (folder, env) = try home()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = CommandRunner.runRaw(["demo", "--semesters", "1"], environment: env)
        _ = CommandRunner.runRaw(["login", "T101", "--password-stdin"], environment: env, input: ["demo"])
        let token = try String(contentsOfFile: folder.appendingPathComponent(".config/czk/session").path, encoding: .utf8)
        let whoami = CommandRunner.runRaw(["whoami"], environment: env)
        #expect(whoami.out.contains("王建国（T101）：班主任（WL2401）"), "\(whoami.out)")
        #expect(CommandRunner.runRaw(["logout"], environment: env).code == 0)
        #expect(CommandRunner.runRaw(["whoami"], environment: env).code == 1)
        // The token, put back by hand, is dead in the database too.
        try token.write(toFile: folder.appendingPathComponent(".config/czk/session").path, atomically: true, encoding: .utf8)
        let revived = CommandRunner.runRaw(["whoami"], environment: env)
        #expect(revived.code == 1)
        #expect(revived.err.contains("登录已注销"))
    }

    @Test func aWrongPasswordIsRefusedWithoutSayingWhetherTheIDExists() throws {
        let (folder, env) = try home()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = CommandRunner.runRaw(["demo", "--semesters", "1"], environment: env)
        let wrong = CommandRunner.runRaw(["login", "T101", "--password-stdin"], environment: env, input: ["nope"])
        let unknown = CommandRunner.runRaw(["login", "T999", "--password-stdin"], environment: env, input: ["nope"])
        #expect(wrong.code == 1)
        #expect(wrong.err == unknown.err)
        _ = CommandRunner.runRaw(["login", "A001", "--password-stdin"], environment: env, input: ["demo"])
        let audit = CommandRunner.runRaw(["audit", "--subject", "T101", "--format", "csv"], environment: env)
        #expect(audit.out.contains("login,T101,失败"), "\(audit.out)")
    }
}

extension LoginCommandTests {
    @Test("演示库中不登录也可用 --as；真实学校的库不行")
    func asWithoutALoginWorksInADemoOnly() throws {
        let (folder, env) = try home()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = CommandRunner.runRaw(["demo", "--semesters", "1"], environment: env)
        let due = CommandRunner.runRaw(["due", "--as", "T101"], environment: env)
        #expect(due.code == 0, "\(due.err)")
        #expect(due.out.contains("待录入"))
        // A real college's database asks for a login.
        var college = env
        college["CZK_DB"] = folder.appendingPathComponent("college.sqlite").path
        let made = CommandRunner.runRaw(["init", "--password-stdin", "--admin", "A1"], environment: college, input: ["long-enough-1"])
        #expect(made.code == 0, "\(made.err)")
        let refused = CommandRunner.runRaw(["due", "--as", "A1"], environment: college)
        #expect(refused.code == 1)
        #expect(refused.err.contains("还没有登录"))
    }
}

/// A session belongs to the database it was opened on.
@Suite struct SessionDatabaseTests {
    @Test("换了 --db 之后，说清这次登录属于另一个数据库，而不是“还没有登录”")
    func aSessionOfAnotherDatabaseSaysSo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("czk-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.sqlite").path, second = folder.appendingPathComponent("b.sqlite").path
        let env = ["HOME": folder.path, "CZK_TODAY": "2026-01-20"]
        for db in [first, second] { #expect(CommandRunner.runRaw(["demo", "--semesters", "1", "--db", db], environment: env).code == 0) }
        let login = CommandRunner.runRaw(["login", "T101", "--password-stdin", "--db", first], environment: env, input: ["demo"])
        #expect(login.code == 0, "\(login.err)")
        #expect(CommandRunner.runRaw(["whoami", "--db", first], environment: env).code == 0)
        let elsewhere = CommandRunner.runRaw(["account", "2024010101", "--db", second], environment: env)
        #expect(elsewhere.code != 0)
        #expect(elsewhere.err.contains("这次登录属于另一个数据库") && elsewhere.err.contains("a.sqlite"), "\(elsewhere.err)")
        #expect(!elsewhere.err.contains("还没有登录"), "\(elsewhere.err)")
    }
}
