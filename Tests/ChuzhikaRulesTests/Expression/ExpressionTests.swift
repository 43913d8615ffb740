import ChuzhikaRules
import Testing

@Suite struct ExpressionTests {
    func evaluate(_ text: String, _ names: [String: ExpressionValue] = [:]) throws -> ExpressionValue {
        let expression = try ExpressionParser.parse(text)
        return try ExpressionEvaluator { name throws(EvaluationError) in
            if let v = names[name] { return v }
            if name.hasPrefix("missing") { return nil }
            throw .unknownName(name)
        }.evaluate(expression)
    }

    @Test(arguments: [
        ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9), ("-2 + 5", 3), ("10 / 4", 2.5), ("7 % 3", 1),
        ("min(3, 1, 2)", 1), ("max(3, 1, 2)", 3), ("clamp(12, 0, 10)", 10), ("clamp(-1, 0, 10)", 0),
        ("abs(-4)", 4), ("round(2.345, 2)", 2.35), ("floor(2.7)", 2), ("ceil(2.1)", 3),
        ("if(1 < 2, 10, 20)", 10), ("default(missing.x, 4)", 4),
    ])
    func arithmeticAndFunctions(text: String, expected: Double) throws {
        #expect(try evaluate(text) == .number(expected))
    }

    @Test func comparisonsAndLogicFollowPrecedence() throws {
        #expect(try evaluate("1 < 2 and 3 > 4 or not false") == .boolean(true))
        #expect(try evaluate("value >= 90 and value <= 100", ["value": .number(95)]) == .boolean(true))
        #expect(try evaluate("label == \"中级\"", ["label": .string("中级")]) == .boolean(true))
        #expect(try evaluate("has(missing.y)") == .boolean(false))
    }

    @Test func divisionByZeroIsAClearError() {
        #expect(throws: EvaluationError.divisionByZero) { try evaluate("value / 0", ["value": .number(3)]) }
        #expect(throws: EvaluationError.divisionByZero) { try evaluate("5 % (2 - 2)") }
    }

    @Test func missingIndicatorIsNotSilentlyNull() {
        #expect(throws: EvaluationError.missing("missing.gpa")) { try evaluate("missing.gpa + 1") }
    }

    @Test func typeMistakesAreErrors() {
        #expect(throws: EvaluationError.self) { try evaluate("1 + true") }
        #expect(throws: EvaluationError.self) { try evaluate("not 3") }
    }

    @Test(arguments: [("1 +", 3), ("clamp(1, 2)", 0), ("(1 + 2", 6), ("1 $ 2", 2), ("foo(1)", 0), ("1 2", 2)])
    func syntaxErrorsCarryTheirOffset(text: String, offset: Int) {
        do {
            _ = try ExpressionParser.parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.offset == offset, "\(text): \(error.message)")
        }
    }
}
