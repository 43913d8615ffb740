import ChuzhikaCore

/// Evaluates risk rules over one student's indicators: pure, given the values.
public enum RiskEvaluator {
    public enum Outcome: Hashable, Sendable {
        /// The condition does not hold: the data are there and say so.
        case clear
        /// The condition holds at this level; evidence lists each indicator with its value.
        case raised(WarningLevel, evidence: String, condition: String)
        /// Data the rule needs is missing, so it can say neither yes nor no: no warning opens,
        /// and an open one stays open (the absence of new evidence never closes a warning).
        /// Who must record the data is told by a missing-data item (``RiskRule/Missing/notice``),
        /// never by a warning on the student.
        case undetermined(missing: [String])
    }

    /// - Parameters:
    ///   - values: every indicator of ``RiskIndicators``; nil when it has no data.
    ///   - explained: false leaves a raised outcome's evidence empty (a backtest trying many
    ///     thresholds needs only the level; everything else is the same evaluation).
    public static func evaluate(_ rule: RiskRule, values: [String: Double?], explained: Bool = true) -> Outcome {
        let evaluator = ExpressionEvaluator { name throws(EvaluationError) in
            guard let value = values[name] else { throw .unknownName(name) }
            return value.map(ExpressionValue.number)
        }
        var missing: [String] = []
        for level in rule.levels {
            do {
                if try evaluator.condition(level.condition) {
                    return .raised(level.level, evidence: explained ? evidence(rule, level.condition, values, evaluator) : "",
                                   condition: level.text)
                }
            } catch .missing(let name) {
                missing.append(name)
            } catch {
                continue
            }
        }
        guard !missing.isEmpty else { return .clear }
        switch rule.missing {
        case .ignore, .notice: return .undetermined(missing: Array(Set(missing)).sorted())
        case .warn:
            return .raised(rule.levels.last?.level ?? .yellow, evidence: "缺少数据：" + Set(missing).sorted().map(RiskIndicators.chinese)
                .joined(separator: "、"), condition: "缺少数据按预警处理")
        }
    }

    /// Which condition held, with the values against the thresholds, then the rule's other
    /// evidence: `累计挂科学分 12 ≥ 7；本学期挂科学分 4`.
    static func evidence(_ rule: RiskRule, _ held: Expression, _ values: [String: Double?], _ evaluator: ExpressionEvaluator) -> String {
        let explained = ConditionExplainer.explain(held, evaluator, chinese: RiskIndicators.chinese)
        let others = rule.evidence.filter { !held.names.contains($0) }.map { RiskIndicators.display($0, values[$0].flatMap { $0 }) }
        return (explained + others).joined(separator: "；")
    }
}
