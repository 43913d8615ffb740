import ChuzhikaCore

/// Turns a CSV sheet of scores into record drafts, one per row, each remembering its row.
///
/// Columns (English or Chinese headers): point/采分点, subject/学号 (or 班级), value/数值,
/// and optionally date/日期, session/节次, course/课程, note/备注. A sheet may also fix the
/// point for every row (`--point`), so a teacher's column of marks needs only 学号 and 数值.
public enum SheetMapping {
    static let aliases: [String: [String]] = [
        "point": ["point", "采分点"], "subject": ["subject", "学号", "班级", "对象"],
        "value": ["value", "数值", "分数", "成绩"], "date": ["date", "日期"], "session": ["session", "节次"],
        "course": ["course", "课程"], "note": ["note", "备注"],
    ]

    /// The drafts of a sheet, or every problem found, each at its line.
    public static func drafts(
        from text: String, file: String, staff: StaffID, point fixedPoint: String? = nil, date fixedDate: LocalDate? = nil,
        correctionReason: String? = nil
    ) -> ([RecordDraft], [Diagnostic]) {
        let (sheet, parseProblems) = Sheet.parse(text, file: file)
        var problems = parseProblems
        func column(_ key: String) -> String? { aliases[key]?.first { sheet.headers.contains($0) } }
        var required = ["subject", "value"]
        if fixedPoint == nil { required.append("point") }
        for key in required where column(key) == nil {
            problems.append(Diagnostic(SourceLocation(file: file, line: 1),
                                       "缺少列 \((aliases[key] ?? [key]).joined(separator: " 或 "))",
                                       hint: "第一行应当是列名，例如：学号,采分点,数值,日期"))
        }
        guard problems.isEmpty else { return ([], problems) }
        var drafts: [RecordDraft] = []
        for row in sheet.rows {
            let location = SourceLocation(file: file, line: row.line)
            let value = { (key: String) in column(key).flatMap { row[$0] } }
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
            guard let subject = value("subject"), let point = fixedPoint ?? value("point") else {
                problems.append(Diagnostic(location, "这一行缺少学号（班级）或采分点"))
                continue
            }
            drafts.append(RecordDraft(
                staff: staff, point: point, subject: subject, value: value("value") ?? "", date: date, session: session,
                course: value("course").map(CourseID.init(rawValue:)), note: value("note"),
                isCorrection: correctionReason != nil, correctionReason: correctionReason,
                source: .sheet(file: file, row: row.line)))
        }
        return (drafts, problems)
    }
}
