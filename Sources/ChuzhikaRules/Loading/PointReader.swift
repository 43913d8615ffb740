import ChuzhikaCore
import Yams

/// Reads one `points:` entry into a ``ScoringPoint``, reporting each bad field where it stands.
struct PointReader {
    let reader: YAMLReader
    let fileDomain: Domain?

    static let keys = [
        "id", "name", "domain", "scope", "timing", "owners", "value", "scoring", "source", "value_added_of", "courses", "risk",
        "enabled", "sensitive", "note",
    ]

    func read(_ node: Node) -> ScoringPoint? {
        guard let f = reader.fields(node, allowed: Self.keys, what: "采分点") else { return nil }
        let idText = reader.string(reader.require(f, "id", in: node, what: "采分点"), what: "id")
        let what = "采分点 \(idText ?? "?") "
        if let idText, !Self.isValidID(idText) {
            reader.fail(f["id"], "id “\(idText)” 写法不对", hint: "用小写英文、数字和下划线，以点分段，如 academic.punctuality")
        }
        let name = reader.string(reader.require(f, "name", in: node, what: what), what: "name")
        let domain = readDomain(f["domain"], owner: node, what: what)
        let scope = readEnum(reader.require(f, "scope", in: node, what: what), Scope.init(name:), "scope", "individual/个体、class/集体")
        let timing = readEnum(reader.require(f, "timing", in: node, what: what), Timing.init(name:), "采分时点 timing",
            Timing.allCases.map(\.chineseName).joined(separator: "、"))
        let owners = readOwners(reader.require(f, "owners", in: node, what: what))
        let value = reader.require(f, "value", in: node, what: what).flatMap(readValue)
        let scoring = reader.require(f, "scoring", in: node, what: what).flatMap { ScoringReader(reader: reader).read($0) }
        let source = f["source"].flatMap(readSource)
        if scope == .class, f["source"] == nil {
            reader.fail(node, "\(what)是集体采分点，需要写 source（recorded 或 derive）")
        }
        if scope == .individual, let s = f["source"] {
            reader.fail(s, "个体采分点不需要 source")
        }
        let valueAddedOf = f["value_added_of"].flatMap { reader.string($0, what: "value_added_of") }.map(PointID.init(rawValue:))
        let courses = f["courses"].flatMap { reader.strings($0, what: "courses") }?.map(\.0) ?? []
        if !courses.isEmpty, let owners = f["owners"], owners.sequence?.contains(where: { OwnerRole(name: $0.string ?? "") == .courseTeacher }) != true,
            OwnerRole(name: owners.string ?? "") != .courseTeacher
        {
            reader.fail(f["courses"], "courses 只用于任课教师录入的采分点")
        }
        let risks = f["risk"].flatMap { reader.strings($0, what: "risk") }?.map(\.0) ?? []
        let enabled = f["enabled"].flatMap { reader.bool($0, what: "enabled") } ?? true
        let sensitive = f["sensitive"].flatMap { reader.bool($0, what: "sensitive") } ?? false
        let note = f["note"].flatMap { reader.string($0, what: "note") }
        guard let idText, let name, let domain, let scope, let timing, let owners, let value, let scoring
        else { return nil }
        return ScoringPoint(
            id: PointID(rawValue: idText), name: name, domain: domain, scope: scope, timing: timing,
            owners: owners, value: value, scoring: scoring, classSource: scope == .class ? source : nil,
            valueAddedOf: valueAddedOf, courses: courses, risks: risks, isEnabled: enabled, isSensitive: sensitive, note: note,
            location: reader.location(node))
    }

