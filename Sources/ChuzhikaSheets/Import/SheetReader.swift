import ChuzhikaCore
import Foundation

/// A sheet's rows keyed by header, each with its line number (CSV through ``CSVStream``,
/// spreadsheets through ``XLSXReader``).
public struct Sheet: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String: String]

        public init(line: Int, fields: [String: String]) {
            self.line = line
            self.fields = fields
        }

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

    /// A sheet made of rows already read (a batch of the integration API).
    public init(file: String, headers: [String], rows: [Row]) {
        self.file = file
        self.headers = headers
        self.rows = rows
    }

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
        if let problem = controlProblem(headers, headers: nil, line: header.line, file: file) { diagnostics.append(problem) }
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
            if let problem = controlProblem(fields, headers: headers, line: record.line, file: file) {
                diagnostics.append(problem)
                continue
            }
            rows.append(Row(line: record.line, fields: Dictionary(zip(headers, fields), uniquingKeysWith: { a, _ in a })))
        }
        return (Sheet(file: file, headers: headers, rows: rows), diagnostics)
    }
}

// MARK: - Control characters

extension Sheet {
    /// The problem of a row holding a control character (ESC, a C1 control, a bidi override …,
    /// see ``ControlCharacter``), naming the first such cell by its column header; nil when the
    /// row is clean. With `headers` nil, `fields` is the header row itself.
    ///
    /// Every sheet (records, roster, results, groups, seeds; CSV or `.xlsx`) is read through
    /// ``SheetSource`` or ``make(_:file:required:padded:)``, which call this on every row, so a
    /// refused row never reaches a use case: the import then writes nothing (or, with
    /// `--skip-invalid`, leaves that row out).
    static func controlProblem(_ fields: [String], headers: [String]?, line: Int, file: String) -> Diagnostic? {
        for (index, field) in fields.enumerated() {
            guard let found = TypedText.controlCharacter(in: field) else { continue }
            let header = headers.flatMap { index < $0.count ? $0[index] : nil }
            let place = headers == nil
                ? "表头第 \(index + 1) 列"
                : "列“\(TypedText.visible(header ?? "", singleLine: true))”（第 \(index + 1) 列）"
            return Diagnostic(
                SourceLocation(file: file, line: line),
                "\(place)的第 \(found.position) 个字符是控制字符 \(found.described)，不能导入",
                hint: TypedText.controlCharacterHint)
        }
        return nil
    }
}
