import ChuzhikaCore

/// A syntax error in an expression, at an offset (0-based, in Unicode scalars) inside it.
public struct ExpressionSyntaxError: Error, Equatable, Sendable {
    public let offset: Int
    public let message: String
}

/// Parses the rule language. Precedence, loosest first: `or`, `and`, `not`,
/// comparisons, `+ -`, `* / %`, unary minus.
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Double), string(String), name(String), symbol(String), end
    }

    private var tokens: [(Token, Int)] = []
    private var index = 0

    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser()
        parser.tokens = try tokenize(text)
        let expression = try parser.parseOr()
        if case let (token, offset) = parser.current, token != .end {
            throw ExpressionSyntaxError(offset: offset, message: "多余的内容 \(describe(token))")
        }
        return expression
    }

    // MARK: - Grammar

    private var current: (Token, Int) { tokens[index] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private mutating func accept(_ symbol: String) -> Bool {
        if current.0 == .symbol(symbol) || current.0 == .name(symbol) {
            advance()
            return true
        }
        return false
    }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseAnd()
        while accept("or") { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseNot()
        while accept("and") { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(ExpressionSyntaxError) -> Expression {
        if accept("not") { return .unary(.not, try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        let left = try parseAdditive()
        let comparisons: [(String, Expression.BinaryOperator)] = [
            ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("==", .equal), ("!=", .notEqual), ("<", .less), (">", .greater),
        ]
        for (symbol, op) in comparisons where accept(symbol) {
            return .binary(op, left, try parseAdditive())
        }
        return left
    }

    private mutating func parseAdditive() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseMultiplicative()
        while true {
            if accept("+") {
                left = .binary(.add, left, try parseMultiplicative())
            } else if accept("-") {
                left = .binary(.subtract, left, try parseMultiplicative())
            } else {
                return left
            }
        }
    }

    private mutating func parseMultiplicative() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseUnary()
        while true {
            if accept("*") {
                left = .binary(.multiply, left, try parseUnary())
            } else if accept("/") {
                left = .binary(.divide, left, try parseUnary())
            } else if accept("%") {
                left = .binary(.remainder, left, try parseUnary())
            } else {
                return left
            }
        }
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        if accept("-") { return .unary(.negate, try parseUnary()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        let (token, offset) = current
        switch token {
        case .number(let n):
            advance()
            return .number(n)
        case .string(let s):
            advance()
            return .string(s)
        case .symbol("("):
            advance()
            let inner = try parseOr()
            guard accept(")") else { throw ExpressionSyntaxError(offset: current.1, message: "缺少右括号 )") }
            return inner
        case .name(let name):
            advance()
            if name == "true" { return .boolean(true) }
            if name == "false" { return .boolean(false) }
            if ["and", "or", "not"].contains(name) {
                throw ExpressionSyntaxError(offset: offset, message: "\(name) 前后缺少操作数")
            }
            guard accept("(") else { return .name(name, offset: offset) }
            return try parseCall(name, at: offset)
        case .end:
            throw ExpressionSyntaxError(offset: offset, message: "表达式不完整")
        case .symbol(let s):
            throw ExpressionSyntaxError(offset: offset, message: "这里不应出现 \(s)")
        }
    }

    private mutating func parseCall(_ name: String, at offset: Int) throws(ExpressionSyntaxError) -> Expression {
        guard let function = Expression.Function(rawValue: name) else {
            let known = Expression.Function.allCases.map(\.rawValue).joined(separator: ", ")
            throw ExpressionSyntaxError(offset: offset, message: "未知函数 \(name)（可用：\(known)）")
        }
        var arguments: [Expression] = []
        if !accept(")") {
            repeat { arguments.append(try parseOr()) } while accept(",")
            guard accept(")") else { throw ExpressionSyntaxError(offset: current.1, message: "缺少右括号 )") }
        }
        guard function.arity.contains(arguments.count) else {
            throw ExpressionSyntaxError(
                offset: offset,
                message: "\(name) 需要 \(function.arity.lowerBound)…\(function.arity.upperBound) 个参数，给了 \(arguments.count) 个")
        }
        if function == .has, case .name = arguments[0] {} else if function == .has {
            throw ExpressionSyntaxError(offset: offset, message: "has 的参数必须是一个指标名")
        }
        return .call(function, arguments, offset: offset)
    }

    // MARK: - Tokens

    private static func describe(_ token: Token) -> String {
        switch token {
        case .number(let n): RecordValue.format(n)
        case .string(let s): "\"\(s)\""
        case .name(let n): n
        case .symbol(let s): s
        case .end: "结尾"
        }
    }

    static func tokenize(_ text: String) throws(ExpressionSyntaxError) -> [(Token, Int)] {
        let chars = Array(text.unicodeScalars)
        var result: [(Token, Int)] = []
        var i = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.properties.isAlphabetic
        }
        while i < chars.count {
            let c = chars[i]
            if c.properties.isWhitespace { i += 1; continue }
            let start = i
            if c.properties.numericType != nil && c.isASCII {
                while i < chars.count, chars[i].isASCII, chars[i].properties.numericType != nil || chars[i] == "." { i += 1 }
                let literal = String(String.UnicodeScalarView(chars[start..<i]))
                guard let n = Double(literal) else {
                    throw ExpressionSyntaxError(offset: start, message: "数字 \(literal) 写法不对")
                }
                result.append((.number(n), start))
            } else if isNameStart(c) {
                while i < chars.count, isNameStart(chars[i]) || (chars[i].isASCII && chars[i].properties.numericType != nil) || chars[i] == "." { i += 1 }
                result.append((.name(String(String.UnicodeScalarView(chars[start..<i]))), start))
            } else if c == "\"" || c == "'" {
                i += 1
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else { throw ExpressionSyntaxError(offset: start, message: "字符串缺少结尾引号") }
                result.append((.string(String(String.UnicodeScalarView(chars[(start + 1)..<i]))), start))
                i += 1
            } else {
                let two = i + 1 < chars.count ? String(String.UnicodeScalarView(chars[i...(i + 1)])) : ""
                if ["<=", ">=", "==", "!="].contains(two) {
                    result.append((.symbol(two), start))
                    i += 2
                } else if "+-*/%()<>,".unicodeScalars.contains(c) {
                    result.append((.symbol(String(c)), start))
                    i += 1
                } else {
                    throw ExpressionSyntaxError(offset: start, message: "无法识别的字符 \(c)")
                }
            }
        }
        result.append((.end, chars.count))
        return result
    }
}
