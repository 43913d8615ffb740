import ChuzhikaCore

/// A parsed expression of the rule language: arithmetic, comparisons, `and`/`or`/`not`,
/// a few pure functions, and names that refer to the value or to other indicators.
///
/// ```
/// clamp((value - 60) / 10, 0, 4)
/// value >= 90 and default(academic.gpa, 0) > 3
/// ```
/// There are no loops, no assignment and no I/O; evaluation always terminates.
public indirect enum Expression: Hashable, Sendable {
    case number(Double)
    case string(String)
    case boolean(Bool)
    case name(String, offset: Int)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case call(Function, [Expression], offset: Int)

    public enum UnaryOperator: String, Hashable, Sendable {
        case negate = "-"
        case not
    }

    public enum BinaryOperator: String, Hashable, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case equal = "==", notEqual = "!="
        case and, or
    }

    /// The functions of the language, with their arity.
    public enum Function: String, CaseIterable, Hashable, Sendable {
        case min, max, clamp, abs, round, floor, ceil, has, `default`, `if`

        public var arity: ClosedRange<Int> {
            switch self {
            case .min, .max: 2...16
            case .clamp, .if: 3...3
            case .abs, .floor, .ceil, .has: 1...1
            case .round: 1...2
            case .default: 2...2
            }
        }
    }

    /// Every name the expression refers to (`value`, `academic.gpa` …).
    public var names: Set<String> {
        switch self {
        case .number, .string, .boolean: []
        case .name(let n, _): [n]
        case .unary(_, let e): e.names
        case .binary(_, let a, let b): a.names.union(b.names)
        case .call(_, let args, _): args.reduce(into: Set<String>()) { $0.formUnion($1.names) }
        }
    }
}

/// A value during evaluation.
public enum ExpressionValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case boolean(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .number(let n): RecordValue.format(n)
        case .boolean(let b): b ? "true" : "false"
        case .string(let s): "\"\(s)\""
        }
    }

    var typeName: String {
        switch self {
        case .number: "数字"
        case .boolean: "真假值"
        case .string: "文字"
        }
    }
}
