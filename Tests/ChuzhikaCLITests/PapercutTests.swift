import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

/// What a new user hit trying the README (issue 6), each pinned by a test.
@Suite struct PapercutTests {
    @Test("负数值不用 -- 也能录入")
    func aNegativeValueIsAValueNotAnOption() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        // Given 职业素养增值 allows −100…100 and Y1 is the 教研室 of S11's major
        // When a negative value is typed as it is
        let result = CommandRunner.run(["record", "--db", db, "--as", "Y1", "career.literacy_gain", "S11", "-5", "--date", "2026-01-05"])
        // Then it is recorded, not taken for an option
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("职业素养增值 = -5"))
    }

    @Test func anUnknownOptionAfterTheValueIsStillAnError() throws {
        let result = CommandRunner.run(["record", "--as", "H1", "academic.gpa", "S11", "80", "--bogus"])
        #expect(result.code == 64)
        #expect(result.err.contains("未知选项 --bogus"))
        let two = CommandRunner.run(["record", "--as", "H1", "academic.gpa", "S11", "80", "81"])
        #expect(two.code == 64)
        #expect(two.err.contains("只能有一个数值"))
    }

    @Test("数值选项给 −1、0 和极大值都不会崩溃", arguments: [
        (["account", "S11", "--as", "H1"], "--recent"), (["due", "--as", "H1"], "--ahead"), (["demo"], "--semesters"),
        (["record", "--as", "H1", "academic.punctuality", "S11", "是"], "--session"),
    ])
    func noNumericOptionCrashes(command: [String], option: String) throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        for value in ["-1", "0", "9223372036854775807", "99999999999999999999999"] {
            let result = CommandRunner.run(command + ["--db", db, "\(option)=\(value)"])
            // Every answer is a message and an exit code (0, 1 or 64), never a trap.
            #expect([0, 1, 64].contains(result.code), "\(option)=\(value): \(result.code)")
            if result.code == 64 { #expect(result.err.contains("错误："), "\(option)=\(value): \(result.err)") }
        }
        let separate = CommandRunner.run(command + ["--db", db, option, "-1"])
        #expect(separate.code == 64, "\(option) -1 is refused by its range, not misread")
        #expect(!separate.err.contains("缺少"), "\(separate.err)")
    }

    @Test func recentMinusOneIsRefusedWithItsRange() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let result = CommandRunner.run(["account", "--db", db, "S11", "--recent=-1", "--as", "H1"])
        #expect(result.code == 64)
        #expect(result.err.contains("--recent 应为 0 到 1000 之间的整数"))
    }

    @Test("不存在的日期说日子不对，而不是格式不对")
    func anImpossibleDateIsNamedAsSuch() throws {
        let result = CommandRunner.run(["record", "--as", "H1", "academic.gpa", "S11", "80", "--date", "2026-02-30"])
        #expect(result.code == 64)
        #expect(result.err.contains("2026 年 2 月只有 28 天"), "\(result.err)")
        let month = CommandRunner.run(["due", "--date", "2026-13-01"])
        #expect(month.err.contains("没有 13 月"), "\(month.err)")
    }

    @Test func slashesAndChineseDatesAreReadAsDocumented() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let slash = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.gpa", "S11", "80", "--date", "2026/1/5"])
        #expect(slash.code == 0, "\(slash.err)")
        let chinese = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.gpa", "S12", "80", "--date", "2026年1月5日"])
        #expect(chinese.code == 0, "\(chinese.err)")
        let help = CommandRunner.run(["record", "--help"])
        #expect(help.out.contains("2025/10/22"))
    }

    @Test("全角数字和学号读作半角")
    func fullWidthInputReadsAsASCII() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let result = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.gpa", "Ｓ１１", "８８", "--date", "２０２６－０１－０５"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("学期学分绩 = 88"))
    }

    @Test func aStrayYIsRefusedWithTheAcceptedSpellings() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let result = CommandRunner.run(["record", "--db", db, "--as", "K1", "academic.punctuality", "S11", "Y",
                                        "--date", "2025-10-15", "--session", "1"])
        #expect(result.code == 1)
        #expect(result.err.contains("“Y”不是是/否（可写 是/否"), "\(result.err)")
    }

    @Test func importTakesTheCorrectionItsDuplicateHintSuggests() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let sheet = try CommandRunner.write("学号,数值\nS11,85\n")
        let args = ["import", "--db", db, "--as", "H1", "--point", "academic.gpa", "--date", "2026-01-05", sheet]
        #expect(CommandRunner.run(args).code == 0)
        // The same sheet again adds nothing, and says so
        let same = CommandRunner.run(args)
        #expect(same.code == 0 && same.out.contains("都已导入过"), "\(same.out)\(same.err)")
        // A changed value: the hint says what to add
        let changed = try CommandRunner.write("学号,数值\nS11,86\n")
        let changedArgs = ["import", "--db", db, "--as", "H1", "--point", "academic.gpa", "--date", "2026-01-05", changed]
        let again = CommandRunner.run(changedArgs)
        #expect(again.code == 1)
        #expect(again.err.contains("--correct --reason"))
        // And import takes exactly that
        let corrected = CommandRunner.run(changedArgs + ["--correct", "--reason", "成绩复核"])
        #expect(corrected.code == 0, "\(corrected.err)")
        #expect(corrected.out.contains("其中更正 1 条"))
    }

    @Test func jsonErrorsAreAnObjectOnStdout() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let refused = CommandRunner.run(["record", "--db", db, "--as", "H2", "academic.gpa", "S11", "92", "--date", "2025-12-20", "--json"])
        #expect(refused.code == 1)
        let object = try JSONSerialization.jsonObject(with: Data(refused.out.utf8)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "wrongOwner")
        #expect((error?["message"] as? String)?.contains("不是 张三（S11） 的班主任") == true)
        #expect(error?["hint"] as? String != nil)
        // A sheet's problems carry their location
        let sheet = try CommandRunner.write("学号,数值\nS11,850\n")
        let bad = CommandRunner.run(["import", "--db", db, "--as", "H1", "--point", "academic.gpa", "--date", "2026-01-05", sheet, "--json"])
        let badError = (try JSONSerialization.jsonObject(with: Data(bad.out.utf8)) as? [String: Any])?["error"] as? [String: Any]
        #expect(badError?["code"] as? String == "inputProblems")
        #expect((badError?["location"] as? [String: Any])?["line"] as? Int == 2)
        // And so does a usage error
        let usage = CommandRunner.run(["account", "--recent=-1", "S11", "--json"])
        let usageError = (try JSONSerialization.jsonObject(with: Data(usage.out.utf8)) as? [String: Any])?["error"] as? [String: Any]
        #expect(usageError?["code"] as? String == "usage")
    }

    @Test func everyListingTakesCSVWithChineseHeadersAndABOM() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        _ = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.gpa", "S11", "92", "--date", "2025-12-20"])
        let listings: [[String]] = [
            ["account", "--db", db, "S11", "--as", "H1"], ["class", "--db", db, "C1", "--as", "H1"],
            ["due", "--db", db, "--date", "2025-09-19", "--as", "H1"], ["rules", "list"], ["calendar", "show", "--db", db, "--as", "S11"],
        ]
        for command in listings {
            let csv = CommandRunner.run(command + ["--format", "csv"])
            #expect(csv.code == 0, "\(command): \(csv.err)")
            let header = csv.out.split(separator: "\n").first.map(String.init) ?? ""
            #expect(header.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(command): \(header)")
            #expect(!header.contains("id,") && !header.hasPrefix("staff"), "\(command): \(header)")
            let bom = CommandRunner.run(command + ["--format", "csv", "--bom"])
            #expect(bom.out.hasPrefix("\u{FEFF}"), "\(command)")
            let json = CommandRunner.run(command + ["--json"])
            #expect((try? JSONSerialization.jsonObject(with: Data(json.out.utf8))) != nil, "\(command)")
        }
    }
}
