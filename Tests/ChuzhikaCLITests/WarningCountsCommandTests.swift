import ChuzhikaApp
import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

/// Counts that add up, from the command line: withheld warnings said beside every listing,
/// warning changes summarised by rule and level, indicators with units, sheet templates.
@Suite struct WarningCountsCommandTests {
    let env = ["CZK_TODAY": "2025-11-12"]

    /// The small school with S11 and S13 on the 学费欠缴 register (two 理财 warnings).
    func school() throws -> String {
        let db = try CommandRunner.school()
        let sheet = try CommandRunner.write("学号,群体,原因\nS11,学费欠缴,未缴学费\nS13,学费欠缴,未缴学费\n")
        defer { try? FileManager.default.removeItem(atPath: sheet) }
        let imported = CommandRunner.run(["groups", "import", sheet, "--db", db], as: "F1", environment: env)
        #expect(imported.code == 0, "\(imported.err)")
        return db
    }

    @Test("czk risks --json 是带 warnings 和 withheld 的对象")
    func theJSONListingCarriesTheWithheldCounts() throws {
        let db = try school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let admin = CommandRunner.run(["risks", "--json", "--db", db], as: "A1", environment: env)
        #expect(admin.code == 0, "\(admin.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(admin.out.utf8)) as? [String: Any])
        #expect(object["warnings"] is [Any])
        let withheld = try #require(object["withheld"] as? [[String: Any]])
        #expect(withheld.count == 1)
        #expect(withheld.first?["category"] as? String == "理财")
        #expect(withheld.first?["count"] as? Int == 2)
        #expect(withheld.first?["visibleTo"] as? String == "该生的辅导员")
        let counselor = CommandRunner.run(["risks", "--json", "--db", db], as: "F1", environment: env)
        let mine = try #require(try JSONSerialization.jsonObject(with: Data(counselor.out.utf8)) as? [String: Any])
        #expect((mine["withheld"] as? [Any])?.isEmpty == true)
        #expect(((mine["warnings"] as? [[String: Any]]) ?? []).filter { $0["category"] as? String == "理财" }.count == 2)
    }

    @Test("CSV 和表格：被隐去的条数写在 stderr，CSV 仍是纯 CSV")
    func csvAndTableSayTheCountOnStandardError() throws {
        let db = try school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let csv = CommandRunner.run(["risks", "--format", "csv", "--db", db], as: "A1", environment: env)
        #expect(csv.code == 0, "\(csv.err)")
        #expect(csv.out.hasPrefix("预警号,") && !csv.out.contains("另有"), "\(csv.out)")
        #expect(csv.err.contains("另有 理财 2 条预警仅该生的辅导员可见"), "\(csv.err)")
        let table = CommandRunner.run(["risks", "--db", db], as: "X1", environment: env)
        #expect(table.err.contains("另有 理财 2 条预警仅该生的辅导员可见"), "\(table.err)")
        let export = CommandRunner.run(["export", "warnings", "--db", db], as: "A1", environment: env)
        #expect(export.code == 0 && export.out.hasPrefix("预警号,") && !export.out.contains("另有"))
        #expect(export.err.contains("另有 理财 2 条预警仅该生的辅导员可见"), "\(export.err)")
        let counselor = CommandRunner.run(["risks", "--format", "csv", "--db", db], as: "F1", environment: env)
        #expect(!counselor.err.contains("另有"), "\(counselor.err)")
    }

