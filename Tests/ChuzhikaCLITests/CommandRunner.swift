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

    /// Runs `arguments` logged in as `person`; without one, `--as X` in the arguments is read as
    /// "logged in as X" (a session is opened directly, the test helper's right) and removed.
    static func run(_ arguments: [String], as person: String? = nil, environment: [String: String] = [:], input: [String]? = nil) -> Result {
        var arguments = arguments
        var person = person
        if person == nil, let index = arguments.firstIndex(of: "--as"), index + 1 < arguments.count {
            person = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        var environment = environment
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("czk-config-\(UUID().uuidString)")
        environment["XDG_CONFIG_HOME"] = environment["XDG_CONFIG_HOME"] ?? config.path
        defer { try? FileManager.default.removeItem(at: config) }
        if let person {
            let db = arguments.firstIndex(of: "--db").map { arguments[$0 + 1] } ?? environment["CZK_DB"] ?? "czk.sqlite"
            if let token = try? TestSessions.open(database: db, for: person) {
                let file = URL(fileURLWithPath: environment["XDG_CONFIG_HOME"]!).appendingPathComponent("czk/session")
                try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? token.write(to: file, atomically: true, encoding: .utf8)
            }
        }
        return runRaw(arguments, environment: environment, input: input)
    }

    /// Runs `arguments` as they are, with `environment` standing for the process's and `input`
    /// for standard input.
    static func runRaw(_ arguments: [String], environment: [String: String], input: [String]? = nil) -> Result {
        let capture = Console.Capture()
        let code = CLIEnvironment.$overrides.withValue(environment) {
            Console.$input.withValue(input.map(Console.Lines.init)) {
                Console.$capture.withValue(capture) { CzkRunner.run(arguments) }
            }
        }
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
