import ChuzhikaCore
import Foundation

/// Why an expression could not be evaluated. Never a crash, never a silent null.
public enum EvaluationError: Error, Hashable, Sendable {
    case divisionByZero
    case missing(String)
    case unknownName(String)
    case typeMismatch(operation: String, got: String)
    case notANumber
}

extension EvaluationError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .divisionByZero: "表达式中除数为 0"
        case .missing(let n): "指标 \(n) 在本期没有记录（可用 default(\(n), 0) 或 has(\(n)) 处理）"
        case .unknownName(let n): "未知的名称 \(n)"
        case .typeMismatch(let op, let got): "\(op) 不能用于\(got)"
        case .notANumber: "计算结果不是有效数字"
        }
    }
}

/// Evaluates an ``Expression`` against named values.
///
/// `lookup` answers a name with its value, `nil` when the name is known but has no value
/// this period (then the result is ``EvaluationError/missing(_:)`` unless guarded by
/// `has` or `default`), or throws ``EvaluationError/unknownName(_:)``.
public struct ExpressionEvaluator {
    public typealias Lookup = (String) throws(EvaluationError) -> ExpressionValue?

    let lookup: Lookup

    public init(lookup: @escaping Lookup) { self.lookup = lookup }

    public func evaluate(_ expression: Expression) throws(EvaluationError) -> ExpressionValue {
        switch expression {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        case .name(let name, _):
            guard let value = try lookup(name) else { throw .missing(name) }
            return value
        case .unary(.negate, let e): return .number(-(try number(e, "负号")))
        case .unary(.not, let e): return .boolean(!(try boolean(e, "not")))
        case .binary(let op, let a, let b): return try binary(op, a, b)
        case .call(let f, let args, _): return try call(f, args)
        }
    }

    /// Evaluates to a number, or throws.
    public func number(_ expression: Expression) throws(EvaluationError) -> Double {
        try number(expression, "结果")
    }

    /// Evaluates to a truth value, or throws.
    public func condition(_ expression: Expression) throws(EvaluationError) -> Bool {
        try boolean(expression, "条件")
    }

    // MARK: - Pieces

    private func number(_ e: Expression, _ op: String) throws(EvaluationError) -> Double {
        let v = try evaluate(e)
        guard case .number(let n) = v else { throw .typeMismatch(operation: op, got: v.typeName) }
        return n
    }

    private func boolean(_ e: Expression, _ op: String) throws(EvaluationError) -> Bool {
        let v = try evaluate(e)
        guard case .boolean(let b) = v else { throw .typeMismatch(operation: op, got: v.typeName) }
        return b
    }

    private func binary(
        _ op: Expression.BinaryOperator, _ a: Expression, _ b: Expression
    ) throws(EvaluationError) -> ExpressionValue {
        switch op {
        case .and: return .boolean(try boolean(a, "and") ? try boolean(b, "and") : false)
        case .or: return .boolean(try boolean(a, "or") ? true : try boolean(b, "or"))
        case .equal, .notEqual:
            let equal = try evaluate(a) == evaluate(b)
            return .boolean(op == .equal ? equal : !equal)
        default: break
        }
        let x = try number(a, op.rawValue)
        let y = try number(b, op.rawValue)
        switch op {
        case .add: return try finite(x + y)
        case .subtract: return try finite(x - y)
        case .multiply: return try finite(x * y)
        case .divide:
            guard y != 0 else { throw .divisionByZero }
            return try finite(x / y)
        case .remainder:
            guard y != 0 else { throw .divisionByZero }
            return try finite(x.truncatingRemainder(dividingBy: y))
        case .less: return .boolean(x < y)
        case .lessOrEqual: return .boolean(x <= y)
        case .greater: return .boolean(x > y)
        case .greaterOrEqual: return .boolean(x >= y)
        case .and, .or, .equal, .notEqual: return .boolean(false)  // handled above
        }
    }

    private func finite(_ x: Double) throws(EvaluationError) -> ExpressionValue {
        guard x.isFinite else { throw .notANumber }
        return .number(x)
    }

    private func call(_ f: Expression.Function, _ args: [Expression]) throws(EvaluationError) -> ExpressionValue {
        switch f {
        case .has:
            guard case .name(let name, _) = args[0] else { return .boolean(false) }
            return .boolean(try lookup(name) != nil)
        case .default:
            do {
                return try evaluate(args[0])
            } catch .missing {
                return try evaluate(args[1])
            }
        case .if:
            return try boolean(args[0], "if") ? try evaluate(args[1]) : try evaluate(args[2])
        default: break
        }
        var values: [Double] = []
        for arg in args { values.append(try number(arg, f.rawValue)) }
        switch f {
        case .min: return .number(values.min()!)  // arity 2…16, checked at parse
        case .max: return .number(values.max()!)  // arity 2…16, checked at parse
        case .clamp: return .number(Swift.min(Swift.max(values[0], values[1]), values[2]))
        case .abs: return .number(Swift.abs(values[0]))
        case .floor: return .number(values[0].rounded(.down))
        case .ceil: return .number(values[0].rounded(.up))
        case .round:
            let scale = pow(10, values.count > 1 ? values[1] : 0)
            return .number((values[0] * scale).rounded(.toNearestOrAwayFromZero) / scale)
        case .has, .default, .if: return .boolean(false)  // handled above
        }
    }
}
