import ArgumentParser
import ChuzhikaCLI
import Foundation

/// Runs `czk` in-process and returns what it printed and its exit code.
struct CommandRunner {
    struct Result {
        let out: String
        let err: String
        let code: Int32
    }

    static func run(_ arguments: [String]) -> Result {
        let capture = Console.Capture()
        var code: Int32 = 0
        var parseError = ""
        Console.$capture.withValue(capture) {
            do {
                var command = try Czk.parseAsRoot(arguments)
                try command.run()
            } catch {
                code = Czk.exitCode(for: error).rawValue
                if !(error is ExitCode) { parseError = Czk.fullMessage(for: error) }
            }
        }
        return Result(out: capture.out, err: capture.err + parseError, code: code)
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("czk-cli-\(UUID().uuidString).sqlite").path
    }
}
