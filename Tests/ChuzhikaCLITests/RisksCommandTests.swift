import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

/// The warning lifecycle from the command line: raised by a record, escalated, followed up,
/// resolved, and raised again as a second episode.
@Suite struct RisksCommandTests {
    @Test func theWholeLifecycleWorksFromTheCommandLine() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let env = ["CZK_TODAY": "2025-11-12"]
        func run(_ args: [String], as person: String) -> CommandRunner.Result {
            CommandRunner.run(args + ["--db", db], as: person, environment: env)
        }
        // A record pushes S11 over the threshold: the same command says so.
        let first = run(["record", "academic.full_attendance", "S11", "90", "--date", "2025-09-12"], as: "H1")
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("预警新预警：S11 长期缺勤（橙·学业）"), "\(first.out)")
        let worse = run(["record", "academic.full_attendance", "S11", "60", "--date", "2025-09-19"], as: "H1")
        #expect(worse.out.contains("预警升级：S11 长期缺勤（红·学业）"), "\(worse.out)")
        // The counselor lists it, most urgent first, and follows it up.
        let list = run(["risks", "--format", "csv"], as: "F1")
        let row = try #require(list.out.split(separator: "\n").dropFirst().first { $0.contains("S11") && $0.contains("长期缺勤") })
        let id = String(row.split(separator: ",")[0])
        #expect(row.contains(",红,"))
        #expect(run(["risks", "ack", id], as: "F1").out.contains("已确认"))
        #expect(run(["risks", "note", id, "--action", "谈心谈话", "--text", "家里有事"], as: "F1").out.contains("跟进中"))
        let show = run(["risks", "show", id], as: "F1")
        #expect(show.out.contains("升级") && show.out.contains("谈心谈话：家里有事"), "\(show.out)")
        // When the condition clears the warning closes by itself; when it comes back, a second episode opens.
        _ = run(["record", "academic.full_attendance", "S11", "100", "--date", "2025-09-12", "--correct", "--reason", "补录"], as: "H1")
        let cleared = run(["record", "academic.full_attendance", "S11", "100", "--date", "2025-09-19", "--correct", "--reason", "补录"], as: "H1")
        #expect(cleared.out.contains("预警消除：S11 长期缺勤"), "\(cleared.out)")
        #expect(run(["risks", "show", id], as: "F1").out.contains("状态：已消除"))
        #expect(run(["risks", "resolve", id, "--reason", "出勤恢复"], as: "F1").code == 1, "a closed warning takes no more steps")
        let again = run(["record", "academic.full_attendance", "S11", "70", "--date", "2025-09-26"], as: "H1")
        #expect(again.out.contains("预警再次预警：S11 长期缺勤"), "\(again.out)")
        let json = run(["risks", "--json"], as: "F1")
        #expect(json.out.contains("\"episode\" : 2"), "\(json.out)")
        // A student never reaches the warnings.
        let student = run(["risks"], as: "S11")
        #expect(student.code == 1)
    }
}
