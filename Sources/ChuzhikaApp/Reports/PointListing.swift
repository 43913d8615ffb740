import ChuzhikaCore
import ChuzhikaDefaults
import ChuzhikaRules

/// One 采分点 as `czk rules check` and `czk rules list` show it.
public struct PointListing: Hashable, Codable, Sendable {
    public let id: String
    public let name: String
    public let domain: Domain
    public let domainName: String
    public let scope: Scope
    public let scopeName: String
    public let timing: Timing
    public let timingName: String
    public let owners: [OwnerRole]
    public let ownerNames: [String]
    public let valueKind: String
    public let valueRange: String
    public let method: String
    public let methodName: String
    public let source: String?
    public let enabled: Bool
    public let location: String

    public init(_ point: ScoringPoint) {
        id = point.id.rawValue
        name = point.name
        domain = point.domain
        domainName = point.domain.chineseName
        scope = point.scope
        scopeName = point.scope.chineseName
        timing = point.timing
        timingName = point.timing.chineseName
        owners = point.owners
        ownerNames = point.owners.map(\.chineseName)
        valueKind = point.value.kind.rawValue
        valueRange = point.value.rangeDescription
        method = point.scoring.name
        methodName = point.scoring.chineseName
        source = point.classSource?.chineseName
        enabled = point.isEnabled
        location = point.location.description
    }
}

extension CardApp {
    /// Reads and checks a rules folder without touching any database.
    public static func checkRules(folder: String?) throws -> RuleBookLoader.Result {
        RuleBookLoader.load(try ruleFiles(folder))
    }

    /// The rule files of `folder`, or the default rules shipped inside the binary.
    public static func ruleFiles(_ folder: String?) throws -> [RuleSource] {
        guard let folder else { return DefaultFiles.rules }
        return try RuleDirectory.read(folder)
    }
}