    @Test("导入后打印按规则和等级的汇总；--verbose 才逐条列出")
    func anImportPrintsASummaryAndEachStudentOnlyWithVerbose() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let sheet = try CommandRunner.write("学号,群体,原因\nS11,学费欠缴,未缴学费\nS12,学费欠缴,未缴学费\n")
        let quiet = CommandRunner.run(["groups", "import", sheet, "--db", db], as: "F1", environment: env)
        #expect(quiet.code == 0, "\(quiet.err)")
        #expect(quiet.out.contains("预警变化：新预警 2 条，升级 0 条，消除 0 条"), "\(quiet.out)")
        let header = try #require(quiet.out.split(separator: "\n").first { $0.hasPrefix("规则") })
        #expect(header.split(separator: " ").map(String.init) == ["规则", "等级", "新预警", "升级", "消除"])
        #expect(quiet.out.contains("学费欠缴或经济困难并有挂科") && quiet.out.contains("--verbose"), "\(quiet.out)")
        #expect(!quiet.out.contains("预警新预警：S11"))
        let ended = try CommandRunner.write("学号,群体,原因,日期,状态\nS11,学费欠缴,已缴清,,结束\n")
        let verbose = CommandRunner.run(["groups", "import", ended, "--db", db, "--verbose"], as: "F1", environment: env)
        #expect(verbose.out.contains("消除") && verbose.out.contains("预警消除：S11 学费欠缴或经济困难并有挂科"), "\(verbose.out)")
        // 学工办 is told of the 理财 changes by count only.
        let office = try CommandRunner.write("学号,群体,原因\nS13,学费欠缴,未缴学费\n")
        let byOffice = CommandRunner.run(["groups", "import", office, "--db", db, "--verbose"], as: "X1", environment: env)
        #expect(byOffice.code == 0, "\(byOffice.err)")
        #expect(byOffice.out.contains("另有 理财 1 项预警变化仅该生的辅导员可见"), "\(byOffice.out)")
        #expect(!byOffice.out.contains("S13"), "\(byOffice.out)")
        for file in [sheet, ended, office] { try? FileManager.default.removeItem(atPath: file) }
    }

    @Test func theScanSaysWhatItChangedAsJSONToo() throws {
        let db = try school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let scan = CommandRunner.run(["risks", "scan", "--json", "--db", db], as: "A1", environment: env)
        #expect(scan.code == 0, "\(scan.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(scan.out.utf8)) as? [String: Any])
        #expect(object["changes"] is [Any] && object["summary"] is [String: Any], "\(scan.out)")
    }

    @Test("rules list --indicators 列出每个指标的中文名、单位和范围")
    func theIndicatorsAreListedWithUnitsAndRanges() throws {
        let table = CommandRunner.run(["rules", "list", "--indicators"])
        #expect(table.code == 0, "\(table.err)")
        let row = try #require(table.out.split(separator: "\n").first { $0.hasPrefix("share_failed ") })
        #expect(row.contains("%") && row.contains("0–100") && row.contains("个体"), "\(row)")
        #expect(table.out.contains("fail_student_rate") && table.out.contains("班级"))
        let csv = CommandRunner.run(["rules", "list", "--indicators", "--format", "csv"])
        #expect(csv.out.hasPrefix("指标,中文名,对象,单位,取值范围\n"), "\(csv.out)")
        #expect(csv.out.contains("fees_owed,在学费欠缴名册(1 是),个体,是否,0 或 1"), "\(csv.out)")
        let json = CommandRunner.run(["rules", "list", "--indicators", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(list.count == CardApp.riskIndicators().count)
        #expect(list.first { $0["name"] as? String == "credits_taken" }?["maximum"] == nil, "a count has no upper bound")
    }

    @Test("rules check 对可疑阈值给出警告（文件:行:列和规则编号），但不失败")
    func rulesCheckWarnsAboutSuspiciousThresholds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("czk-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "version: t\n".write(to: folder.appendingPathComponent("card.yaml"), atomically: true, encoding: .utf8)
        try """
            risks:
              - id: x.half
                name: 一半挂科
                category: 学业
                levels:
                  - {level: 红, when: "share_failed >= 0.5"}
                  - {level: 黄, when: "absence_rate > 100"}
                notify: [班主任]
                advice: 谈话
            """.write(to: folder.appendingPathComponent("risks.yaml"), atomically: true, encoding: .utf8)
        let check = CommandRunner.run(["rules", "check", "--rules", folder.path])
        #expect(check.code == 0, "a warning does not fail the check: \(check.err)")
        #expect(check.err.contains("risks.yaml:6:"), "\(check.err)")
        #expect(check.err.contains("x.half") && check.err.contains("要表示一半请写 50"), "\(check.err)")
        #expect(check.err.contains("risks.yaml:7:") && check.err.contains("absence_rate > 100 永远不成立"), "\(check.err)")
        #expect(check.out.contains("2 处警告"), "\(check.out)")
    }

    @Test("成绩表和名册表的模板正是导入所认的表头")
    func theTemplatesAreTheImportersHeaders() throws {
        let results = CommandRunner.run(["results", "template"])
        #expect(results.out == CardApp.resultHeader.joined(separator: ",") + "\n")
        #expect(results.out == "学号,课程,学分,成绩,考试性质,学期\n")
        let groups = CommandRunner.run(["groups", "template"])
        #expect(groups.out == CardApp.registerHeader.joined(separator: ",") + "\n")
        #expect(Set(CardApp.registerColumns).isSubset(of: CardApp.registerHeader))
        #expect(CommandRunner.run(["groups", "template", "--bom"]).out.hasPrefix("\u{FEFF}学号,"))
        // A sheet made from each template imports.
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let sheet = try CommandRunner.write(results.out + "S11,程序设计,4,85,正考,2025-2026-1\n")
        let imported = CommandRunner.run(["results", "import", sheet, "--db", db], as: "K1", environment: env)
        #expect(imported.code == 0 && imported.out.contains("1 条成绩"), "\(imported.err)")
        let register = try CommandRunner.write(groups.out + "S11,经济困难,低保,2025-11-01,列入\n")
        let listed = CommandRunner.run(["groups", "import", register, "--db", db], as: "F1", environment: env)
        #expect(listed.code == 0 && listed.out.contains("1 行"), "\(listed.err)")
        for file in [sheet, register] { try? FileManager.default.removeItem(atPath: file) }
    }
}
