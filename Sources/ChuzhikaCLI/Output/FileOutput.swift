import Foundation

/// Writes what a command produced to `--out`, or to standard output without one.
enum FileOutput {
    /// Writes `data` to `path`, or prints it (as UTF-8) when `path` is nil. Returns whether a file was written.
    @discardableResult
    static func write(_ data: Data, to path: String?) throws -> Bool {
        guard let path else {
            Console.out(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines))
            return false
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw CLIError.notFound(path, what: "可写的位置") }
        return true
    }
}
