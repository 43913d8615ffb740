import ChuzhikaCore
import Yams

/// Reads one risk rule of `risks:`, reporting every problem at its line and column.
struct RiskReader {
    let reader: YAMLReader

    static let fields = ["id", "name", "scope", "category", "levels", "evidence", "notify", "advice", "missing", "overdue_days", "source"]

    func read(_ node: Node) -> RiskRule? {
        guard let f = reader.fields(node, allowed: Self.fields, what: "预警规则") else { return nil }
        let id = reader.string(reader.require(f, "id", in: node, what: "预警规则"), what: "id")
        let name = reader.string(reader.require(f, "name", in: node, what: "预警规则"), what: "name")
        var category: WarningCategory?
        if let c = f["category"], let text = reader.string(c, what: "category") {
            category = WarningCategory(rawValue: text)
            if category == nil {
                reader.fail(c, "未知的预警类别“\(text)”", hint: "可用：\(WarningCategory.allCases.map(\.rawValue).joined(separator: "、"))")
            }
        } else {
            reader.fail(node, "预警规则缺少字段 category")
        }
        var scope = Scope.individual
        if let node = f["scope"], let text = reader.string(node, what: "scope") {
            switch text {
            case "individual", "个体", "学生": scope = .individual
            case "class", "班级": scope = .class
            default: reader.fail(node, "scope 应为 individual（学生）或 class（班级）")
            }
        }
        let known = RiskIndicators.names(for: scope)
        let levels = readLevels(reader.require(f, "levels", in: node, what: "预警规则"), known: known, rule: id)
        let evidence = (reader.strings(f["evidence"], what: "evidence") ?? []).compactMap { name, item -> String? in
            guard known.contains(name) else {
                reader.fail(item, "未知指标 \(name)", hint: "可用指标：\(known.sorted().joined(separator: ", "))")
                return nil
            }
            return name
        }
        let notify = (reader.strings(reader.require(f, "notify", in: node, what: "预警规则"), what: "notify") ?? [])
            .compactMap { text, item -> OwnerRole? in
                guard let role = OwnerRole(name: text) else {
                    reader.fail(item, "未知的角色“\(text)”", hint: "可用：\(OwnerRole.allCases.map(\.chineseName).joined(separator: "、"))")
                    return nil
                }
                return role
            }
        let advice = reader.string(reader.require(f, "advice", in: node, what: "预警规则"), what: "advice")
        var missing = RiskRule.Missing.ignore
        if let m = f["missing"], let text = reader.string(m, what: "missing") {
            if let value = RiskRule.Missing(rawValue: text) { missing = value } else {
                reader.fail(m, "missing 应为 ignore、notice 或 warn", hint: "ignore：不预警；notice：提醒应录入的人；warn：按预警处理")
            }
        }
        let overdue = f["overdue_days"].flatMap { reader.number($0, what: "overdue_days") } ?? 7
        if overdue < 1 || overdue != overdue.rounded() { reader.fail(f["overdue_days"], "overdue_days 应为正整数") }
        let source = f["source"].flatMap { reader.string($0, what: "source") } ?? ""
        guard let id, let name, let category, let levels, let advice, !notify.isEmpty else { return nil }
        return RiskRule(id: id, name: name, scope: scope, category: category, levels: levels, evidence: evidence, notify: notify,
                        advice: advice, missing: missing, overdueDays: Int(overdue), source: source, location: reader.location(node))
    }

    private func readLevels(_ node: Node?, known: Set<String>, rule: String?) -> [RiskRule.Level]? {
        guard let node else { return nil }
        guard let list = node.sequence, !list.isEmpty else {
            reader.fail(node, "levels 应当是列表：- {level: 黄, when: \"…\"}")
            return nil
        }
        var seen = Set<WarningLevel>()
        let levels = list.compactMap { item -> RiskRule.Level? in
            guard let f = reader.fields(item, allowed: ["level", "when"], what: "预警等级") else { return nil }
            guard let levelNode = f["level"], let text = reader.string(levelNode, what: "level"), let level = WarningLevel(rawValue: text) else {
                reader.fail(f["level"] ?? item, "level 应为 黄、橙 或 红")
                return nil
            }
            if !seen.insert(level).inserted { reader.fail(levelNode, "等级 \(text) 重复") }
            guard let whenNode = f["when"], let when = reader.string(whenNode, what: "when"),
                let condition = ExpressionReader(reader: reader).parse(when, at: whenNode)
            else {
                if f["when"] == nil { reader.fail(item, "预警等级缺少 when 条件") }
                return nil
            }
            for name in condition.names where !known.contains(name) {
                // Point at the name inside the expression, as syntax errors are.
                let base = reader.location(whenNode)
                let quoted = whenNode.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
                let offset = when.range(of: name).map { when.distance(from: when.startIndex, to: $0.lowerBound) } ?? 0
                reader.fail(SourceLocation(file: base.file, line: base.line, column: base.column + offset + (quoted ? 1 : 0)),
                            "未知指标 \(name)", hint: "可用指标：\(known.sorted().joined(separator: ", "))")
            }
            warnAboutThresholds(condition, at: whenNode, known: known, rule: rule)
            return RiskRule.Level(level: level, condition: condition, text: when)
        }
        return levels.count == list.count ? levels : nil
    }

    /// Warns (never fails) about a threshold the indicator's range makes suspicious, at the
    /// indicator's column in the `when` text, naming the rule.
    private func warnAboutThresholds(_ condition: Expression, at node: Node, known: Set<String>, rule: String?) {
        let base = reader.location(node)
        let quoted = node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
        let findings = ThresholdCheck.findings(in: condition) { known.contains($0) ? RiskIndicators.indicator($0) : nil }
        for finding in findings {
            reader.warn(SourceLocation(file: base.file, line: base.line, column: base.column + finding.offset + (quoted ? 1 : 0)),
                        "预警规则 \(rule ?? "?")：\(finding.message)", hint: finding.hint)
        }
    }
}
