import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

/// `czk risks evaluate` from the command line: the table, CSV, JSON and the HTML page.
@Suite struct RisksEvaluateCommandTests {
    @Test func theAdminBacktestsTheRulesAndWritesAPageWithCharts() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let env = ["CZK_TODAY": "2026-01-10"]
        let sheet = try CommandRunner.write("学号,结局,结局日期\nS11,退学,2026-03-01\nS12,毕业,\nS21,在读,\n")
        defer { try? FileManager.default.removeItem(atPath: sheet) }
        _ = CommandRunner.run(["groups", "add", "S11", "--group", "学费欠缴", "--reason", "未缴", "--db", db], as: "A1", environment: env)
        let table = CommandRunner.run(["risks", "evaluate", sheet, "--db", db], as: "A1", environment: env)
        #expect(table.code == 0, "\(table.err)")
        #expect(table.out.contains("检出率") && table.out.contains("退学 1 人，毕业 1 人，在读 1 人"), "\(table.out)")
        #expect(table.out.contains("任一预警"))
        let csv = CommandRunner.run(["risks", "evaluate", sheet, "--format", "csv", "--db", db], as: "A1", environment: env)
        #expect(csv.out.hasPrefix("范围,规则号,规则,等级,退学有预警"), "\(csv.out)")
        let json = CommandRunner.run(["risks", "evaluate", sheet, "--json", "--sweep", "finance.fees", "--db", db], as: "A1", environment: env)
        #expect(json.code == 0 && json.out.contains("\"sweep\"") && json.out.contains("\"indicator\" : \"cumulative_share_failed\""), "\(json.out)")
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("czk-eval-\(UUID().uuidString).html").path
        defer { try? FileManager.default.removeItem(atPath: page) }
        let html = CommandRunner.run(["risks", "evaluate", sheet, "--sweep", "course.failed_share", "--out", page, "--db", db],
                                     as: "A1", environment: env)
        #expect(html.code == 0 && html.err.contains("已生成预警规则回测"), "\(html.err)")
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(text.contains("<svg") && text.contains("data-chart=\"rules\"") && text.contains("data-chart=\"sweep\""))
    }

    @Test func othersAreRefusedAndABadSheetNamesItsLine() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let env = ["CZK_TODAY": "2026-01-10"]
        let sheet = try CommandRunner.write("学号,结局\nS11,退学\nS12,转学\n")
        defer { try? FileManager.default.removeItem(atPath: sheet) }
        let refused = CommandRunner.run(["risks", "evaluate", sheet, "--db", db], as: "F1", environment: env)
        #expect(refused.code == 1 && refused.err.contains("管理员"), "\(refused.err)")
        let bad = CommandRunner.run(["risks", "evaluate", sheet, "--db", db], as: "A1", environment: env)
        #expect(bad.code == 1 && bad.err.contains(":3") && bad.err.contains("转学"), "\(bad.err)")
        let usage = CommandRunner.run(["risks", "evaluate", sheet, "--thresholds", "10,20", "--db", db], as: "A1", environment: env)
        #expect(usage.code == 64)
    }
}
