import Foundation

/// The environment variables czk reads (`CZK_DB`, `CZK_TODAY`), from the process unless a
/// test binds its own: tests run many commands at once in one process, each with its own.
public enum CLIEnvironment {
    @TaskLocal public static var overrides: [String: String]?

    static var current: [String: String] { overrides ?? ProcessInfo.processInfo.environment }
}
