import ChuzhikaApp
import ChuzhikaSheets
import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import Testing

/// Exports stay within the reader's scope, in every format.
@Suite struct ExportTests {
    func school() throws -> String {
        let db = try CommandRunner.school()
        for (who, args) in [("H1", ["academic.gpa", "S11", "85"]), ("F1", ["personal.counseling", "S11", "3"]),
                            ("H2", ["academic.gpa", "S21", "70"])] {
            let result = CommandRunner.run(["record", "--db", db, "--as", who] + args + ["--date", "2026-01-05"])
            #expect(result.code == 0, "\(result.err)")
        }
        return db
    }

    @Test("学生只导出本人的记录")
    func aStudentExportsOnlyTheirOwnCard() throws {
        let db = try school()
        let mine = CommandRunner.run(["export", "records", "--db", db, "--as", "S11"])
        #expect(mine.code == 0, "\(mine.err)")
        let rows = mine.out.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains(",S11,") }, "\(mine.out)")
        #expect(!mine.out.contains("心理辅导"), "a student never sees 心理 content, even their own")
        #expect(CommandRunner.run(["export", "records", "--db", db, "--as", "S11", "--class", "C2"]).code == 1)
        #expect(CommandRunner.run(["export", "warnings", "--db", db, "--as", "S11"]).code == 1)
    }

    @Test("教师只导出所管班级；心理记录只给辅导员")
    func staffExportTheirClassesAndOnlyCounselorsSeePsychologicalRecords() throws {
        let db = try school()
        let head = CommandRunner.run(["export", "records", "--db", db, "--as", "H1"])
        #expect(head.code == 0 && head.out.contains(",S11,") && !head.out.contains(",S21,"), "\(head.out)")
        #expect(!head.out.contains("personal.counseling"), "the 班主任 does not see the 心理 record")
        let counselor = CommandRunner.run(["export", "records", "--db", db, "--as", "F1"])
        #expect(counselor.out.contains("personal.counseling"), "\(counselor.out)")
        let other = CommandRunner.run(["export", "accounts", "--db", db, "--as", "H2", "--class", "C1"])
        #expect(other.code == 1, "another class's 班主任 is refused")
        let accounts = CommandRunner.run(["export", "accounts", "--db", db, "--as", "H2", "--semester", "2025-2026-1"])
        #expect(accounts.code == 0 && accounts.out.hasPrefix("学号,姓名,班级,学期"), "\(accounts.err)")
        #expect(accounts.out.contains("S21") && !accounts.out.contains("S11"))
    }

    @Test func xlsxHoldsTheSameRowsAsCSV() throws {
        let db = try school()
        let csv = CommandRunner.run(["export", "classes", "--db", db, "--as", "A1", "--semester", "2025-2026-1"])
        #expect(csv.code == 0, "\(csv.err)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).xlsx").path
        #expect(CommandRunner.run(["export", "classes", "--db", db, "--as", "A1", "--semester", "2025-2026-1", "--format", "xlsx"]).code != 0,
                ".xlsx needs --out")
        let written = CommandRunner.run(["export", "classes", "--db", db, "--as", "A1", "--semester", "2025-2026-1", "--format", "xlsx", "--out", path])
        #expect(written.code == 0, "\(written.err)")
        let sheet = try SheetFile.read(try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
        let lines = csv.out.split(separator: "\n").map(String.init)
        #expect(sheet.headers.joined(separator: ",") == lines[0])
        #expect(sheet.rows.map { row in sheet.headers.map { row.fields[$0] ?? "" }.joined(separator: ",") } == Array(lines.dropFirst()))
    }
}
