import ChuzhikaCore

/// One row of a band table: values at or above ``minimum`` earn ``points``.
/// The last band may have no minimum: it catches everything below the others.
public struct Band: Hashable, Sendable {
    public let minimum: Double?
    public let points: Double

    public init(minimum: Double?, points: Double) {
        self.minimum = minimum
        self.points = points
    }
}

extension Array where Element == Band {
    /// The points of the first band whose minimum the value reaches; 0 when none does.
    public func points(for value: Double) -> Double {
        for band in self {
            guard let minimum = band.minimum else { return band.points }
            if value >= minimum { return band.points }
        }
        return 0
    }
}

/// How raw values become 储值 points. Declared in YAML under `scoring:`.
public enum ScoringMethod: Hashable, Sendable {
    /// Each record earns `points × value` (a late arrival, a violation, a praise).
    case perEvent(points: Double)
    /// The semester's records give a rate (mean of 是/否 or of percentages); the rate goes through bands.
    case rate(bands: [Band])
    /// The semester's values are averaged (weekly 宿舍得分); the mean goes through bands.
    case average(bands: [Band])
    /// Each record's value goes through bands (综合素质测评 0–100 → points).
    case bands([Band])
    /// Each record's level earns the points of its label (初级/中级/高级).
    case levels([String: Double])
    /// The semester's values are summed, × `each`, and held within ±`cap`.
    case count(each: Double, cap: Double)
    /// Each record earns what the formula gives.
    case formula(Expression, source: String)
    /// Recorded and reported, never added to the balance.
    case none(reason: String)

    /// The YAML name of the method.
    public var name: String {
        switch self {
        case .perEvent: "per_event"
        case .rate: "rate"
        case .average: "average"
        case .bands: "bands"
        case .levels: "levels"
        case .count: "count"
        case .formula: "formula"
        case .none: "none"
        }
    }

    /// Whether the method scores the semester's records together rather than each one.
    public var aggregatesPeriod: Bool {
        switch self {
        case .rate, .average, .count: true
        default: false
        }
    }

    /// How it is described in a listing: `按次 -1`, `比率分档`, `公式`.
    public var chineseName: String {
        switch self {
        case .perEvent(let p): "按次 \(RecordValue.format(p))"
        case .rate: "比率分档"
        case .average: "均值分档"
        case .bands: "分数分档"
        case .levels: "等级对照"
        case .count(let each, let cap): "计次 \(RecordValue.format(each))/次 封顶\(RecordValue.format(cap))"
        case .formula: "公式"
        case .none: "只记录不计分"
        }
    }
}
