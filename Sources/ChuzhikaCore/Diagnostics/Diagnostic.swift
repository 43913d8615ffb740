/// A place in a user's file: 1-based line and column.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A problem found in user input (rule files, CSV sheets, seeds): collected, never thrown one by one.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable {
        case error
        case warning

        public var chineseName: String { self == .error ? "错误" : "警告" }
    }

    public let location: SourceLocation
    public let severity: Severity
    public let message: String
    /// What to do about it.
    public let hint: String?

    public init(_ location: SourceLocation, _ message: String, hint: String? = nil, severity: Severity = .error) {
        self.location = location
        self.severity = severity
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(location): \(severity.chineseName): \(message)" + (hint.map { "\n  提示：\($0)" } ?? "")
    }
}
