import ChuzhikaCore

/// Checks across points and files: unique ids, methods that fit their value kind,
/// level tables that match their scale, and names that expressions may use.
enum RuleValidator {
    /// Names every formula may use besides point ids.
    static let valueNames: Set<String> = ["value", "label"]

    static func validate(_ points: [ScoringPoint]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [PointID: ScoringPoint] = [:]
        for point in points {
            if let first = seen[point.id] {
                diagnostics.append(Diagnostic(point.location, "采分点 id \(point.id.rawValue) 重复（第一次出现在 \(first.location)）",
                    hint: "每个采分点的 id 必须唯一"))
            } else {
                seen[point.id] = point
            }
        }
        for point in points {
            diagnostics += checkMethod(point, known: seen)
            diagnostics += checkSource(point, known: seen)
            if let of = point.valueAddedOf {
                if known(of, in: seen) == nil {
                    diagnostics.append(Diagnostic(point.location, "采分点 \(point.id.rawValue) 的 value_added_of 引用了不存在的采分点 \(of.rawValue)"))
                } else if seen[of]?.scope != point.scope || seen[of]?.value.kind == .level || seen[of]?.valueAddedOf != nil {
                    diagnostics.append(Diagnostic(point.location, "采分点 \(point.id.rawValue) 的增值只能取自同为\(point.scope.chineseName)、数值为数字的采分点"))
                }
            }
        }
        return diagnostics
    }

    private static func known(_ id: PointID, in seen: [PointID: ScoringPoint]) -> ScoringPoint? { seen[id] }

    private static func checkMethod(_ point: ScoringPoint, known: [PointID: ScoringPoint]) -> [Diagnostic] {
        let kind = point.value.kind
        func fail(_ message: String, hint: String? = nil) -> [Diagnostic] {
            [Diagnostic(point.location, "采分点 \(point.id.rawValue)：\(message)", hint: hint)]
        }
        switch point.scoring {
        case .rate:
            guard kind == .boolean || kind == .rate else {
                return fail("rate 计分需要 boolean 或 rate 类型的数值，这里是 \(kind.rawValue)")
            }
        case .perEvent, .count:
            guard kind == .count || kind == .boolean else {
                return fail("\(point.scoring.name) 计分需要 count 或 boolean 类型的数值，这里是 \(kind.rawValue)")
            }
        case .bands, .average:
            guard kind == .score || kind == .rate || kind == .count else {
                return fail("\(point.scoring.name) 计分需要数字类型的数值（score/rate/count），这里是 \(kind.rawValue)")
            }
        case .levels(let table):
            guard kind == .level else { return fail("levels 计分需要 level 类型的数值，这里是 \(kind.rawValue)") }
            let missing = point.value.levels.filter { table[$0] == nil }
            let unknown = table.keys.filter { !point.value.levels.contains($0) }.sorted()
            if !missing.isEmpty { return fail("等级 \(missing.joined(separator: "、")) 没有对应分数") }
            if !unknown.isEmpty { return fail("对照表里的等级 \(unknown.joined(separator: "、")) 不在 levels 中") }
        case .formula(let expression, _):
            let unknown = expression.names.filter { !valueNames.contains($0) && known[PointID(rawValue: $0)] == nil }
            if !unknown.isEmpty {
                return fail("公式引用了未知的名称 \(unknown.sorted().joined(separator: "、"))",
                    hint: "公式可用 value、label 和其他采分点的 id")
            }
        case .none:
            break
        }
        return []
    }

    private static func checkSource(_ point: ScoringPoint, known: [PointID: ScoringPoint]) -> [Diagnostic] {
        guard case .derived(let derivation)? = point.classSource else { return [] }
        guard let source = known[derivation.of] else {
            return [Diagnostic(point.location, "采分点 \(point.id.rawValue) 的 source 引用了不存在的采分点 \(derivation.of.rawValue)")]
        }
        guard source.scope == .individual else {
            return [Diagnostic(point.location, "采分点 \(point.id.rawValue) 只能由个体采分点计算，\(source.id.rawValue) 是集体采分点")]
        }
        if let condition = derivation.condition {
            let unknown = condition.names.subtracting(valueNames)
            if !unknown.isEmpty {
                return [Diagnostic(point.location, "where 条件只能用 value 和 label，不能用 \(unknown.sorted().joined(separator: "、"))")]
            }
        }
        return []
    }
}
