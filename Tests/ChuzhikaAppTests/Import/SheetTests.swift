import ChuzhikaApp
import ChuzhikaSheets
import ChuzhikaCore
import Testing

@Suite struct SheetTests {
    @Test func readsQuotedFieldsCRLFAndABOM() {
        let text = "\u{FEFF}学号,数值,备注\r\nS11,85,\"迟交, 已补\"\r\nS12,70,\"说\"\"明\"\"\"\r\n"
        let (sheet, problems) = Sheet.parse(text, file: "a.csv")
        #expect(problems.isEmpty)
        #expect(sheet.headers == ["学号", "数值", "备注"])
        #expect(sheet.rows.map(\.line) == [2, 3])
        #expect(sheet.rows[0]["备注"] == "迟交, 已补")
        #expect(sheet.rows[1]["备注"] == "说\"明\"")
    }

    @Test func raggedRowsAndOpenQuotesAreReportedByLine() {
        let (_, problems) = Sheet.parse("学号,数值\nS11,85,多余\nS12,\"70\n", file: "a.csv")
        #expect(problems.map(\.location.line).sorted() == [2, 3])
    }

    @Test func mappingNamesTheRowOfEveryBadCell() {
        let text = "学号,采分点,数值,日期,节次\nS11,academic.gpa,85,2025-10-15,\nS12,academic.gpa,70,十月,\nS13,academic.punctuality,是,2025-10-15,第一节\n"
        let (drafts, problems) = SheetMapping.drafts(from: text, file: "a.csv", staff: StaffID(rawValue: "H1"))
        #expect(drafts.count == 1)
        #expect(problems.map(\.location.line) == [3, 4])
        #expect(drafts.first?.source == .sheet(file: "a.csv", row: 2))
    }

    @Test func aMissingColumnIsNamed() {
        let (_, problems) = SheetMapping.drafts(from: "学号,分\nS11,85\n", file: "a.csv", staff: StaffID(rawValue: "H1"))
        #expect(problems.contains { $0.message.contains("数值") })
        #expect(problems.contains { $0.message.contains("采分点") })
    }
}
