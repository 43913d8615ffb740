/// 储值 points as an integer count of hundredths, so totals never drift.
public struct Points: Hashable, Comparable, Codable, Sendable, AdditiveArithmetic,
    CustomStringConvertible
{
    public var hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }

    /// Rounds a computed amount to hundredths, halves away from zero.
    ///
    /// A nudge of 1e-9 keeps decimal halves such as 1.005 (stored as 1.00499…) rounding up.
    public init(_ value: Double) {
        let scaled = value * 100
        self.hundredths = Int((scaled + (scaled < 0 ? -1e-9 : 1e-9)).rounded(.toNearestOrAwayFromZero))
    }

    public static let zero = Points(hundredths: 0)

    public var value: Double { Double(hundredths) / 100 }

    public static func + (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths + b.hundredths) }
    public static func - (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths - b.hundredths) }
    public static prefix func - (a: Points) -> Points { Points(hundredths: -a.hundredths) }
    public static func < (a: Points, b: Points) -> Bool { a.hundredths < b.hundredths }

    /// `12.5`, `-3`, `0.25`: no trailing zeros.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let v = abs(hundredths)
        let whole = v / 100
        let frac = v % 100
        if frac == 0 { return "\(sign)\(whole)" }
        if frac % 10 == 0 { return "\(sign)\(whole).\(frac / 10)" }
        return "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// `+12.5` for gains, as a change is shown.
    public var signedDescription: String { hundredths > 0 ? "+\(description)" : description }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
