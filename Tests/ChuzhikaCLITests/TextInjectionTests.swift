import ChuzhikaApp
import ChuzhikaSheets
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// Issue 22 item 6: text a person types or imports with ESC (or another control character) is
/// refused, naming where it is; text stored before that is printed visibly, never obeyed.
@Suite struct TextInjectionTests {
    static let escape = "\u{1B}"
    /// Retitles the terminal window, then clears the screen.
    static let attack = "\u{1B}]0;已全部通过\u{07}\u{1B}[2J"

    func students(_ db: String) throws -> [String] {
        try CardApp.open(path: db).database.read { session in
            try ["S14", "S15"].compactMap { try session.student(StudentID(rawValue: $0))?.name }
        }
    }

    @Test("花名册里姓名含 ESC：整表拒绝，指出文件、行和列，一个学生也不写入",
          arguments: [("csv", "赵\(attack)九"), ("xlsx", "赵\u{9B}2J九")])
    func aRosterNameWithAControlCharacterIsRefusedByLineAndColumnAndNothingIsWritten(format: String, name: String) throws {
        // Given a students sheet whose second row's name carries a terminal escape
        let db = try CommandRunner.school()
        let file: String
        if format == "xlsx" {
            let data = try XLSXWriter.workbook(headers: ["学号", "姓名", "班级"], rows: [["S15", "钱十", "C1"], ["S14", name, "C1"]])
            file = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).xlsx").path
            try data.write(to: URL(fileURLWithPath: file))
        } else {
            file = try CommandRunner.write("学号,姓名,班级\nS15,钱十,C1\nS14,\(name),C1\n")
        }
        // When the admin imports it
        let result = CommandRunner.run(["roster", "import", "students", file, "--db", db, "--as", "A1"])
        // Then it is refused at line 3, column 姓名, saying what to do, and nobody is added
        #expect(result.code == 1)
        #expect(result.err.contains("\(file):3:1: 错误: 列“姓名”（第 2 列）"), "\(result.err)")
        #expect(result.err.contains(format == "xlsx" ? "U+009B（CSI）" : "U+001B（ESC）"), "\(result.err)")
        #expect(result.err.contains("删掉这个看不见的控制字符"), "\(result.err)")
        #expect(!result.err.contains(Self.escape) && !result.err.contains("\u{9B}"), "the refusal itself prints no raw control")
        #expect(try students(db).isEmpty, "the good row S15 is not written either")
    }

    @Test("czk import：备注列含 ESC 的记录表整表拒绝")
    func aRecordSheetWithEscapeInItsNoteIsRefused() throws {
        let db = try CommandRunner.school()
        let file = try CommandRunner.write("学号,采分点,数值,日期,备注\nS11,academic.gpa,85,2026-01-05,好\nS12,academic.gpa,80,2026-01-05,\(Self.attack)\n")
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", file])
        #expect(result.code == 1)
        #expect(result.err.contains("\(file):3:1: 错误: 列“备注”（第 5 列）的第 1 个字符是控制字符 U+001B（ESC）"), "\(result.err)")
        #expect(try CardApp.open(path: db).database.read { try $0.recordCount(in: SemesterID(rawValue: "2025-2026-1")) } == 0)
    }

    @Test("--skip-invalid：含 ESC 的行不导入，但在“未导入”文件里列出它的行号和原因")
    func aSkippedRowWithEscapeIsListedInTheRejectedFile() throws {
        let db = try CommandRunner.school()
        let file = try CommandRunner.write("学号,采分点,数值,日期,备注\nS11,academic.gpa,85,2026-01-05,好\nS12,academic.gpa,80,2026-01-05,\(Self.attack)\n")
        let rejected = file + ".未导入.csv"
        let result = CommandRunner.run(["import", "--db", db, "--as", "H1", "--skip-invalid", "--rejected", rejected, file])
        #expect(result.code == 0, "\(result.err)")
        let text = try String(contentsOfFile: rejected, encoding: .utf8)
        #expect(text.contains("第 3 行") && text.contains("U+001B"), "\(text)")
        #expect(!text.contains("\u{1B}"))
    }

    @Test("czk appeal --reason 含 ESC：拒绝并指出 --reason，不留申诉", arguments: [true, false])
    func anAppealReasonWithEscapeIsRefusedNamingTheOption(joined: Bool) throws {
        // Given a student with a record
        let db = try CommandRunner.school()
        let app = try CardApp.open(path: db, clock: .fixed(LocalDate("2026-01-10")!))
        let record = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "60", on: "2026-01-05")).record
        // When they appeal with a reason that would clear the teacher's screen
        let reason = "成绩录错了" + Self.attack
        let arguments = joined ? ["--reason=" + reason] : ["--reason", reason]
        let result = CommandRunner.run(["appeal", String(record.rawValue), "--db", db, "--as", "S11"] + arguments,
                                       environment: ["CZK_TODAY": "2026-01-10"])
        // Then it is refused, naming the option and the character, and no appeal is stored
        #expect(result.code == 1)
        #expect(result.err.contains("选项 --reason 的第 6 个字符是控制字符 U+001B（ESC），没有保存"), "\(result.err)")
        #expect(result.err.contains("提示：删掉这个看不见的控制字符"), "\(result.err)")
        #expect(!result.err.contains(Self.escape) && !result.out.contains(Self.escape))
        #expect(try app.database.read { try $0.appeals(of: StudentID(rawValue: "S11")) }.isEmpty)
    }

    @Test("网页和其他调用者：申诉理由和备注含 ESC 在用例层同样被拒绝")
    func theUseCasesRefuseControlCharactersToo() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let record = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "60", on: "2026-01-05")).record
        #expect(throws: AppError.controlCharacter(field: "申诉的理由（--reason）", ControlCharacter(value: 0x1B, position: 3))) {
            try app.appeal(record: record, reason: "理由" + Self.attack, by: app.principal("S11"))
        }
        var draft = TestSchool.draft("H1", "academic.gpa", "S12", "70", on: "2026-01-05")
        draft.note = "备注\u{202E}"
        #expect(throws: AppError.controlCharacter(field: "备注（--note）", ControlCharacter(value: 0x202E, position: 3))) {
            try app.record(draft)
        }
        #expect(try app.database.read { try $0.appeals(of: StudentID(rawValue: "S11")) }.isEmpty)
    }

    @Test("旧数据里的 ESC（姓名、申诉理由）在 czk account 和 czk appeals 里显示为 ␛，不原样输出")
    func escapeStoredBeforeTheCheckIsPrintedVisibly() throws {
        // Given a database written before the check: a student's name and an appeal's reason
        // carry terminal escapes (inserted through the store, past every check)
        let db = CommandRunner.temporaryDatabase()
        var roster = TestSchool.roster
        roster.students[0] = Student(id: StudentID(rawValue: "S11"), name: "张三" + Self.attack, schoolClass: ClassID(rawValue: "C1"))
        try TestSchool.makeFile(at: db, roster: roster)
        let app = try CardApp.open(path: db, clock: .fixed(LocalDate("2026-01-10")!))
        let record = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "60", on: "2026-01-05")).record
        _ = try app.database.write { session in
            try session.insertAppeal(record: record, student: StudentID(rawValue: "S11"), reason: "\u{1B}[2J理由\u{9B}31m",
                                     at: "2026-01-10T08:00:00Z")
        }
        let today = ["CZK_TODAY": "2026-01-10"]
        // When the teacher lists their appeals (table and CSV) and reads the card
        for arguments in [["appeals"], ["appeals", "--format", "csv"], ["account", "S11"]] {
            let result = CommandRunner.run(arguments + ["--db", db, "--as", "H1"], environment: today)
            // Then no raw control character reaches the terminal; each shows as a picture
            #expect(result.code == 0, "\(arguments): \(result.err)")
            #expect(!result.out.contains(Self.escape) && !result.out.contains("\u{07}") && !result.out.contains("\u{9B}"),
                    "\(arguments): \(result.out.debugDescription)")
            #expect(result.out.contains("张三␛]0;已全部通过␇␛[2J"), "\(arguments): \(result.out)")
            if arguments[0] == "appeals" { #expect(result.out.contains("␛[2J理由<U+009B>31m"), "\(result.out)") }
        }
    }
}
