import ChuzhikaCore

/// Points that one key of an account should hold.
public struct Credit: Hashable, Sendable {
    /// `r:<recordId>` for one record, `p:<semester>` for a semester aggregate.
    public let key: String
    public let points: Points
    public let record: RecordID?

    public init(key: String, points: Points, record: RecordID?) {
        self.key = key
        self.points = points
        self.record = record
    }

    public static func recordKey(_ id: RecordID) -> String { "r:\(id.rawValue)" }
    public static func periodKey(_ semester: SemesterID) -> String { "p:\(semester.rawValue)" }
}

/// A record the engine could not score (a formula divided by zero, a missing indicator).
public struct ScoringProblem: Hashable, Sendable {
    public let point: PointID
    public let record: RecordID?
    public let error: EvaluationError
}

/// Turns one subject's live records of one point in one semester into credits. Pure.
public enum Scorer {
    /// Looks up the subject's semester indicator for another point, by id; nil when it has none.
    public typealias Indicators = (PointID) -> Double?

    public static func credits(
        for point: ScoringPoint, records: [Record], semester: SemesterID,
        indicators: @escaping Indicators = { _ in nil }
    ) -> (credits: [Credit], problems: [ScoringProblem]) {
        credits(for: point, values: records.compactMap { r in r.id.map { ($0, r.value) } }, semester: semester,
                indicators: indicators)
    }

    /// The same, from (record id, value) pairs.
    public static func credits(
        for point: ScoringPoint, values records: [(id: RecordID, value: RecordValue)], semester: SemesterID,
        indicators: @escaping Indicators = { _ in nil }
    ) -> (credits: [Credit], problems: [ScoringProblem]) {
        guard !records.isEmpty else { return ([], []) }
        if case .none = point.scoring { return ([], []) }
        if let held = periodPoints(for: point, values: records.map(\.value)) {
            return ([Credit(key: Credit.periodKey(semester), points: Points(held), record: nil)], [])
        }
        var credits: [Credit] = []
        var problems: [ScoringProblem] = []
        for record in records {
            let id = record.id
            do {
                let amount = try points(for: record.value, by: point, indicators: indicators)
                credits.append(Credit(key: Credit.recordKey(id), points: Points(amount), record: id))
            } catch {
                problems.append(ScoringProblem(point: point.id, record: id, error: error))
            }
        }
        return (credits, problems)
    }

    /// The points one value earns under a per-record method.
    public static func points(
        for value: RecordValue, by point: ScoringPoint, indicators: @escaping Indicators = { _ in nil }
    ) throws(EvaluationError) -> Double {
        switch point.scoring {
        case .perEvent(let each): return value.number * each
        case .bands(let bands): return bands.points(for: value.number)
        case .levels(let table): return value.label.flatMap { table[$0] } ?? 0
        case .formula(let expression, _):
            let evaluator = ExpressionEvaluator { name throws(EvaluationError) in
                switch name {
                case "value": return .number(value.number)
                case "label": return .string(value.text)
                default: return indicators(PointID(rawValue: name)).map { .number($0) }
                }
            }
            return try evaluator.number(expression)
        case .rate, .average, .count: return periodPoints(for: point, values: [value]) ?? 0
        case .none: return 0
        }
    }

    /// The one place the period methods are evaluated: `rate` and `average` band the period's
    /// mean, `count` adds the values up (each × points, capped). Nil for a per-record method.
    public static func periodPoints(for point: ScoringPoint, values: [RecordValue]) -> Double? {
        switch point.scoring {
        case .rate(let bands), .average(let bands):
            return bands.points(for: Indicator.mean(of: values, kind: point.value.kind))
        case .count(let each, let cap):
            return min(max(values.reduce(0) { $0 + $1.number } * each, -cap), cap)
        default:
            return nil
        }
    }
}

/// How a period's records of one point reduce to one number.
public enum Indicator {
    /// The mean value; for 是/否 points the share of 是 as a percentage.
    public static func mean(of values: [RecordValue], kind: ValueSpec.Kind) -> Double {
        guard !values.isEmpty else { return 0 }
        let scale = kind == .boolean ? 100.0 : 1.0
        return values.reduce(0) { $0 + $1.number } * scale / Double(values.count)
    }

    /// The indicator of a point over a period: sum for counts, mean otherwise.
    public static func value(of values: [RecordValue], kind: ValueSpec.Kind) -> Double {
        kind == .count ? values.reduce(0) { $0 + $1.number } : mean(of: values, kind: kind)
    }
}
