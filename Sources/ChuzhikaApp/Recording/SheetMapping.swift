import ChuzhikaCore
import ChuzhikaSheets

/// Turns a sheet of scores into record drafts, each remembering its row (and column).
///
/// Three shapes, as teachers keep them:
/// - **one value per row**: 学号 (or 班级), 采分点, 数值, and optionally 日期, 节次, 课程, 备注 —
///   or, with `--point`, only 学号 and 数值;
/// - **a column per point**: 学号, optionally 日期, then one column per 采分点 (its id or its
///   Chinese name), as a 学期末 sheet is kept;
/// - **a column per session**: with `--point`, 学号 then one column per date (`2025-10-13`,
///   `2025-10-13 第3节`), as a weekly 考勤 sheet is kept.
/// English headers (point, subject, value, date, session, course, note) are accepted too.
public enum SheetMapping {
    /// The problems of a header row, as an error.
    public struct InputProblems: Error {
        public let diagnostics: [Diagnostic]
        init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    }

    static let aliases: [String: [String]] = [
        "point": ["point", "采分点"], "subject": ["subject", "学号", "班级", "对象"],
        "value": ["value", "数值", "分数", "成绩"], "date": ["date", "日期"], "session": ["session", "节次"],
        "course": ["course", "课程"], "note": ["note", "备注"],
    ]

    /// How one sheet's columns become drafts: worked out once from the header, then applied to
    /// each batch of rows.
    public struct Plan: Sendable {
        let file: String
        let headers: [String]
        let staff: StaffID
        let fixedPoint: String?
        let fixedDate: LocalDate?
        let correctionReason: String?
        let valueColumns: [(header: String, point: String?, date: LocalDate?, session: Int?)]

        func column(_ key: String) -> String? { aliases[key]?.first { headers.contains($0) } }

        /// The drafts of these rows, or the problem of each row that cannot become one.
        public func drafts(_ rows: [Sheet.Row]) -> ([RecordDraft], [Diagnostic]) {
            var problems: [Diagnostic] = []
            var drafts: [RecordDraft] = []
            let columns = Dictionary(uniqueKeysWithValues: aliases.keys.compactMap { key in column(key).map { (key, $0) } })
            for row in rows {
                let location = SourceLocation(file: file, line: row.line)
                let value = { (key: String) in columns[key].flatMap { row[$0] } }
                var date = fixedDate
                if let text = value("date") {
                    switch DateInput.parse(text) {
                    case .success(let parsed): date = parsed
                    case .failure(let error):
                        problems.append(Diagnostic(location, "日期：" + (error.errorDescription ?? text), hint: error.recoverySuggestion))
                        continue
                    }
                }
                var session: Int?
                if let text = value("session") {
                    guard let n = TypedText.integer(text) else {
                        problems.append(Diagnostic(location, "节次“\(text)”不是整数"))
                        continue
                    }
                    session = n
                }
                guard let subject = value("subject") else {
                    problems.append(Diagnostic(location, "这一行缺少学号（班级）"))
                    continue
                }
                func draft(_ point: String, _ text: String, date: LocalDate?, session: Int?, column: String?) -> RecordDraft {
                    var draft = RecordDraft(
                        staff: staff, point: point, subject: subject, value: text, date: date, session: session,
                        course: value("course").map(CourseID.init(rawValue:)), note: value("note"),
                        isCorrection: correctionReason != nil, correctionReason: correctionReason,
                        source: .sheet(file: file, row: row.line))
                    draft.column = column
                    return draft
                }
                if valueColumns.isEmpty {
                    guard let point = fixedPoint ?? value("point") else {
                        problems.append(Diagnostic(location, "这一行缺少采分点"))
                        continue
                    }
                    drafts.append(draft(point, value("value") ?? "", date: date, session: session, column: nil))
                } else {
                    for spec in valueColumns {
                        guard let text = row[spec.header] else { continue }  // an empty cell: nothing recorded
                        drafts.append(draft(spec.point ?? fixedPoint ?? "", text, date: spec.date ?? date,
                                            session: spec.session ?? session, column: spec.header))
                    }
                }
            }
            return (drafts, problems)
        }
    }

