import ChuzhikaCore
import ChuzhikaSheets

/// Plans what a roster sheet changes, against the roster as it stands: pure, no database.
///
/// Every row is checked and every problem is named by its line; the planner keeps its own copy
/// of the roster up to date as it plans, so that a later sheet (students) sees the classes an
/// earlier sheet (classes) adds.
struct RosterPlanner {
    var state: RosterState
    let today: LocalDate

    init(state: RosterState, today: LocalDate) {
        self.state = state
        self.today = today
    }

    /// The changes of one sheet, or every problem found (then no change is kept).
    mutating func plan(_ kind: RosterKind, _ sheet: Sheet) -> (changes: [RosterChange], unchanged: Int, problems: [Diagnostic]) {
        var problems: [Diagnostic] = []
        var headers: [String: String] = [:]
        for column in RosterColumns.columns(of: kind) {
            if let found = column.names.first(where: sheet.headers.contains) {
                headers[column.key] = found
            } else if column.isRequired {
                problems.append(Diagnostic(
                    SourceLocation(file: sheet.file, line: 1), "缺少列 \(column.names[0])",
                    hint: "\(kind.chineseName)表的第一行应当是：\(RosterColumns.templateHeader(kind))"))
            }
        }
        guard problems.isEmpty else { return ([], 0, problems) }
        let saved = state
        var changes: [RosterChange] = []
        var unchanged = 0
        var seen: [String: Int] = [:]
        for raw in sheet.rows {
            let row = RosterRow(row: raw, headers: headers)
            let location = SourceLocation(file: sheet.file, line: row.line)
            do {
                let key = Self.identity(kind, row)
                if let first = seen[key] {
                    throw RosterRowError("与第 \(first) 行重复", hint: "每个\(kind.chineseName)只写一行")
                }
                seen[key] = row.line
                let planned = try planRow(kind, row)
                if planned.isEmpty { unchanged += 1 }
                changes += planned
            } catch let error as RosterRowError {
                problems.append(Diagnostic(location, error.message, hint: error.hint))
            } catch {
                problems.append(Diagnostic(location, error.localizedDescription))
            }
        }
        if !problems.isEmpty { state = saved }
        return (problems.isEmpty ? changes : [], unchanged, problems)
    }

    private static func identity(_ kind: RosterKind, _ row: RosterRow) -> String {
        switch kind {
        case .assignments:
            ["staff", "role", "class", "course", "department", "major"].map { row[$0] ?? "" }.joined(separator: "|")
        default: row["code"] ?? ""
        }
    }

    private mutating func planRow(_ kind: RosterKind, _ row: RosterRow) throws -> [RosterChange] {
        switch kind {
        case .classes: try planClass(row)
        case .courses: try planCourse(row)
        case .staff: try planStaff(row)
        case .assignments: try planAssignment(row)
        case .students: try planStudent(row)
        }
    }

    // MARK: - Shared checks

    func required(_ row: RosterRow, _ key: String, _ what: String) throws -> String {
        guard let value = row[key] else { throw RosterRowError("没有填写\(what)") }
        return value
    }

    func date(_ row: RosterRow) throws -> LocalDate {
        guard let text = row["date"] else { return today }
        switch DateInput.parse(text) {
        case .success(let day): return day
        case .failure(let error): throw RosterRowError("日期：" + error.localizedDescription, hint: error.recoverySuggestion)
        }
    }

    /// Whether the row's status ends (true) or keeps (false) the member; nil when none is given.
    func ends(_ row: RosterRow, ending: [String], active: [String]) throws -> Bool? {
        guard let status = row["status"] else { return nil }
        if ending.contains(status) { return true }
        if active.contains(status) { return false }
        throw RosterRowError("未知的状态“\(status)”", hint: "可填：\((active + ending).joined(separator: "/"))")
    }
}

/// A problem with one roster row, reported at its line.
struct RosterRowError: Error {
    let message: String
    let hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
