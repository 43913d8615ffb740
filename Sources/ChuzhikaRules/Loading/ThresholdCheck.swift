import ChuzhikaCore

/// Comparisons in a risk rule's `when` whose threshold the indicator's range makes suspicious:
/// outside the range (`share_failed >= 150`), one that can never or always hold
/// (`absence_rate > 100`), a fraction for a percentage (`share_failed >= 0.5`: rates are
/// 0–100), a flag compared with anything but 0 or 1. `czk rules check` warns; it does not fail.
enum ThresholdCheck {
    /// One suspicious comparison, at the indicator's offset (in Unicode scalars) in the text.
    struct Finding: Equatable {
        let offset: Int
        let message: String
        let hint: String?
    }

    static func findings(in expression: Expression, indicator: (String) -> RiskIndicator?) -> [Finding] {
        var found: [Finding] = []
        visit(expression) { op, name, offset, threshold in
            guard let spec = indicator(name), let finding = check(spec, op, threshold) else { return }
            found.append(Finding(offset: offset, message: finding.0, hint: finding.1))
        }
        return found
    }

    private static let comparisons: Set<Expression.BinaryOperator> = [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual]

    /// Calls `found` for each `name op number` (or `number op name`, turned round).
    private static func visit(_ e: Expression, _ found: (Expression.BinaryOperator, String, Int, Double) -> Void) {
        switch e {
        case .number, .string, .boolean, .name: return
        case .unary(_, let inner): visit(inner, found)
        case .call(_, let arguments, _): arguments.forEach { visit($0, found) }
        case .binary(let op, let a, let b):
            if comparisons.contains(op) {
                if case .name(let name, let offset) = a, let n = number(b) { found(op, name, offset, n) }
                if case .name(let name, let offset) = b, let n = number(a) { found(flipped(op), name, offset, n) }
            }
            visit(a, found)
            visit(b, found)
        }
    }

    private static func number(_ e: Expression) -> Double? {
        switch e {
        case .number(let n): n
        case .unary(.negate, .number(let n)): -n
        default: nil
        }
    }

    private static func flipped(_ op: Expression.BinaryOperator) -> Expression.BinaryOperator {
        switch op {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: op
        }
    }

    /// The message and hint for `spec op n`, or nil when nothing is suspicious.
    private static func check(_ spec: RiskIndicator, _ op: Expression.BinaryOperator, _ n: Double) -> (String, String?)? {
        guard let range = spec.range else { return nil }
        let shown = "\(spec.name) \(op.rawValue) \(RecordValue.format(n))"
        let (lo, hi) = (range.lowerBound, range.upperBound)
        let never: Bool
        let always: Bool
        switch op {
        case .greater: (never, always) = (n >= hi, n < lo)
        case .greaterOrEqual: (never, always) = (n > hi, n <= lo)
        case .less: (never, always) = (n <= lo, n > hi)
        case .lessOrEqual: (never, always) = (n < lo, n >= hi)
        case .equal: (never, always) = (!range.contains(n), false)
        default: (never, always) = (false, !range.contains(n))
        }
        let rangeText = describe(range, unit: spec.unit)
        if !range.contains(n) {
            return ("阈值 \(RecordValue.format(n)) 超出 \(spec.name)（\(spec.chinese)）的取值范围 \(rangeText)：\(shown) "
                        + (never ? "永远不成立" : always ? "总是成立" : "可疑"),
                    spec.unit == "%" ? "比率以百分数计（0–100）" : nil)
        }
        if never || always {
            return ("\(shown) \(never ? "永远不成立" : "总是成立")：\(spec.name)（\(spec.chinese)）的取值范围是 \(rangeText)", nil)
        }
        if spec.unit == "%", n > 0, n < 1 {
            let percent = RecordValue.format(n * 100)
            let meant = n == 0.5 ? "要表示一半请写 50" : "要表示 \(percent)% 请写 \(percent)"
            return ("\(spec.name) 以百分数计（0–100），\(RecordValue.format(n)) 表示 \(RecordValue.format(n))%；\(meant)", nil)
        }
        if spec.unit == "是否", n != 0, n != 1 {
            return ("\(spec.name)（\(spec.chinese)）只取 0 或 1：\(shown) 应写作 \(spec.name) == 1 或 \(spec.name) == 0", nil)
        }
        return nil
    }

    /// `0–100 %`, `≥ 0 学分`, `0 或 1`.
    static func describe(_ range: ClosedRange<Double>, unit: String) -> String {
        if unit == "是否" { return "0 或 1" }
        let text = range.upperBound.isInfinite
            ? "≥ \(RecordValue.format(range.lowerBound))" : "\(RecordValue.format(range.lowerBound))–\(RecordValue.format(range.upperBound))"
        return "\(text) \(unit)"
    }
}
