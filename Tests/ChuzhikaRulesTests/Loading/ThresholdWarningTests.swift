import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Testing

/// `rules check` warns, without failing, about a threshold the indicator's range makes
/// suspicious, at the indicator's line and column, naming the rule.
@Suite struct ThresholdWarningTests {
    func load(_ marked: MarkedText) -> RuleBookLoader.Result {
        RuleBookLoader.load([RuleSource(path: "risks.yaml", text: marked.text)])
    }

    func rule(_ id: String, _ when: String) -> String {
        """
          - id: \(id)
            name: 测试
            category: 学业
            levels:
              - {level: 黄, when: "\(when)"}
            notify: [班主任]
            advice: 谈话

        """
    }

    func warning(_ result: RuleBookLoader.Result, at marker: (line: Int, column: Int)?) -> Diagnostic? {
        result.diagnostics.first { $0.severity == .warning && $0.location.line == marker?.line && $0.location.column == marker?.column }
    }

    @Test("比率与 (0,1) 之间的数比较：提醒比率以百分数计")
    func aFractionForAPercentageIsWarnedAbout() throws {
        let marked = MarkedText("version: t\nrisks:\n" + rule("x.half", "1️⃣share_failed >= 0.5 and courses_taken >= 3"))
        let result = load(marked)
        #expect(result.book != nil, "a warning does not stop the rules loading: \(result.errors)")
        let found = try #require(warning(result, at: marked.markers["1️⃣"]), "\(result.diagnostics.map(\.description))")
        #expect(found.location.file == "risks.yaml")
        #expect(found.message.contains("x.half"))
        #expect(found.message.contains("share_failed 以百分数计（0–100），0.5 表示 0.5%；要表示一半请写 50"), "\(found.message)")
    }

    @Test(arguments: [
        ("share_failed >= 150", "超出"), ("absence_rate > 100", "永远不成立"), ("fees_owed == 2", "超出"),
        ("150 <= share_failed", "超出"), ("fees_owed >= 0.5", "只取 0 或 1"), ("absence_rate >= 0", "总是成立"),
        ("psych_screening > 70", "超出"),
    ])
    func aThresholdOutsideTheRangeIsWarnedAbout(when: String, says: String) throws {
        let marked = MarkedText("version: t\nrisks:\n" + rule("x.range", "1️⃣" + when))
        let result = load(marked)
        #expect(result.book != nil, "\(result.errors)")
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 1, "\(warnings.map(\.description))")
        let found = try #require(warnings.first)
        #expect(found.message.contains("x.range") && found.message.contains(says), "\(found.message)")
        #expect(found.location.line == marked.markers["1️⃣"]?.line)
        if !when.hasPrefix("150") { #expect(found.location.column == marked.markers["1️⃣"]?.column) }
    }

    @Test(arguments: ["share_failed >= 50", "absence_rate >= 10", "fees_owed == 1", "credits_taken > 30", "share_failed > 0"])
    func aSensibleThresholdIsNotWarnedAbout(when: String) {
        let result = load(MarkedText("version: t\nrisks:\n" + rule("x.fine", when)))
        #expect(result.book != nil)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
    }

    @Test func theShippedRulesHaveNoSuspiciousThresholds() throws {
        let result = RuleBookLoader.load(try Repository.shippedRules())
        #expect(result.diagnostics.filter { $0.severity == .warning && $0.message.hasPrefix("预警规则") }.isEmpty,
                "\(result.diagnostics.map(\.description))")
    }

    @Test func everyIndicatorHasAUnitAndARange() {
        for indicator in RiskIndicators.catalogue + RiskIndicators.classCatalogue {
            #expect(!indicator.unit.isEmpty && indicator.range != nil, "\(indicator.name)")
            if indicator.unit == "%" { #expect(indicator.range == 0...100, "\(indicator.name)") }
        }
    }
}
