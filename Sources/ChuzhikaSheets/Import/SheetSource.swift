import ChuzhikaCore
import Foundation

/// A sheet read a batch of rows at a time: a CSV file streams (its memory is one chunk,
/// whatever its length); an `.xlsx` worksheet, already read, is handed out in batches.
public final class SheetSource {
    public let file: String
    public private(set) var headers: [String] = []
    /// Problems with the header row (an empty sheet, a missing column): no row can be read.
    public private(set) var headerProblems: [Diagnostic] = []
    private var stream: CSVStream?
    private var rows: ArraySlice<Sheet.Row> = []
    private var headerLine = 1

    /// A CSV stream; reads up to its header row.
    init(_ stream: CSVStream, required: [String]) {
        file = stream.file
        self.stream = stream
        while let item = self.stream?.next() {
            switch item {
            case .problem(let problem):
                headerProblems.append(problem)
                self.stream = nil
            case .record(let record):
                headers = record.fields.map(\.trimmingSpaces)
                headerLine = record.line
                if let problem = Sheet.controlProblem(headers, headers: nil, line: record.line, file: file) {
                    headerProblems.append(problem)
                }
            }
            break
        }
        if headers.isEmpty && headerProblems.isEmpty {
            headerProblems.append(Diagnostic(SourceLocation(file: file, line: 1), "表格是空的，第一行应当是列名"))
        }
        checkColumns(required)
    }

    /// A sheet already in memory.
    public init(_ sheet: Sheet, required: [String] = []) {
        file = sheet.file
        headers = sheet.headers
        rows = sheet.rows[...]
        checkColumns(required)
    }

    /// The share of the input read so far, 0–1.
    public var fraction: Double { stream?.fraction ?? 1 }

    /// Up to `count` rows, with the problems of rows that could not be read (a row with more or
    /// fewer fields than the header, an unclosed quote, undecodable text). Both empty at the end.
    public func next(_ count: Int) -> (rows: [Sheet.Row], problems: [Diagnostic]) {
        guard stream != nil else {
            let batch = rows.prefix(count)
            rows = rows.dropFirst(batch.count)
            return (Array(batch), [])
        }
        var batch: [Sheet.Row] = []
        var problems: [Diagnostic] = []
        while batch.count + problems.count < count, let item = stream?.next() {
            switch item {
            case .problem(let problem):
                problems.append(problem)  // an unclosed quote is found only at the end: the stream then ends
            case .record(let record):
                guard record.fields.count == headers.count else {
                    problems.append(Diagnostic(SourceLocation(file: file, line: record.line),
                                               "这一行有 \(record.fields.count) 列，表头有 \(headers.count) 列"))
                    continue
                }
                if let problem = Sheet.controlProblem(record.fields, headers: headers, line: record.line, file: file) {
                    problems.append(problem)
                    continue
                }
                batch.append(Sheet.Row(line: record.line, fields: Dictionary(zip(headers, record.fields), uniquingKeysWith: { a, _ in a })))
            }
        }
        return (batch, problems)
    }

    /// Every remaining row as one sheet, with the problems found.
    func drain() -> (Sheet, [Diagnostic]) {
        var all: [Sheet.Row] = []
        var problems = headerProblems
        while true {
            let (batch, found) = next(4096)
            if batch.isEmpty && found.isEmpty { break }
            all += batch
            problems += found
        }
        return (Sheet(file: file, headers: headers, rows: all), problems)
    }

    private func checkColumns(_ required: [String]) {
        guard !headers.isEmpty else { return }
        for name in required where !headers.contains(name) {
            headerProblems.append(Diagnostic(SourceLocation(file: file, line: headerLine), "缺少列 \(name)",
                                             hint: "第一行应当包含：\(required.joined(separator: ","))"))
        }
    }
}
