/// The text of one rule file (ScoringRules/*.yaml) and the path it is reported under.
public struct RuleSource: Hashable, Codable, Sendable {
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