    /// The plan for a sheet with these headers, or the problems of its header row.
    ///
    /// - Parameter points: the rule book's points by id and by Chinese name, for sheets with a
    ///   column per point.
    public static func plan(
        headers: [String], file: String, staff: StaffID, point fixedPoint: String? = nil, date fixedDate: LocalDate? = nil,
        correctionReason: String? = nil, points: [String: String] = [:]
    ) -> Result<Plan, InputProblems> {
        func column(_ key: String) -> String? { aliases[key]?.first { headers.contains($0) } }
        let reserved = Set(aliases.values.joined())
        // Which shape: a value column, else columns named after points, else dated columns.
        var valueColumns: [(header: String, point: String?, date: LocalDate?, session: Int?)] = []
        if column("value") == nil {
            for header in headers where !reserved.contains(header) {
                if fixedPoint == nil, let point = points[header] {
                    valueColumns.append((header, point, nil, nil))
                } else if fixedPoint != nil, let (date, session) = datedHeader(header) {
                    valueColumns.append((header, nil, date, session))
                }
            }
        }
        var required = ["subject"]
        if valueColumns.isEmpty {
            required.append("value")
            if fixedPoint == nil { required.append("point") }
        }
        let problems = required.filter { column($0) == nil }.map { key in
            Diagnostic(
                SourceLocation(file: file, line: 1), "缺少列 \((aliases[key] ?? [key]).joined(separator: " 或 "))",
                hint: "第一行应当是列名，例如：学号,采分点,数值,日期；或 学号 加每个采分点一列；或 --point 加每个日期一列")
        }
        guard problems.isEmpty else { return .failure(InputProblems(problems)) }
        return .success(Plan(file: file, headers: headers, staff: staff, fixedPoint: fixedPoint, fixedDate: fixedDate,
                             correctionReason: correctionReason, valueColumns: valueColumns))
    }

    /// The drafts of a sheet, or every problem found, each at its line.
    public static func drafts(
        from sheet: Sheet, staff: StaffID, point fixedPoint: String? = nil, date fixedDate: LocalDate? = nil,
        correctionReason: String? = nil, points: [String: String] = [:]
    ) -> ([RecordDraft], [Diagnostic]) {
        switch plan(headers: sheet.headers, file: sheet.file, staff: staff, point: fixedPoint, date: fixedDate,
                    correctionReason: correctionReason, points: points) {
        case .failure(let problems): return ([], problems.diagnostics)
        case .success(let plan): return plan.drafts(sheet.rows)
        }
    }

    /// The same, from CSV text.
    public static func drafts(
        from text: String, file: String, staff: StaffID, point fixedPoint: String? = nil, date fixedDate: LocalDate? = nil,
        correctionReason: String? = nil
    ) -> ([RecordDraft], [Diagnostic]) {
        let (sheet, parseProblems) = Sheet.parse(text, file: file)
        guard parseProblems.isEmpty else { return ([], parseProblems) }
        return drafts(from: sheet, staff: staff, point: fixedPoint, date: fixedDate, correctionReason: correctionReason)
    }

    /// `2025-10-13`, `2025-10-13 第3节`, `2025/10/13#3` → the date and the session.
    static func datedHeader(_ header: String) -> (LocalDate, Int?)? {
        let text = TypedText.normalized(header)
        var datePart = text
        var session: Int?
        if let range = text.range(of: #"\s*(第\s*\d+\s*节|#\s*\d+)\s*$"#, options: .regularExpression) {
            session = Int(text[range].filter(\.isNumber))
            datePart = String(text[..<range.lowerBound])
        }
        guard case .success(let date) = DateInput.parse(datePart) else { return nil }
        return (date, session)
    }
}
