import ChuzhikaCore

/// Per-domain weight in the 总分汇总 and cap on a semester's 科目小计.
public struct DomainSettings: Hashable, Sendable {
    public let weight: Double
    /// The most a semester's subtotal may count; nil for no cap.
    public let semesterCap: Points?

    public init(weight: Double = 1, semesterCap: Points? = nil) {
        self.weight = weight
        self.semesterCap = semesterCap
    }
}

/// All scoring rules in force: the points, in file order, and the domain settings.
public struct RuleBook: Sendable {
    public let version: String
    public let points: [ScoringPoint]
    public let domains: [Domain: DomainSettings]
    private let index: [PointID: Int]

    public init(version: String, points: [ScoringPoint], domains: [Domain: DomainSettings] = [:]) {
        self.version = version
        self.points = points
        self.domains = domains
        var index: [PointID: Int] = [:]
        for (i, p) in points.enumerated() where index[p.id] == nil { index[p.id] = i }
        self.index = index
    }

    public subscript(id: PointID) -> ScoringPoint? { index[id].map { points[$0] } }

    public func settings(for domain: Domain) -> DomainSettings { domains[domain] ?? DomainSettings() }
}