    static func isValidID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first.isASCII, first.isLetter, first.isLowercase else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
    }

    // MARK: - Fields

    private func readDomain(_ node: Node?, owner: Node, what: String) -> Domain? {
        guard let node else {
            if fileDomain == nil { reader.fail(owner, "\(what)缺少字段 domain（文件顶层也没有 domain）") }
            return fileDomain
        }
        return readEnum(node, Domain.init(name:), "领域 domain", "academic/学业发展、personal/个人发展、career/职业发展")
    }

    private func readEnum<T>(_ node: Node?, _ make: (String) -> T?, _ what: String, _ choices: String) -> T? {
        guard let node, let text = reader.string(node, what: what) else { return nil }
        guard let value = make(text) else {
            reader.fail(node, "未知的\(what)“\(text)”", hint: "可用：\(choices)")
            return nil
        }
        return value
    }

    private func readOwners(_ node: Node?) -> [OwnerRole]? {
        guard let items = reader.strings(node, what: "采分主体 owners") else { return nil }
        var roles: [OwnerRole] = []
        for (text, item) in items {
            guard let role = OwnerRole(name: text) else {
                let choices = OwnerRole.allCases.map(\.chineseName).joined(separator: "、")
                reader.fail(item, "未知的采分主体“\(text)”", hint: "可用：\(choices)")
                continue
            }
            roles.append(role)
        }
        if roles.isEmpty, items.isEmpty { reader.fail(node, "owners 至少要有一个采分主体") }
        return roles.count == items.count && !roles.isEmpty ? roles : nil
    }

    private func readValue(_ node: Node) -> ValueSpec? {
        guard let f = reader.fields(node, allowed: ["kind", "min", "max", "levels"], what: "value") else { return nil }
        guard let kindNode = reader.require(f, "kind", in: node, what: "value "),
            let kind = readEnum(kindNode, ValueSpec.Kind.init(rawValue:), "数值类型 kind",
                ValueSpec.Kind.allCases.map(\.rawValue).joined(separator: "、"))
        else { return nil }
        switch kind {
        case .boolean:
            return ValueSpec(kind: .boolean)
        case .level:
            guard let levels = reader.strings(reader.require(f, "levels", in: node, what: "等级类型的 value "), what: "levels")
            else { return nil }
            if levels.count < 2 { reader.fail(f["levels"], "levels 至少要有两个等级") }
            if Set(levels.map(\.0)).count != levels.count { reader.fail(f["levels"], "levels 中有重复的等级") }
            return ValueSpec(kind: .level, levels: levels.map(\.0))
        case .rate, .count, .score:
            let minimum = f["min"].flatMap { reader.number($0, what: "min") } ?? 0
            let defaultMax: Double? = kind == .rate ? 100 : nil
            guard let maximum = f["max"].flatMap({ reader.number($0, what: "max") }) ?? defaultMax else {
                reader.fail(node, "\(kind.chineseName)类型的 value 需要 max（最大值）")
                return nil
            }
            if maximum <= minimum { reader.fail(f["max"] ?? node, "max 应当大于 min") }
            if kind == .count, minimum < 0 { reader.fail(f["min"], "次数的 min 不能为负") }
            return ValueSpec(kind: kind, minimum: minimum, maximum: maximum)
        }
    }

    private func readSource(_ node: Node) -> ClassSource? {
        if let text = node.scalar?.string {
            if text == "recorded" || text == "录入" { return .recorded }
            reader.fail(node, "未知的 source “\(text)”", hint: "写 recorded，或 {derive: average|sum|ratio, of: 个体采分点id}")
            return nil
        }
        guard let f = reader.fields(node, allowed: ["derive", "of", "where"], what: "source") else { return nil }
        let aggregate = readEnum(reader.require(f, "derive", in: node, what: "source "), Derivation.Aggregate.init(rawValue:),
            "计算方式 derive", Derivation.Aggregate.allCases.map(\.rawValue).joined(separator: "、"))
        let of = reader.string(reader.require(f, "of", in: node, what: "source "), what: "of")
        var condition: Expression?
        var conditionSource: String?
        if let whereNode = f["where"], let text = reader.string(whereNode, what: "where") {
            condition = ExpressionReader(reader: reader).parse(text, at: whereNode)
            conditionSource = text
        }
        if aggregate == .ratio, f["where"] == nil { reader.fail(node, "ratio 需要 where 条件，如 where: \"value > 0\"") }
        guard let aggregate, let of else { return nil }
        if f["where"] != nil, condition == nil { return nil }
        return .derived(Derivation(aggregate: aggregate, of: PointID(rawValue: of), condition: condition, conditionSource: conditionSource))
    }
}
