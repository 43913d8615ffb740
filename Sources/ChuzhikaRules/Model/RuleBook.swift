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
    /// The first semester these rules govern (`applies_from:` in card.yaml); nil for all.
    public let appliesFrom: SemesterID?
    public let points: [ScoringPoint]
    public let domains: [Domain: DomainSettings]
    /// The risk rules (预警规则), in file order.
    public let risks: [RiskRule]
    private let index: [PointID: Int]
    private let derived: [PointID: [ScoringPoint]]

    public init(
        version: String, appliesFrom: SemesterID? = nil, points: [ScoringPoint],
        domains: [Domain: DomainSettings] = [:], risks: [RiskRule] = []
    ) {
        self.risks = risks
        self.version = version
        self.appliesFrom = appliesFrom
        self.points = points
        self.domains = domains
        var index: [PointID: Int] = [:]
        for (i, p) in points.enumerated() where index[p.id] == nil { index[p.id] = i }
        self.index = index
        var derived: [PointID: [ScoringPoint]] = [:]
        for point in points {
            if case .derived(let derivation)? = point.classSource { derived[derivation.of, default: []].append(point) }
        }
        self.derived = derived
    }

    public subscript(id: PointID) -> ScoringPoint? { index[id].map { points[$0] } }

    /// The class points derived from members' records of `source` (a class's 全勤率 from its
    /// members' 全勤率): what a member's record also moves.
    public func classPoints(derivedFrom source: PointID) -> [ScoringPoint] { derived[source] ?? [] }

    public func settings(for domain: Domain) -> DomainSettings { domains[domain] ?? DomainSettings() }
}

/// Every rule set applied to a database, oldest first: each semester is scored by the latest
/// one that applies to it, so rules can change between semesters without rewriting old cards.
public struct RuleBooks: Sendable {
    public let books: [RuleBook]
    /// The database's rule-set stamp these books were read at, when they came from a database:
    /// a write checks it again once it holds its posting locks.
    public var stamp: String?

    /// - Precondition: at least one book.
    public init(_ books: [RuleBook]) {
        precondition(!books.isEmpty, "RuleBooks needs at least one rule set")
        self.books = books
    }

    /// The rules applied last.
    public var latest: RuleBook { books[books.count - 1] }

    /// The rules that govern `semester`: the last applied whose `appliesFrom` is not after it.
    public func book(for semester: SemesterID) -> RuleBook {
        books[Self.governing(books.map(\.appliesFrom), semester)]
    }

    /// Which of the rule sets applied in this order (each from its `appliesFrom`, nil: from the
    /// start) governs `semester`: the last that applies by then, else the first.
    public static func governing(_ appliesFrom: [SemesterID?], _ semester: SemesterID) -> Int {
        appliesFrom.lastIndex { ($0?.rawValue ?? "") <= semester.rawValue } ?? 0
    }
}
