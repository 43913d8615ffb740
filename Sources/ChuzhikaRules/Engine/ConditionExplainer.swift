import ChuzhikaCore

/// Says which part of a condition held, with the actual values against the thresholds:
/// `累计挂科学分 12 ≥ 7`, `本学期加权平均分 61 ≤ 70.2（上学期加权平均分 78 × 0.9）`. Pure.
enum ConditionExplainer {
    /// The comparisons that made `condition` true, in reading order. `name == n` reads as the
    /// indicator with its value: `在学费欠缴名册：是`, `职业资格证书等级(0 无) 0`.
    static func explain(_ condition: Expression, _ evaluator: ExpressionEvaluator, chinese: (String) -> String) -> [String] {
        func holds(_ e: Expression) -> Bool { (try? evaluator.condition(e)) == true }
        switch condition {
        case .binary(.and, let a, let b):
            return explain(a, evaluator, chinese: chinese) + explain(b, evaluator, chinese: chinese)
        case .binary(.or, let a, let b):
            return holds(a) ? explain(a, evaluator, chinese: chinese) : explain(b, evaluator, chinese: chinese)
        case .binary(let op, let a, let b) where symbols[op] != nil:
            if op == .equal, case .name(let name, _) = a, case .number(let n) = b { return [RiskIndicators.display(name, n)] }
            return ["\(render(a, evaluator, chinese: chinese)) \(symbols[op]!) \(render(b, evaluator, chinese: chinese))"]
        default:
            return [render(condition, evaluator, chinese: chinese)]
        }
    }

    private static let symbols: [Expression.BinaryOperator: String] = [
        .less: "<", .lessOrEqual: "≤", .greater: ">", .greaterOrEqual: "≥", .equal: "=", .notEqual: "≠",
    ]

    /// A side of a comparison: a name with its value; a computed side with its value and how.
    static func render(_ e: Expression, _ evaluator: ExpressionEvaluator, chinese: (String) -> String) -> String {
        switch e {
        case .number(let n): return RecordValue.format(n)
        case .string(let s): return s
        case .boolean(let b): return b ? "是" : "否"
        case .name(let name, _): return "\(chinese(name)) \(value(e, evaluator))"
        default:
            guard !e.names.isEmpty else { return value(e, evaluator) }
            return "\(value(e, evaluator))（\(formula(e, evaluator, chinese: chinese))）"
        }
    }

    private static func formula(_ e: Expression, _ evaluator: ExpressionEvaluator, chinese: (String) -> String) -> String {
        switch e {
        case .binary(let op, let a, let b):
            let sign = [.multiply: "×", .divide: "÷", .subtract: "−", .add: "+"][op] ?? symbols[op] ?? op.rawValue
            return "\(formula(a, evaluator, chinese: chinese)) \(sign) \(formula(b, evaluator, chinese: chinese))"
        case .name, .number, .string, .boolean: return render(e, evaluator, chinese: chinese)
        default: return value(e, evaluator)
        }
    }

    private static func value(_ e: Expression, _ evaluator: ExpressionEvaluator) -> String {
        guard let v = try? evaluator.evaluate(e) else { return "无数据" }
        if case .number(let n) = v { return RecordValue.format((n * 10).rounded() / 10) }
        return v.description
    }
}
