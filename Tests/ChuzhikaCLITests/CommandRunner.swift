import ArgumentParser
import ChuzhikaCLI
import ChuzhikaTestSupport
import Foundation

/// Runs `czk` in-process, exactly as the binary does (Chinese help and usage errors included),
/// and returns what it printed and its exit code.
struct CommandRunner {
    struct Result {
        let out: String
        let err: String
        let code: Int32
    }

    static func run(_ arguments: [String]) -> Result {
        let capture = Console.Capture()
        let code = Console.$capture.withValue(capture) { CzkRunner.run(arguments) }
        return Result(out: capture.out, err: capture.err, code: code)
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("czk-cli-\(UUID().uuidString).sqlite").path
    }

    /// A temporary file holding `text`.
    static func write(_ text: String, suffix: String = ".csv") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A database file holding the small test school.
    static func school() throws -> String {
        let db = temporaryDatabase()
        try TestSchool.makeFile(at: db)
        return db
    }
}
