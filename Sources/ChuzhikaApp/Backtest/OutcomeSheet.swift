import ChuzhikaCore
import ChuzhikaSheets

/// A past cohort's known outcomes (结局), read from a sheet `学号,结局[,结局日期]`: what
/// `czk risks evaluate` scores the warning rules against.
public struct OutcomeSheet: Sendable {
    /// What became of a student.
    public enum Outcome: String, Hashable, Codable, Sendable {
        /// 退学 or 流失 (Dropout).
        case dropout = "退学"
        /// 毕业 or 正常 (Graduate).
        case graduate = "毕业"
        /// 在读 (Enrolled): neither, left out of the scores.
        case enrolled = "在读"

        /// The words a sheet may use, Chinese or English (the OULAD labels), any case.
        static let words: [String: Outcome] = [
            "退学": .dropout, "流失": .dropout, "dropout": .dropout, "withdrawn": .dropout,
            "毕业": .graduate, "正常": .graduate, "graduate": .graduate,
            "在读": .enrolled, "enrolled": .enrolled,
        ]

        public init?(word: String) {
            guard let found = Self.words[word.lowercased()] else { return nil }
            self = found
        }
    }

    public struct Entry: Hashable, Sendable {
        public let outcome: Outcome
        /// 结局日期: when the student left or graduated, when the sheet says.
        public let date: LocalDate?
        public let line: Int
    }

    public let file: String
    public let entries: [StudentID: Entry]

    /// The column of the outcome (`outcome` is the English alias), and of its date.
    public static let outcomeColumns = ["结局", "outcome"]
    public static let dateColumns = ["结局日期", "outcome_date"]

    /// Reads the sheet; every bad row is named by its line, with what to do. `isKnown` says
    /// whether a 学号 is on the roster (an unknown one is a row problem).
    ///
    /// - Returns: the outcomes, or nil with every problem when there is any.
    public static func read(_ sheet: Sheet, isKnown: (StudentID) throws -> Bool) rethrows -> (OutcomeSheet?, [Diagnostic]) {
        let file = sheet.file
        let header = SourceLocation(file: file, line: 1)
        var problems: [Diagnostic] = []
        let hint = "第一行应当是：学号,结局,结局日期（结局日期可省；结局也可写作 outcome）"
        if !sheet.headers.contains("学号") { problems.append(Diagnostic(header, "缺少列 学号", hint: hint)) }
        let outcomeColumn = outcomeColumns.first(where: sheet.headers.contains)
        if outcomeColumn == nil { problems.append(Diagnostic(header, "缺少列 结局", hint: hint)) }
        guard let outcomeColumn, problems.isEmpty else { return (nil, problems) }
        let dateColumn = dateColumns.first(where: sheet.headers.contains)
        var entries: [StudentID: Entry] = [:]
        for row in sheet.rows {
            let location = SourceLocation(file: file, line: row.line)
            guard let code = row["学号"].map(TypedText.normalized) else {
                problems.append(Diagnostic(location, "学号 是空的", hint: "每一行都要写学号"))
                continue
            }
            let student = StudentID(rawValue: code)
            guard let word = row[outcomeColumn], let outcome = Outcome(word: word) else {
                problems.append(Diagnostic(
                    location, row[outcomeColumn].map { "\(outcomeColumn)“\($0)”不认识" } ?? "\(outcomeColumn) 是空的",
                    hint: "写 退学 或 流失（退学）、毕业 或 正常（毕业）、在读（不计入）；也可写 Dropout、Graduate、Enrolled"))
                continue
            }
            var date: LocalDate?
            if let dateColumn, let text = row[dateColumn] {
                switch DateInput.parse(text) {
                case .success(let day): date = day
                case .failure(let error):
                    problems.append(Diagnostic(location, "\(dateColumn)：\(error.errorDescription ?? text)", hint: "日期写法如 \(DateInput.forms)；不知道可留空"))
                    continue
                }
            }
            if let earlier = entries[student] {
                problems.append(Diagnostic(location, "学号 \(code) 在第 \(earlier.line) 行已经出现过", hint: "每名学生只写一行结局"))
                continue
            }
            guard try isKnown(student) else {
                problems.append(Diagnostic(location, "学号 \(code) 不在花名册中", hint: "检查学号；不属于本校的学生请从表中删去"))
                continue
            }
            entries[student] = Entry(outcome: outcome, date: date, line: row.line)
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (OutcomeSheet(file: file, entries: entries), [])
    }

    /// How many students have each outcome.
    public func count(_ outcome: Outcome) -> Int { entries.values.filter { $0.outcome == outcome }.count }
}
