@testable import ChuzhikaApp
@testable import ChuzhikaSheets
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Foundation
import PropertyBased
import Testing

/// Garbage in, a diagnostic with a position out — never a crash or a hang (issue 12). Each
/// property runs `CZK_FUZZ_RUNS` inputs (2,000 by default); a long run:
/// `CZK_FUZZ_RUNS=350000 swift test --filter FuzzTests` (three properties: over 1,000,000 inputs).
@Suite struct FuzzTests {
    static let runs = Int(ProcessInfo.processInfo.environment["CZK_FUZZ_RUNS"] ?? "") ?? 2_000

    /// Pieces of the rule language and of what people mistype, glued at random.
    static let expressionPieces = [
        "value", "gpa", "absence_rate", "and", "or", "not", "(", ")", "+", "-", "*", "/", "%", ">=", "<=", "==", "!=",
        ">", "<", "1", "0", "85", "3.5", "-2", "1e308", "\"是\"", "\"", "'", " ", "  ", "，", "（", "）", "≥", "缺勤率",
        "true", "false", "if", ".", ",", "==", "((((", "))))", "\n", "\t", "9999999999999999999999",
    ]

    @Test("规则表达式：任意拼接的文字要么解析成功，要么给出落在文字之内的出错位置")
    func expressionsParseOrPointAtTheirError() async {
        await propertyCheck(count: Self.runs, input: Gen<String?>.element(of: Self.expressionPieces).array(of: 0...40)) { pieces in
            let text = pieces.compactMap { $0 }.joined()
            do throws(ExpressionSyntaxError) {
                _ = try ExpressionParser.parse(text)
            } catch {
                #expect(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "\(text): offset \(error.offset)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("模糊测试找到的崩溃：表达式错误信息里的超大数字")
    func aHugeNumberInAnExpressionIsReportedNotACrash() {
        #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse("value 9999999999999999999999") }
        #expect(RecordValue.format(1e308) == "1e+308")
        #expect(RecordValue.format(-.infinity) == "-inf")
        #expect(RecordValue.format(85.5) == "85.5" && RecordValue.format(-2) == "-2")
    }

    /// Bytes a sheet is made of, and some it should never contain.
    static let sheetBytes: [UInt8] = Array("学号,采分点,数值,日期\"\r\n 2024010101academic.gpa是否85-%".utf8) + [0x00, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0xE4, 0xB8]

    @Test("CSV：任意字节要么读成行，要么报出带行号的问题；读到结尾必定停下")
    func sheetsReadAsRowsOrProblemsWithALine() async {
        await propertyCheck(count: Self.runs, input: Gen<UInt8?>.element(of: Self.sheetBytes).array(of: 0...300)) { bytes in
            var stream = CSVStream(data: Data(bytes.compactMap { $0 }), file: "随机.csv", encoding: nil)
            var items = 0
            while let item = stream.next() {
                items += 1
                if case .problem(let problem) = item {
                    #expect(problem.location.line >= 1, "\(problem)")
                    #expect(problem.location.file == "随机.csv")
                }
                // A record or a problem per line at most: the stream always advances.
                #expect(items <= bytes.count + 1, "the stream does not advance")
                if items > bytes.count + 1 { break }
            }
        }
    }

    static let calendar = SchoolCalendar(semesters: [
        Semester(academicYear: "2025-2026", ordinal: 1, start: LocalDate("2025-09-01")!, end: LocalDate("2026-02-28")!,
                 teachingStart: LocalDate("2025-09-08")!, teachingWeeks: 18),
        Semester(academicYear: "2025-2026", ordinal: 2, start: LocalDate("2026-03-01")!, end: LocalDate("2026-08-31")!,
                 teachingStart: LocalDate("2026-03-02")!, teachingWeeks: 18),
    ])

    @Test("时段：任意日期、时点和节次，要么得到包含它的学期里的时段，要么得到说明原因的错误")
    func periodsAreInTheirSemesterOrRefused() async {
        let start = LocalDate("2025-06-01")!.dayNumber
        await propertyCheck(
            count: Self.runs, input: Gen<Int>.value(in: 0...500), Gen<Timing?>.element(of: Timing.allCases),
            Gen<Int>.value(in: -2...14)
        ) { offset, timing, session in
            guard let timing else { return }
            let day = LocalDate(dayNumber: start + offset)
            do {
                let period = try Self.calendar.period(for: timing, on: day, session: session, cohort: Cohort(enrollmentYear: 2024))
                #expect(Self.calendar.semester(period.semester) != nil, "\(timing) \(day): \(period)")
                #expect(period.start <= period.end && !period.key.isEmpty, "\(timing) \(day): \(period)")
            } catch {
                #expect(!error.localizedDescription.isEmpty)
            }
        }
    }
}

/// Input made to hurt: deep nesting, huge fields.
@Suite struct MaliciousInputTests {
    @Test("层层嵌套的 YAML 规则文件给出诊断，不会崩溃")
    func deeplyNestedYAMLIsADiagnostic() {
        for text in [String(repeating: "[", count: 100_000), String(repeating: "- ", count: 20_000) + "x",
                     "points:\n" + String(repeating: "{a: ", count: 50_000)] {
            let result = RuleBookLoader.load([RuleSource(path: "deep.yaml", text: text)])
            #expect(result.book == nil)
            #expect(!result.errors.isEmpty && result.errors.allSatisfy { $0.location.file == "deep.yaml" })
        }
    }

    @Test("一个 10 MB 的单元格：读得完，导入时报出第几行，什么也不写")
    func aHugeFieldIsReadAndRefused() throws {
        let text = "学号,采分点,数值,日期\nS11,academic.gpa," + String(repeating: "9", count: 10_000_000) + ",2026-01-05\n"
        let (sheet, problems) = Sheet.parse(text, file: "大.csv")
        #expect(problems.isEmpty)
        #expect(sheet.rows.count == 1 && sheet.rows[0]["数值"]?.count == 10_000_000)
        let app = try TestSchool.make(today: "2026-01-07")
        do {
            _ = try app.importSheet(sheet, SheetImportOptions(), by: app.principal("H1"))
            Issue.record("a 10 MB value was accepted")
        } catch AppError.inputProblems(let found) {
            #expect(found.count == 1 && found[0].location.line == 2, "\(found.map(\.message))")
        }
        #expect(try app.account(of: "S11").recent.isEmpty)
    }
}
