import ChuzhikaCore
import Foundation

/// What kind of raw value a 采分点 takes, and its valid range.
public struct ValueSpec: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// 是/否: on time, homework handed in, certificate obtained.
        case boolean
        /// A percentage 0–100 (`95` or `95%`).
        case rate
        /// A whole number of events, 0…max.
        case count
        /// A number in min…max (a grade, a test score).
        case score
        /// One label of an ordered scale (初级 < 中级 < 高级).
        case level

        public var chineseName: String {
            switch self {
            case .boolean: "是否"
            case .rate: "比率(%)"
            case .count: "次数"
            case .score: "分数"
            case .level: "等级"
            }
        }
    }

    public let kind: Kind
    public let minimum: Double
    public let maximum: Double
    /// The labels of a level scale, lowest first.
    public let levels: [String]

    public init(kind: Kind, minimum: Double = 0, maximum: Double = 100, levels: [String] = []) {
        self.kind = kind
        self.minimum = minimum
        self.maximum = kind == .boolean ? 1 : kind == .level ? Double(max(levels.count - 1, 0)) : maximum
        self.levels = levels
    }

    /// Every spelling a 是/否 value accepts, for help texts and errors.
    public static let booleanSpellings = "是/否、1/0、√/×、有/无、通过/未通过"

    /// A short description of what may be entered: `0–100`, `是/否`, `初级/中级/高级`.
    public var rangeDescription: String {
        switch kind {
        case .boolean: "是/否"
        case .rate: "\(RecordValue.format(minimum))–\(RecordValue.format(maximum))%"
        case .count, .score: "\(RecordValue.format(minimum))–\(RecordValue.format(maximum))"
        case .level: levels.joined(separator: "/")
        }
    }

    /// Reads what a user typed, or says why it is not a valid value.
    public func parse(_ raw: String) -> Result<RecordValue, ValueError> {
        // Full-width digits and signs (８８, ９５％, －５) read as their ASCII forms.
        let text = TypedText.normalized(raw)
        guard !text.isEmpty else { return .failure(.empty) }
        switch kind {
        case .boolean:
            // Only these spellings: a stray Y or x in a sheet is an error, not a silent 是/否.
            switch text {
            case "是", "1", "√", "✓", "有", "通过": return .success(.boolean(true))
            case "否", "0", "×", "✗", "无", "未通过": return .success(.boolean(false))
            default: return .failure(.notBoolean(text))
            }
        case .level:
            if let index = levels.firstIndex(of: text) {
                return .success(RecordValue(number: Double(index), label: text))
            }
            return .failure(.unknownLevel(text, levels))
        case .rate, .count, .score:
            var digits = text
            if kind == .rate, digits.hasSuffix("%") || digits.hasSuffix("％") { digits.removeLast() }
            // Decimal numbers only: Double("0x10") is 16 and Double("1e3") 1000, neither a mark.
            let trimmed = digits.trimmingSpaces
            guard Self.isDecimal(trimmed), let number = Double(trimmed), number.isFinite else {
                return .failure(.notANumber(text))
            }
            if kind == .count, number != number.rounded() { return .failure(.notWhole(text)) }
            guard number >= minimum, number <= maximum else {
                return .failure(.outOfRange(text, rangeDescription))
            }
            return .success(RecordValue(number: number))
        }
    }
}

extension ValueSpec {
    /// `-5`, `88`, `92.5`, `.5`: an optional sign, digits, at most one decimal point.
    static func isDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).utf8[...]
        if let first = scalars.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { scalars = scalars.dropFirst() }
        var digits = 0, points = 0
        for byte in scalars {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digits += 1 } else if byte == UInt8(ascii: ".") { points += 1 } else { return false }
        }
        return digits > 0 && points <= 1
    }
}

/// Why a typed value is not valid for a point.
public enum ValueError: Error, Equatable, Sendable {
    case empty
    case notBoolean(String)
    case unknownLevel(String, [String])
    case notANumber(String)
    case notWhole(String)
    case outOfRange(String, String)
}

extension ValueError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .empty: "没有填写数值"
        case .notBoolean(let t): "“\(t)”不是是/否（可写 \(ValueSpec.booleanSpellings)）"
        case .unknownLevel(let t, let levels): "“\(t)”不是可选等级（\(levels.joined(separator: "/"))）"
        case .notANumber(let t): "“\(t)”不是数字"
        case .notWhole(let t): "次数必须是整数，“\(t)”不是"
        case .outOfRange(let t, let range): "\(t) 超出范围 \(range)"
        }
    }
}
