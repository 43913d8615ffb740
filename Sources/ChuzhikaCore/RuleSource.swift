/// The text of one rule file (ScoringRules/*.yaml) and the path it is reported under.
public struct RuleSource: Hashable, Codable, Sendable {
    public let path: String
    public let text: String
    /// The file already parsed, as stored with an applied rule set (see `RuleTree`): loading it
    /// skips the YAML parser, which was a third of every command's time. Not part of equality.
    public var tree: String?

    public init(path: String, text: String, tree: String? = nil) {
        self.path = path
        self.text = text
        self.tree = tree
    }

    public static func == (a: RuleSource, b: RuleSource) -> Bool { a.path == b.path && a.text == b.text }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(text)
    }
}
