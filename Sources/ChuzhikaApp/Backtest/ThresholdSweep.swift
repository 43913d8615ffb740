import ChuzhikaCore
import ChuzhikaRules

/// The threshold of a risk rule that `czk risks evaluate --sweep` varies: the first comparison
/// of an indicator with a number in its conditions (highest level first), e.g. `share_failed >= 50`.
/// Every comparison of that indicator with that same number, at any level, moves with it
/// (`finance.fees` compares `share_failed >= 34` at 红 and at 黄).
public struct ThresholdSweep: Hashable, Sendable {
    public let indicator: String
    /// `>=`, `>`, `<=` or `<`.
    public let comparison: String
    public let current: Double

    /// The swept threshold of `rule`, or nil when no condition compares an indicator with a number.
    public init?(_ rule: RiskRule) {
        for level in rule.levels {
            if let found = Self.firstComparison(in: level.condition) {
                (indicator, comparison, current) = found
                return
            }
        }
        return nil
    }

    private static let ordering: Set<Expression.BinaryOperator> = [.less, .lessOrEqual, .greater, .greaterOrEqual]

    private static func firstComparison(in expression: Expression) -> (String, String, Double)? {
        switch expression {
        case .binary(let op, .name(let name, _), .number(let value)) where ordering.contains(op):
            return (name, op.rawValue, value)
        case .binary(let op, .number(let value), .name(let name, _)) where ordering.contains(op):
            return (name, op.rawValue, value)
        case .binary(_, let a, let b): return firstComparison(in: a) ?? firstComparison(in: b)
        case .unary(_, let e): return firstComparison(in: e)
        case .call(_, let arguments, _): return arguments.lazy.compactMap(firstComparison(in:)).first
        default: return nil
        }
    }

    /// The rule with `threshold` in place of the current one.
    public func rule(_ rule: RiskRule, at threshold: Double) -> RiskRule {
        let levels = rule.levels.map { level in
            RiskRule.Level(level: level.level, condition: replacing(level.condition, with: threshold),
                           text: level.text.replacingOccurrences(of: RecordValue.format(current), with: RecordValue.format(threshold)))
        }
        return RiskRule(id: rule.id, name: rule.name, scope: rule.scope, category: rule.category, levels: levels, evidence: rule.evidence,
                        notify: rule.notify, advice: rule.advice, missing: rule.missing, overdueDays: rule.overdueDays,
                        source: rule.source, location: rule.location)
    }

    private func replacing(_ expression: Expression, with threshold: Double) -> Expression {
        switch expression {
        case .binary(let op, .name(let name, let offset), .number(let value)) where name == indicator && value == current && Self.ordering.contains(op):
            return .binary(op, .name(name, offset: offset), .number(threshold))
        case .binary(let op, .number(let value), .name(let name, let offset)) where name == indicator && value == current && Self.ordering.contains(op):
            return .binary(op, .number(threshold), .name(name, offset: offset))
        case .binary(let op, let a, let b): return .binary(op, replacing(a, with: threshold), replacing(b, with: threshold))
        case .unary(let op, let e): return .unary(op, replacing(e, with: threshold))
        case .call(let function, let arguments, let offset): return .call(function, arguments.map { replacing($0, with: threshold) }, offset: offset)
        default: return expression
        }
    }

    /// The thresholds tried: over the indicator's range (0–100 in steps of 5 for a percentage or
    /// a mark), or around the current one for a count (0 to twice it, at least 10 above it),
    /// about 20 steps of 1, 2, 5, 10 …; always with the current threshold.
    public var grid: [Double] {
        let range = RiskIndicators.indicator(indicator)?.range ?? 0...Double.infinity
        let low = range.lowerBound
        let high = range.upperBound.isFinite ? range.upperBound : max(current * 2, current + 10)
        let raw = (high - low) / 20
        let step = [1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000].first { $0 >= raw } ?? raw.rounded(.up)
        var values = Array(stride(from: low, through: high + step / 1000, by: step))
        if !values.contains(current) { values.append(current) }
        return values.sorted()
    }
}
