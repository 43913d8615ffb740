import ChuzhikaCore

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted; a control character (ESC
/// in a note stored before it was refused) is written as its picture (`␛`), never raw, so
/// `cat 导出.csv` cannot act on a terminal either.
enum CSVRenderer {
    static func render(headers: [String], rows: [[String]]) -> String {
        ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }

    static func field(_ text: String) -> String {
        let text = neutralised(TypedText.visible(text))
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
    /// return first: `=cmd|' /C calc'!A0`, `@SUM(…)`, typed into a note or a name) gets a leading
    /// apostrophe, so Excel and WPS show it as text. Numbers (`-5`, `+3`) stay numbers.
    static func neutralised(_ text: String) -> String {
        guard let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil else { return text }
        return "'" + text
    }
}
