import ChuzhikaCore
import Foundation

/// A sheet's rows keyed by header, each with its line number (CSV through ``CSVStream``,
/// spreadsheets through ``XLSXReader``).
public struct Sheet: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String: String]

        public subscript(_ column: String) -> String? {
            fields[column].flatMap { field in
                let trimmed = field.trimmingSpaces
                return trimmed.isEmpty ? nil : trimmed
            }
        }
    }

    public let file: String
    public let headers: [String]
    public let rows: [Row]

    /// Parses CSV `text`; problems (unterminated quote, ragged row, missing column) become diagnostics.
    public static func parse(_ text: String, file: String, required: [String] = []) -> (Sheet, [Diagnostic]) {
        SheetSource(CSVStream(data: Data(text.utf8), file: file, encoding: .utf8), required: required).drain()
    }

    /// A sheet from its records (the first is the header row), each with its line number.
    /// CSV rows must have as many fields as the header; rows read from a spreadsheet (`padded`)
    /// may end early, their missing cells empty.
    static func make(_ records: [(line: Int, fields: [String])], file: String, required: [String], padded: Bool) -> (Sheet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard let header = records.first(where: { !$0.fields.allSatisfy(\.trimmingSpaces.isEmpty) }) else {
            diagnostics.append(Diagnostic(SourceLocation(file: file, line: 1), "表格是空的，第一行应当是列名"))
            return (Sheet(file: file, headers: [], rows: []), diagnostics)
        }
        var headers = header.fields.map(\.trimmingSpaces)
        if padded { while headers.last?.isEmpty == true { headers.removeLast() } }
        for name in required where !headers.contains(name) {
            diagnostics.append(Diagnostic(SourceLocation(file: file, line: header.line), "缺少列 \(name)",
                                          hint: "第一行应当包含：\(required.joined(separator: ","))"))
        }
        var rows: [Row] = []
        for record in records where record.line > header.line {
            var fields = record.fields
            if padded {
                if fields.count > headers.count, fields[headers.count...].contains(where: { !$0.trimmingSpaces.isEmpty }) {
                    diagnostics.append(Diagnostic(SourceLocation(file: file, line: record.line),
                                                  "这一行在表头之外还有内容（第 \(headers.count + 1) 列以后）"))
                    continue
                }
                if fields.allSatisfy(\.trimmingSpaces.isEmpty) { continue }
                fields = Array(fields.prefix(headers.count)) + Array(repeating: "", count: max(0, headers.count - fields.count))
            } else if fields.count != headers.count {
                diagnostics.append(Diagnostic(SourceLocation(file: file, line: record.line),
                                              "这一行有 \(fields.count) 列，表头有 \(headers.count) 列"))
                continue
            }
            rows.append(Row(line: record.line, fields: Dictionary(zip(headers, fields), uniquingKeysWith: { a, _ in a })))
        }
        return (Sheet(file: file, headers: headers, rows: rows), diagnostics)
    }
}
