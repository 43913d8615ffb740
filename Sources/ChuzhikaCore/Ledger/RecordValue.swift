/// A raw value as recorded: a number, or a label of an ordered level scale.
///
/// Booleans are the numbers 1 (是) and 0 (否); a level keeps its label and its position in
/// the scale. ``text`` is the canonical form shown back to users and stored.
public struct RecordValue: Hashable, Codable, Sendable, CustomStringConvertible {
    public let number: Double
    public let label: String?

    public init(number: Double, label: String? = nil) {
        self.number = number
        self.label = label
    }

    public static func boolean(_ value: Bool) -> RecordValue {
        RecordValue(number: value ? 1 : 0, label: value ? "是" : "否")
    }

    /// The canonical text: the label when there is one, else the number without trailing zeros.
    public var text: String { label ?? RecordValue.format(number) }

    public var description: String { text }

    public static func format(_ number: Double) -> String {
        // Beyond what anyone records (a typo like 9999999999999999999999, 1e308, inf): Swift's
        // own notation. The four-decimal form below would overflow Int and stop the program
        // (the fuzz tests found it through a rule expression's error message).
        guard number.isFinite, abs(number) < 1e14 else { return "\(number)" }
        if number == number.rounded() { return String(Int(number)) }
        var s = String(format2: number)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

extension String {
    /// Formats with up to four decimals, without Foundation's locale-dependent formatters.
    ///
    /// - Precondition: `abs(number) < 1e14` (the scaled value must fit an Int).
    init(format2 number: Double) {
        let scaled = Int((abs(number) * 10_000).rounded())
        let sign = number < 0 ? "-" : ""
        let frac = String(scaled % 10_000)
        self = "\(sign)\(scaled / 10_000)." + String(repeating: "0", count: 4 - frac.count) + frac
    }
}
