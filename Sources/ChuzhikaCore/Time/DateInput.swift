import Foundation

/// The one date parser for every command option and every sheet cell.
///
/// Accepts `2025-10-22` (one-digit months and days too), `2025/10/22`, `2025.10.22` and
/// `2025年10月22日`, in full-width digits as well. Each kind of mistake has its own message.
public enum DateInput {
    /// The forms accepted, for help texts and hints.
    public static let forms = "2025-10-22（也可写 2025/10/22 或 2025年10月22日）"

    public static func parse(_ raw: String) -> Result<LocalDate, DateInputError> {
        let text = TypedText.normalized(raw)
        guard !text.isEmpty else { return .failure(.empty) }
        if let fast = LocalDate(text), (1900...2199).contains(fast.year) { return .success(fast) }
        var body = text
        if body.hasSuffix("日") { body.removeLast() }
        let parts = body.split(whereSeparator: { "-/.年月".contains($0) }).map(String.init)
        let separators = body.filter { "-/.年月".contains($0) }
        guard parts.count == 3, separators.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), parts[0].count == 4
        else { return .failure(.notADate(raw)) }
        guard (1900...2199).contains(year) else { return .failure(.implausibleYear(raw, year)) }
        guard (1...12).contains(month) else { return .failure(.noSuchMonth(raw, month)) }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            return .failure(.noSuchDay(raw, year: year, month: month, days: LocalDate.daysIn(month: month, year: year)))
        }
        return .success(date)
    }
}

/// Why a typed date was not read.
public enum DateInputError: Error, Equatable, Sendable {
    case empty
    case notADate(String)
    case implausibleYear(String, Int)
    case noSuchMonth(String, Int)
    case noSuchDay(String, year: Int, month: Int, days: Int)
}

extension DateInputError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .empty: "没有填写日期"
        case .notADate(let t): "“\(t)”不是日期"
        case .implausibleYear(let t, let y): "“\(t)”的年份 \(y) 不合理"
        case .noSuchMonth(let t, let m): "“\(t)”：没有 \(m) 月"
        case .noSuchDay(let t, let y, let m, let days): "“\(t)”：\(y) 年 \(m) 月只有 \(days) 天"
        }
    }

    public var recoverySuggestion: String? {
        switch self {
        case .empty, .notADate: "日期写成 \(DateInput.forms)"
        case .implausibleYear: "年份写四位数，例如 2025"
        case .noSuchMonth: "月份是 1 到 12"
        case .noSuchDay: "检查日子是否写错"
        }
    }
}
