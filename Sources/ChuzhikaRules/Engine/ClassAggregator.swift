import ChuzhikaCore

/// Derives a class value for one period from its members' records. Pure.
public enum ClassAggregator {
    /// One member's records of the source point within the period.
    public struct Member: Sendable {
        public let values: [RecordValue]

        public init(values: [RecordValue]) { self.values = values }
    }

    /// The class value, or nil when no member has a record in the period.
    ///
    /// Each member's value is their period indicator (mean; sum for counts; a level's highest).
    /// `average` and `sum` combine members with records; `ratio` is the share (%) of members with
    /// records whose value satisfies the condition.
    public static func derive(
        _ derivation: Derivation, source: ScoringPoint, members: [Member]
    ) throws(EvaluationError) -> Double? {
        let present = members.filter { !$0.values.isEmpty }
        guard !present.isEmpty else { return nil }
        let values = present.map { memberValue($0.values, kind: source.value.kind) }
        switch derivation.aggregate {
        case .average:
            return values.reduce(0) { $0 + $1.number } / Double(values.count)
        case .sum:
            return values.reduce(0) { $0 + $1.number }
        case .ratio:
            guard let condition = derivation.condition else { return nil }
            var hits = 0
            for value in values {
                let evaluator = ExpressionEvaluator { name throws(EvaluationError) in
                    switch name {
                    case "value": return .number(value.number)
                    case "label": return .string(value.text)
                    default: throw .unknownName(name)
                    }
                }
                if try evaluator.condition(condition) { hits += 1 }
            }
            return Double(hits) * 100 / Double(values.count)
        }
    }

    static func memberValue(_ values: [RecordValue], kind: ValueSpec.Kind) -> RecordValue {
        if kind == .level { return values.max { $0.number < $1.number }! }  // non-empty: filtered above
        return RecordValue(number: Indicator.value(of: values, kind: kind))
    }
}

extension Scorer {
    /// The points a list of period values earns under a point's method: aggregate methods score
    /// them together, the others score each and add up.
    public static func total(for point: ScoringPoint, values: [RecordValue]) throws(EvaluationError) -> Points {
        guard !values.isEmpty else { return .zero }
        if let held = periodPoints(for: point, values: values) { return Points(held) }
        var sum = Points.zero
        for value in values { sum = sum + Points(try points(for: value, by: point)) }
        return sum
    }
}
