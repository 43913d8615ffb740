import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk tokens`: the admin's; the token shown once and never again; every wrong setting refused
/// with what to write.
@Suite struct TokensCommandTests {
    @Test func tokensAreTheAdminsShownOnceAndRefusedWhenWrong() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        func run(_ args: [String], as person: String = "A1") -> CommandRunner.Result {
            CommandRunner.run(args + ["--db", db], as: person)
        }
        let badScope = run(["tokens", "add", "教务系统", "--scope", "results:write,grades:read"])
        #expect(badScope.code == 64 && badScope.err.contains("grades:read") && badScope.err.contains("results:write"), "\(badScope.err)")
        let badDate = run(["tokens", "add", "教务系统", "--scope", "results:write", "--expires", "明年"])
        #expect(badDate.code == 64 && badDate.err.contains("YYYY-MM-DD"), "\(badDate.err)")
        let both = run(["tokens", "add", "教务系统", "--scope", "results:write", "--class", "C1", "--department", "D1"])
        #expect(both.code == 64, "\(both.err)")
        let past = run(["tokens", "add", "教务系统", "--scope", "results:write", "--expires", "2020-01-01"])
        #expect(past.code == 1 && past.err.contains("已经过去"), "\(past.err)")
        let rosterOfAClass = run(["tokens", "add", "学工系统", "--scope", "roster:write", "--class", "C1"])
        #expect(rosterOfAClass.code == 1 && rosterOfAClass.err.contains("全校"), "\(rosterOfAClass.err)")
        let unknownClass = run(["tokens", "add", "学工系统", "--scope", "accounts:read", "--class", "C9"])
        #expect(unknownClass.code == 1 && unknownClass.err.contains("C9"), "\(unknownClass.err)")
        let teacher = run(["tokens", "add", "我的系统", "--scope", "warnings:read"], as: "H1")
        #expect(teacher.code == 1 && teacher.err.contains("管理员"), "\(teacher.err)")
        #expect(run(["tokens", "list"], as: "H1").code == 1)

        let added = run(["tokens", "add", "教务系统", "--scope", "results:write,warnings:read", "--department", "D1", "--expires", "2030-07-31"])
        #expect(added.code == 0, "\(added.err)")
        let secret = try #require(added.out.split(separator: "\n").first { $0.hasPrefix("czk_") }.map(String.init))
        #expect(secret.count == 68)
        for format in [[], ["--json"], ["--format", "csv"]] {
            let listed = run(["tokens", "list"] + format)
            #expect(listed.code == 0 && listed.out.contains("教务系统") && listed.out.contains("2030-07-31"), "\(listed.out)")
            #expect(!listed.out.contains(secret) && !listed.out.contains(String(secret.dropFirst(4))), "a listing showed the token")
        }
        let audit = run(["audit", "--json"])
        #expect(audit.out.contains("tokens add") && !audit.out.contains(String(secret.dropFirst(4))), "the token in the audit log")
        #expect(run(["tokens", "revoke", "1"]).code == 0)
        let twice = run(["tokens", "revoke", "1"])
        #expect(twice.code == 1 && twice.err.contains("已于"), "\(twice.err)")
        #expect(run(["tokens", "list", "--format", "csv"]).out.contains("已吊销"))
    }
}
