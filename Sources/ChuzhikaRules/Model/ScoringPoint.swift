import ChuzhikaCore

/// A 采分点 (scoring point) declared in ScoringRules/.
public struct ScoringPoint: Hashable, Sendable {
    public let id: PointID
    public let name: String
    public let domain: Domain
    public let scope: Scope
    public let timing: Timing
    public let owners: [OwnerRole]
    public let value: ValueSpec
    public let scoring: ScoringMethod
    /// For class points: recorded or derived. Nil for individual points.
    public let classSource: ClassSource?
    /// For a 增值 point: the point whose semester indicator's change from the previous semester
    /// is this point's value, when its owner has not recorded one.
    public let valueAddedOf: PointID?
    /// For 任课教师 points tied to certain courses (思想政治课程成绩): fragments of those courses'
    /// names. Only teachers of a matching course own the point. Empty: any course.
    public let courses: [String]
    /// Warning categories this point feeds (学业, 心理 …), for the risk rules.
    public let risks: [String]
    /// Switched-off points (table-14-only elements) are listed but cannot be recorded.
    public let isEnabled: Bool
    /// Only counselors and authorised staff may see its records (心理辅导频次).
    public let isSensitive: Bool
    public let note: String?
    public let location: SourceLocation

    public init(
        id: PointID, name: String, domain: Domain, scope: Scope, timing: Timing,
        owners: [OwnerRole], value: ValueSpec, scoring: ScoringMethod,
        classSource: ClassSource? = nil, valueAddedOf: PointID? = nil, courses: [String] = [],
        risks: [String] = [], isEnabled: Bool = true,
        isSensitive: Bool = false, note: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.domain = domain
        self.scope = scope
        self.timing = timing
        self.owners = owners
        self.value = value
        self.scoring = scoring
        self.classSource = classSource
        self.valueAddedOf = valueAddedOf
        self.courses = courses
        self.risks = risks
        self.isEnabled = isEnabled
        self.isSensitive = isSensitive
        self.note = note
        self.location = location
    }

    /// Whether the point adds to the balance at all.
    public var isScored: Bool {
        if case .none = scoring { return false }
        return true
    }
}
