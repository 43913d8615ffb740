import ChuzhikaApp
import ChuzhikaSheets
import ChuzhikaCore
import Foundation
import Testing
import ZIPFoundation

/// Reading sheets as Excel and WPS write them.
@Suite struct SheetFileTests {
    /// A workbook as Excel writes it: shared strings, a date style, sparse cells, two sheets.
    func excelWorkbook() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, n in
                data.subdata(in: Int(p)..<Int(p) + n)
            }
        }
        try add("xl/workbook.xml", """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheets><sheet name="说明" sheetId="1" r:id="rId2"/><sheet name="成绩" sheetId="2" r:id="rId1"/></sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet2.xml"/>
            <Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>
            """)
        try add("xl/sharedStrings.xml", """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
            <si><t>学号</t></si><si><t>日期</t></si><si><r><t>数</t></r><r><t>值</t></r></si><si><t>S11</t></si></sst>
            """)
        try add("xl/styles.xml", """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>
            """)
        try add("xl/worksheets/sheet1.xml", """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>请在“成绩”表中填写</t></is></c></row></sheetData></worksheet>
            """)
        try add("xl/worksheets/sheet2.xml", """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
            <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>46027</v></c><c r="C2"><v>85</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>S12</t></is></c><c r="B4" s="2"><v>46028</v></c><c r="C4"><v>72.5</v></c></row>
            <row r="5"><c r="A5" t="inlineStr"><is><t>S13</t></is></c><c r="C5"><v>60</v></c></row>
            </sheetData></worksheet>
            """)
        return try #require(archive.data)
    }

    @Test("Excel 的共享字符串、日期格式、空行空格和指定工作表")
    func readsAnExcelWorkbook() throws {
        let sheet = try SheetFile.read(try excelWorkbook(), file: "成绩.xlsx", sheet: "成绩")
        #expect(sheet.headers == ["学号", "日期", "数值"])
        #expect(sheet.rows.map(\.line) == [2, 4, 5], "row numbers are Excel's, so errors point at the right row")
        #expect(sheet.rows[0]["学号"] == "S11" && sheet.rows[0]["日期"] == "2026-01-05" && sheet.rows[0]["数值"] == "85")
        #expect(sheet.rows[1]["日期"] == "2026-01-06", "a custom 年月日 format is a date too")
        #expect(sheet.rows[1]["数值"] == "72.5")
        #expect(sheet.rows[2]["日期"] == nil, "a missing cell is empty")
        let first = try SheetFile.read(try excelWorkbook(), file: "成绩.xlsx")
        #expect(first.headers == ["请在“成绩”表中填写"], "without --sheet, the first sheet")
    }

    @Test func anUnknownSheetNameListsTheSheets() throws {
        #expect {
            try SheetFile.read(try excelWorkbook(), file: "成绩.xlsx", sheet: "Sheet1")
        } throws: { error in
            guard let problems = (error as? SheetProblems)?.problems else { return false }
            return problems.first?.message.contains("没有名为“Sheet1”的工作表") == true
                && problems.first?.hint?.contains("说明、成绩") == true
        }
    }

    @Test func ourOwnWorkbookReadsBack() throws {
        let data = try XLSXWriter.workbook(headers: ["学号", "姓名", "总分"], rows: [["2024010101", "刘婷婷", "81.5"], ["0123", "A&B <x>", ""]])
        let sheet = try SheetFile.read(data, file: "导出.xlsx")
        #expect(sheet.rows.map { $0.fields["学号"] } == ["2024010101", "0123"], "long codes stay whole, a leading zero stays")
        #expect(sheet.rows[1]["姓名"] == "A&B <x>")
        #expect(sheet.rows[0]["总分"] == "81.5")
    }

    @Test("UTF-8、带 BOM 的 UTF-8 和 GB18030 都能读")
    func encodingsAreDetected() throws {
        let text = "学号,数值\nS11,85\n"
        let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        for data in [Data(text.utf8), Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), gb] {
            let sheet = try SheetFile.read(data, file: "a.csv")
            #expect(sheet.headers == ["学号", "数值"])
            #expect(sheet.rows.first?["学号"] == "S11")
        }
        #expect(throws: SheetProblems.self) { try SheetFile.read(gb, file: "a.csv", encoding: .utf8) }
    }

    @Test func aSheetNameIsOnlyForWorkbooks() throws {
        #expect { try SheetFile.read(Data("学号\nS11\n".utf8), file: "a.csv", sheet: "成绩") } throws: { error in
            guard let problems = (error as? SheetProblems)?.problems else { return false }
            return problems.first?.message.contains("--sheet 只用于 .xlsx") == true
        }
    }

    @Test func aBrokenZipIsNotAWorkbook() throws {
        let whole = try XLSXWriter.workbook(headers: ["a"], rows: [])
        let data = whole.prefix(whole.count / 2)  // cut off: no central directory
        #expect { try SheetFile.read(data, file: "坏.xlsx") } throws: { error in
            guard let problems = (error as? SheetProblems)?.problems else { return false }
            return problems.first?.message == "不是有效的 .xlsx 工作簿"
        }
    }
}
