import ArgumentParser
import ChuzhikaApp
import ChuzhikaSheets
import Foundation

/// `--encoding` and `--sheet`: how to read a sheet file (CSV in any encoding, or .xlsx).
struct SheetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("CSV 的编码：utf-8 或 gb18030（含 GBK）；默认自动识别。", valueName: "编码"),
            transform: { text in
                guard let encoding = TextEncoding(name: text) else { throw ValidationError("不认识的编码“\(text)”：可用 utf-8、gb18030（gbk）") }
                return encoding
            })
    var encoding: TextEncoding?

    @Option(help: ArgumentHelp(".xlsx 工作簿中要读的工作表；默认第一张。", valueName: "工作表"))
    var sheet: String?

    /// The sheet in `path`: refused with what to do when it is missing or unreadable.
    func read(_ path: String, required: [String] = []) throws -> Sheet {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.notFound(path, what: "文件") }
        return try AppError.readingSheet { try SheetFile.read(data, file: path, encoding: encoding, sheet: sheet, required: required) }
    }

    /// The sheet in `path`, opened to be read a batch at a time (a CSV streams from disk).
    func open(_ path: String, required: [String] = []) throws -> SheetSource {
        guard FileManager.default.isReadableFile(atPath: path) else { throw CLIError.notFound(path, what: "文件") }
        return try AppError.readingSheet { try SheetFile.open(path: path, encoding: encoding, sheet: sheet, required: required) }
    }
}
