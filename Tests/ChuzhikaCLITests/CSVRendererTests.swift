@testable import ChuzhikaCLI
import Testing

/// What czk writes as CSV opens in Excel and WPS as data, never as a formula.
@Suite struct CSVRendererTests {
    @Test("以 = + - @ 开头的文字加单引号，Excel 不会当作公式运行；数字不变")
    func formulaLikeCellsAreNeutralised() {
        let csv = CSVRenderer.render(headers: ["备注", "数值"], rows: [
            ["=cmd|' /C calc'!A0", "-5"],
            ["@SUM(1+1)*cmd|' /C calc'!A0", "+3"],
            ["-2+3+cmd|' /C calc'!A0", "12.5"],
            ["\t=1+1", "0"],
            ["按时到课", "-0.5"],
        ])
        #expect(csv.split(separator: "\n").map(String.init) == [
            "备注,数值",
            "'=cmd|' /C calc'!A0,-5",
            "'@SUM(1+1)*cmd|' /C calc'!A0,+3",
            "'-2+3+cmd|' /C calc'!A0,12.5",
            "'\t=1+1,0",
            "按时到课,-0.5",
        ])
    }

    @Test func aNeutralisedCellWithACommaIsStillQuoted() {
        #expect(CSVRenderer.field("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
    }
}
