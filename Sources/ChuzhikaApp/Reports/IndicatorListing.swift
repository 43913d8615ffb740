import ChuzhikaCore
import ChuzhikaRules

/// One indicator a risk rule may read in `when`, as `czk rules list --indicators` shows it.
public struct IndicatorListing: Hashable, Codable, Sendable {
    /// The name written in `when`: `share_failed`.
    public let name: String
    public let chinese: String
    /// 个体 (a student's) or 班级 (a class's).
    public let scopeName: String
    /// 学分, 门, 分, 次, 人, %, 是否, 级.
    public let unit: String
    public let minimum: Double?
    /// nil when unbounded (a count).
    public let maximum: Double?
    /// `0–100`, `≥ 0`, `0 或 1`.
    public let rangeText: String

    init(_ indicator: RiskIndicator, scope: Scope) {
        name = indicator.name
        chinese = indicator.chinese
        scopeName = scope == .class ? "班级" : "个体"
        unit = indicator.unit
        minimum = indicator.range?.lowerBound
        maximum = indicator.range.flatMap { $0.upperBound.isFinite ? $0.upperBound : nil }
        switch (indicator.unit, minimum, maximum) {
        case ("是否", _, _): rangeText = "0 或 1"
        case (_, let low?, let high?): rangeText = "\(RecordValue.format(low))–\(RecordValue.format(high))"
        case (_, let low?, nil): rangeText = "≥ \(RecordValue.format(low))"
        default: rangeText = ""
        }
    }
}

extension CardApp {
    /// Every indicator risk rules may read, the students' first, then the classes'.
    public static func riskIndicators() -> [IndicatorListing] {
        RiskIndicators.catalogue.map { IndicatorListing($0, scope: .individual) }
            + RiskIndicators.classCatalogue.map { IndicatorListing($0, scope: .class) }
    }
}
