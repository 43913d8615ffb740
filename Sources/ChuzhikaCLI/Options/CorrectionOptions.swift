import ArgumentParser
import ChuzhikaCore
import Foundation

/// `--correct --reason "…"`: what `record` and `import` write supersedes the live records.
struct CorrectionOptions: ParsableArguments {
    @Flag(help: "更正该时段已有的记录（须写 --reason）。")
    var correct = false

    @Option(help: ArgumentHelp("更正的原因。", valueName: "原因"))
    var reason: String?

    func validate() throws {
        if reason != nil && !correct { throw ValidationError("--reason 只用于 --correct 更正记录") }
    }

    /// The reason of a correction, or nil when this is not one.
    var correctionReason: String? { correct ? reason : nil }
}

/// Reads a file a user named: missing and non-UTF-8 files are refused with what to do.
enum UserFile {
    static func text(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.notFound(path, what: "文件") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.notUTF8(path) }
        return text
    }
}
