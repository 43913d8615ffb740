import ChuzhikaCore
import Foundation

/// The text encodings a CSV sheet may come in.
public enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    /// What Excel on Chinese Windows writes (GBK and GB2312 are subsets).
    case gb18030

    /// Reads `utf8`, `UTF-8`, `gbk`, `GB2312`, `gb18030` …
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }

    var foundation: String.Encoding {
        switch self {
        case .utf8: .utf8
        case .gb18030: String.Encoding(rawValue: 0x8000_0632)  // kCFStringEncodingGB_18030_2000
        }
    }
}

/// What is wrong with a sheet as a whole or with its header: every problem by file, line and
/// column, with what to do (the app reports them as it reports any input's problems).
public struct SheetProblems: Error, Sendable {
    public let problems: [Diagnostic]
    public init(_ problems: [Diagnostic]) { self.problems = problems }
}

/// Reads a sheet a user gives us, whatever Excel made of it: CSV in UTF-8 (with or without a
/// BOM) or GB18030/GBK, detected or named, or an `.xlsx` workbook (its first sheet, or one by
/// name). Roster, results, register and record imports all read through here.
public enum SheetFile {
    /// - Parameters:
    ///   - encoding: the CSV's encoding; nil detects it (UTF-8 when valid, else GB18030).
    ///   - sheet: the worksheet of an `.xlsx` to read; nil for the first.
    /// - Throws: ``SheetProblems`` naming the file and what to do.
    public static func read(
        _ data: Data, file: String, encoding: TextEncoding? = nil, sheet: String? = nil, required: [String] = []
    ) throws -> Sheet {
        let (sheet, problems) = try decode(data, file: file, encoding: encoding, sheet: sheet, required: required)
        guard problems.isEmpty else { throw SheetProblems(problems) }
        return sheet
    }

    static func decode(
        _ data: Data, file: String, encoding: TextEncoding?, sheet name: String?, required: [String]
    ) throws -> (Sheet, [Diagnostic]) {
        let start = SourceLocation(file: file, line: 1)
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            do {
                let rows = try XLSXReader.rows(data, sheet: name)
                return Sheet.make(rows.map { ($0.line, $0.cells) }, file: file, required: required, padded: true)
            } catch XLSXReader.Failure.noSheet(let wanted, let available) {
                throw SheetProblems([Diagnostic(
                    start, wanted.map { "工作簿里没有名为“\($0)”的工作表" } ?? "工作簿里没有工作表",
                    hint: "可用的工作表：\(available.joined(separator: "、"))；用 --sheet 名称 选择")])
            } catch XLSXReader.Failure.tooLarge(let part) {
                throw SheetProblems([Diagnostic(start, "工作簿中的 \(part) 解压后过大，拒绝读取",
                                                         hint: "请另存为 CSV 后导入，或拆成较小的表")])
            } catch {
                throw SheetProblems([Diagnostic(start, "不是有效的 .xlsx 工作簿",
                                                         hint: "在 Excel 中另存为“Excel 工作簿 (*.xlsx)”或“CSV UTF-8”")])
            }
        }
        if name != nil {
            throw SheetProblems([Diagnostic(start, "--sheet 只用于 .xlsx 工作簿，这是 CSV 文件")])
        }
        return SheetSource(CSVStream(data: data, file: file, encoding: encoding), required: required).drain()
    }

    /// Opens a sheet to read in batches: a CSV file streams from disk; an `.xlsx` is read whole
    /// (Excel stops at 1,048,576 rows) and handed out in batches.
    ///
    /// - Throws: ``SheetProblems`` when the file cannot be read or its header row is wrong.
    public static func open(
        path: String, file: String? = nil, encoding: TextEncoding? = nil, sheet: String? = nil, required: [String] = []
    ) throws -> SheetSource {
        let name = file ?? path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SheetProblems([Diagnostic(SourceLocation(file: name, line: 1), "找不到或无法读取文件", hint: "检查文件名和路径")])
        }
        let magic = handle.readData(ofLength: 4)
        try? handle.close()
        let source: SheetSource
        if magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SheetProblems([Diagnostic(SourceLocation(file: name, line: 1), "无法读取文件")])
            }
            let (whole, problems) = try decode(data, file: name, encoding: encoding, sheet: sheet, required: required)
            guard problems.isEmpty else { throw SheetProblems(problems) }
            source = SheetSource(whole)
        } else {
            if sheet != nil {
                throw SheetProblems([Diagnostic(SourceLocation(file: name, line: 1), "--sheet 只用于 .xlsx 工作簿，这是 CSV 文件")])
            }
            source = SheetSource(try CSVStream(path: path, file: name, encoding: encoding), required: required)
        }
        guard source.headerProblems.isEmpty else { throw SheetProblems(source.headerProblems) }
        return source
    }
}
