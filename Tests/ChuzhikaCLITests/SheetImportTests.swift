import ChuzhikaApp
import ChuzhikaSheets
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// Sheets as teachers have them: GB18030 CSV from Excel on Chinese Windows, .xlsx, a column per
/// point or per session; all or nothing with every bad row named; the same sheet twice adds
/// nothing; --skip-invalid imports the good rows and hands back the bad ones.
@Suite struct SheetImportTests {
    static let badRows = """
        学号,采分点,数值,日期
        S11,academic.gpa,85,2026-01-05
        S12,academic.gpa,八十,2026-01-05
        S99,academic.gpa,80,2026-01-05
        S13,academic.gpa,80,2026-02-30
        """

    func gb18030(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).csv").path
        let data = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(String(data: data, encoding: .utf8) == nil, "really not UTF-8")
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func xlsx(_ text: String) throws -> String {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let data = try XLSXWriter.workbook(headers: lines[0], rows: Array(lines.dropFirst()))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).xlsx").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func records(_ db: String) throws -> Int {
        try CardApp.open(path: db).database.read { try $0.recordCount(in: SemesterID(rawValue: "2025-2026-1")) }
    }

    @Test(arguments: ["gb18030", "xlsx"])
    func aSheetWithThreeBadRowsChangesNothingAndNamesAllThree(format: String) throws {
        let db = try CommandRunner.school()
        let file = format == "xlsx" ? try xlsx(Self.badRows) : try gb18030(Self.badRows)
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", file])
        #expect(result.code == 1)
        for line in [3, 4, 5] { #expect(result.err.contains("\(file):\(line)"), "line \(line): \(result.err)") }
        #expect(!result.err.contains("\(file):2"), "the good row is not blamed")
        #expect(try records(db) == 0)

        let fixed = Self.badRows.replacingOccurrences(of: "八十", with: "80").replacingOccurrences(of: "S99", with: "S13")
            .replacingOccurrences(of: "S13,academic.gpa,80,2026-02-30", with: "S12,academic.punctuality,是,2025-10-15")
        let good = format == "xlsx" ? try xlsx(fixed) : try gb18030(fixed)
        // The last row is a per-session point: it needs its 节次, so it is refused with the reason.
        let first = CommandRunner.run(["import", "--db", db, "--as", "H1", good])
        #expect(first.code == 1 && first.err.contains(":5"), "\(first.err)")
        let noSession = fixed.split(separator: "\n").dropLast().joined(separator: "\n")
        let ok = format == "xlsx" ? try xlsx(noSession) : try gb18030(noSession)
        let imported = CommandRunner.run(["import", "--db", db, "--as", "H1", ok])
        #expect(imported.code == 0, "\(imported.err)")
        #expect(imported.out.contains("已导入") && imported.out.contains("3 条记录"), "\(imported.out)")
        #expect(try records(db) == 3)
        let again = CommandRunner.run(["import", "--db", db, "--as", "H1", ok])
        #expect(again.code == 0 && again.out.contains("都已导入过"), "\(again.out)")
        #expect(try records(db) == 3, "a second import adds nothing")
    }

    @Test("--skip-invalid 导入正确的行，错误行连同原因写入文件，改好后可再导入")
    func skipInvalidHandsBackTheBadRows() throws {
        let db = try CommandRunner.school()
        let file = try CommandRunner.write(Self.badRows)
        let rejected = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).csv").path
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", "--skip-invalid", "--rejected", rejected, file])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("跳过 3 处错误"), "\(result.out)")
        #expect(try records(db) == 1)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: rejected))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a BOM, for Excel")
        let text = try #require(String(data: bytes.dropFirst(3), encoding: .utf8))
        let lines = text.split(separator: "\r\n")
        #expect(lines.first == "学号,采分点,数值,日期,原因")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("S12,academic.gpa,八十,2026-01-05,第 3 行："))
        // Fixed, the rejected file imports; the reason column is ignored.
        // Fixed (the unknown student dropped), the rejected file imports; its 原因 column is ignored.
        let fixed = text.replacingOccurrences(of: "八十", with: "81").replacingOccurrences(of: "2026-02-30", with: "2026-01-06")
            .split(separator: "\r\n").filter { !$0.hasPrefix("S99") }.joined(separator: "\n")
        let again = try CommandRunner.write(fixed)
        let second = CommandRunner.run(["import", "--db", db, "--as", "H1", again])
        #expect(second.code == 0, "\(second.err)")
        #expect(try records(db) == 3)
    }

    @Test("每个采分点一列（学期末表），每次课一列（考勤表）")
    func wideSheets() throws {
        let db = try CommandRunner.school()
        let end = try CommandRunner.write("""
            学号,日期,学期学分绩,personal.peer_evaluation
            S11,2026-01-05,85,90
            S12,2026-01-05,,70
            """)
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", end])
        #expect(result.code == 0, "\(result.err)")
        #expect(try records(db) == 3, "an empty cell records nothing")

        let weekly = try CommandRunner.write("""
            学号,2025-09-12,2025-09-19,2025-09-26
            S11,100,80,
            S12,全勤,100,100
            """)
        let bad = CommandRunner.run(["import", "--db", db, "--as", "H1", "--point", "academic.full_attendance", weekly])
        #expect(bad.code == 1)
        #expect(bad.err.contains(":3") && bad.err.contains("列“2025-09-12”"), "\(bad.err)")
        let fixed = try CommandRunner.write("""
            学号,2025-09-12,2025-09-19,2025-09-26
            S11,100,80,
            S12,100,100,100
            """)
        let ok = CommandRunner.run(["import", "--db", db, "--as", "H1", "--point", "academic.full_attendance", fixed])
        #expect(ok.code == 0, "\(ok.err)")
        #expect(try records(db) == 8)
    }

    @Test func aUTF8SheetNamedAsGB18030IsRefusedWithWhatToDo() throws {
        let db = try CommandRunner.school()
        let file = try gb18030(Self.badRows)
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", "--encoding", "utf-8", file])
        #expect(result.code == 1)
        #expect(result.err.contains("不是 UTF-8 编码") && result.err.contains("去掉 --encoding"), "\(result.err)")
        let unknown = CommandRunner.run(["import", "--db", db, "--as", "H1", "--encoding", "big5", file])
        #expect(unknown.code != 0 && unknown.err.contains("不认识的编码"))
    }
}
