import ChuzhikaCore
import Yams

/// Reads a `scoring:` mapping into a ``ScoringMethod``.
struct ScoringReader {
    let reader: YAMLReader

    static let methods = ["per_event", "rate", "average", "bands", "levels", "count", "formula", "none"]

    func read(_ node: Node) -> ScoringMethod? {
        guard let f = reader.fields(node, allowed: ["method", "points", "bands", "each", "cap", "expr", "reason"], what: "scoring"),
            let methodNode = reader.require(f, "method", in: node, what: "scoring "),
            let method = reader.string(methodNode, what: "method")
        else { return nil }
        switch method {
        case "per_event":
            return number(f, "points", node).map { .perEvent(points: $0) }
        case "rate":
            return bands(f, node).map { .rate(bands: $0) }
        case "average":
            return bands(f, node).map { .average(bands: $0) }
        case "bands":
            return bands(f, node).map { .bands($0) }
        case "levels":
            return levels(f, node).map { .levels($0) }
        case "count":
            guard let each = number(f, "each", node), let cap = number(f, "cap", node) else { return nil }
            if cap <= 0 { reader.fail(f["cap"], "cap 应当大于 0（它是本学期该项的封顶分数）") }
            return .count(each: each, cap: abs(cap))
        case "formula":
            guard let exprNode = reader.require(f, "expr", in: node, what: "formula "),
                let text = reader.string(exprNode, what: "expr"),
                let expression = ExpressionReader(reader: reader).parse(text, at: exprNode)
            else { return nil }
            return .formula(expression, source: text)
        case "none":
            return .none(reason: f["reason"].flatMap { reader.string($0, what: "reason") } ?? "只记录，不计分")
        default:
            reader.fail(methodNode, "未知的计分方式“\(method)”", hint: "可用：\(Self.methods.joined(separator: "、"))")
            return nil
        }
    }

    private func number(_ f: [String: Node], _ key: String, _ node: Node) -> Double? {
        reader.number(reader.require(f, key, in: node, what: "scoring "), what: key)
    }

    /// A band list: `- {min: 95, points: 5}` … `- {points: -3}`, minimums strictly falling.
    private func bands(_ f: [String: Node], _ node: Node) -> [Band]? {
        guard let list = reader.require(f, "bands", in: node, what: "scoring ") else { return nil }
        guard let items = list.sequence, !items.isEmpty else {
            reader.fail(list, "bands 应当是非空列表，如 - {min: 90, points: 5}")
            return nil
        }
        var bands: [Band] = []
        var ok = true
        for item in items {
            guard let b = reader.fields(item, allowed: ["min", "points"], what: "分档") else { ok = false; continue }
            let minimum = b["min"].flatMap { reader.number($0, what: "min") }
            guard let points = reader.number(reader.require(b, "points", in: item, what: "分档"), what: "points") else {
                ok = false
                continue
            }
            if let previous = bands.last {
                guard let previousMin = previous.minimum else {
                    reader.fail(item, "这一档永远用不到：上一档没有 min，已包含所有更低的值")
                    ok = false
                    continue
                }
                if let minimum, minimum >= previousMin {
                    reader.fail(b["min"], "分档的 min 应当从高到低排列（\(RecordValue.format(minimum)) 不小于上一档的 \(RecordValue.format(previousMin))）")
                    ok = false
                }
            }
            if b["min"] != nil, minimum == nil { ok = false }
            bands.append(Band(minimum: minimum, points: points))
        }
        return ok ? bands : nil
    }

    private func levels(_ f: [String: Node], _ node: Node) -> [String: Double]? {
        guard let table = reader.require(f, "points", in: node, what: "scoring ") else { return nil }
        guard let mapping = table.mapping else {
            reader.fail(table, "levels 的 points 应当是 等级: 分数 的对照表")
            return nil
        }
        var result: [String: Double] = [:]
        for (key, value) in mapping {
            guard let label = reader.string(key, what: "等级"), let points = reader.number(value, what: "等级 \(key.string ?? "") 的分数")
            else { continue }
            result[label] = points
        }
        return result.count == mapping.count ? result : nil
    }
}
