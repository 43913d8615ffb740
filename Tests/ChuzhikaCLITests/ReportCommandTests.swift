import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk report`: formats, files, and refusals as exit codes.
@Suite struct ReportCommandTests {
    func school() throws -> String {
        let db = try CommandRunner.school()
        let result = CommandRunner.run(["record", "--db", db, "--as", "H1", "academic.gpa", "S11", "85", "--date", "2026-01-05"])
        #expect(result.code == 0, "\(result.err)")
        return db
    }

    @Test("--out 的扩展名决定格式；默认在屏幕上输出 Markdown")
    func theFormatFollowsTheFileName() throws {
        let db = try school()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).html").path
        let written = CommandRunner.run(["report", "student", "S11", "--db", db, "--as", "H1", "--semester", "2025-2026-1", "--out", path])
        #expect(written.code == 0, "\(written.err)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("张三"))
        let screen = CommandRunner.run(["report", "student", "S11", "--db", db, "--as", "H1", "--semester", "2025-2026-1"])
        #expect(screen.out.hasPrefix("# 学生发展诊改报告 · 张三"), "\(screen.out.prefix(80))")
        let json = CommandRunner.run(["report", "class", "C1", "--db", db, "--as", "H1", "--semester", "2025-2026-1", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect((object?["card"] as? [String: Any])?["classID"] as? String == "C1")
    }

    @Test("无权查看时退出码为 1，并说明原因")
    func refusalsFailWithAReason() throws {
        let db = try school()
        let other = CommandRunner.run(["report", "student", "S12", "--db", db, "--as", "S11"])
        #expect(other.code == 1 && other.err.contains("学生只能查看本人"), "\(other.err)")
        let college = CommandRunner.run(["report", "college", "--db", db, "--as", "H1"])
        #expect(college.code == 1 && college.err.contains("学工办和管理员"), "\(college.err)")
        let unknown = CommandRunner.run(["report", "class", "C9", "--db", db, "--as", "A1"])
        #expect(unknown.code != 0 && unknown.err.contains("C9"), "\(unknown.err)")
    }
}
