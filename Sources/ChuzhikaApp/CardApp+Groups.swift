import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaRules
import ChuzhikaStore

/// One entry of the special-group register as a reader may see it.
public struct GroupLine: Hashable, Codable, Sendable {
    public let student: String
    public let name: String
    public let schoolClass: String
    /// nil when the reader may know only that the student is in the register.
    public let group: String?
    public let reason: String?
    public let since: LocalDate?
}

/// What a register import wrote.
public struct GroupImportReport: Hashable, Codable, Sendable {
    public let file: String
    public let rows: Int
    public let warnings: WarningChangeReport
}

extension CardApp {
    /// The groups of the register (特殊群体): 理财 warnings come from it.
    public static let groups = ["经济困难", "已获资助", "心理关注", "就业困难", "学费欠缴"]

    /// Adds a student to a group, or ends their membership, with a date and a reason.
    ///
    /// Kept by the student's 辅导员 and their 学工办 (and the admin); dated and attributed,
    /// append-only: an end is a new event, never a deletion.
    @discardableResult
    public func changeGroup(
        _ code: String, group: String, adding: Bool, reason: String, on day: LocalDate? = nil, by principal: Principal
    ) throws -> [WarningChange] {
        let code = TypedText.normalized(code)
        let books = try ruleBooks()
        let calendar = try calendar()
        let changes = try refusalsAudited(principal, adding ? "groups add" : "groups end", subject: code) {
            try AppError.refuseControlCharacters(reason, field: "原因（--reason）")
            return try database.write { session in
                var pipeline = pipeline(session, books: books, calendar: calendar, by: principal.auditActor)
                pipeline.touched(try changeGroup(code, group: group, adding: adding, reason: reason, on: day, by: principal, session: session))
                return try pipeline.finish(audit: nil).warnings
            }
        }
        return try visible(changes, to: principal)
    }

    /// Imports a register sheet (学号, 群体, 原因, 日期, 状态 列入/结束), all or nothing, every bad
    /// row named by its line.
    @discardableResult
    public func importGroups(_ text: String, file: String, by principal: Principal) throws -> (rows: Int, warnings: [WarningChange]) {
        let (sheet, parseProblems) = Sheet.parse(text, file: file, required: Self.registerColumns)
        guard parseProblems.isEmpty else { throw AppError.inputProblems(parseProblems) }
        return try importGroups(sheet, by: principal)
    }

    /// The columns a register sheet must have.
    public static let registerColumns = [RegisterColumn.student, RegisterColumn.group, RegisterColumn.reason]
    /// Every column a register sheet may have, in the template's order.
    public static let registerHeader = registerColumns + [RegisterColumn.date, RegisterColumn.status]

    /// The headers of a register sheet (特殊群体名册).
    public enum RegisterColumn {
        public static let student = "学号", group = "群体", reason = "原因", date = "日期", status = "状态"
    }

    /// The same, from a sheet already read (CSV in any encoding, or .xlsx: ``SheetFile``).
    public func importGroups(_ sheet: Sheet, by principal: Principal) throws -> (rows: Int, warnings: [WarningChange]) {
        let report = try importGroupsReport(sheet, by: principal)
        return (report.rows, report.warnings.changes)
    }

    /// The same, with the warning changes counted by rule and level (`czk groups import`).
    public func importGroupsReport(_ sheet: Sheet, by principal: Principal) throws -> GroupImportReport {
        let file = sheet.file
        let books = try ruleBooks()
        let calendar = try calendar()
        let result: (Int, [WarningChange]) = try refusalsAudited(principal, "groups import", subject: file) {
            try database.write { session in
                var problems: [Diagnostic] = []
                var pipeline = pipeline(session, books: books, calendar: calendar, by: principal.auditActor)
                for row in sheet.rows {
                    let location = SourceLocation(file: file, line: row.line)
                    do {
                        var day: LocalDate?
                        if let text = row[RegisterColumn.date] {
                            switch DateInput.parse(text) {
                            case .success(let d): day = d
                            case .failure(let e): throw AppError.forbidden("日期：" + (e.errorDescription ?? text))
                            }
                        }
                        let status = row[RegisterColumn.status] ?? "列入"
                        guard ["列入", "结束"].contains(status) else { throw AppError.forbidden("状态“\(status)”应为 列入 或 结束") }
                        pipeline.touched(try changeGroup(
                            TypedText.normalized(row[RegisterColumn.student] ?? ""), group: row[RegisterColumn.group] ?? "",
                            adding: status == "列入", reason: row[RegisterColumn.reason] ?? "", on: day, by: principal, session: session))
                    } catch let error as AppError {
                        problems.append(Diagnostic(location, error.errorDescription ?? "", hint: error.recoverySuggestion))
                    }
                }
                guard problems.isEmpty else { throw AppError.inputProblems(problems) }
                return (sheet.rows.count, try pipeline.finish(audit: nil).warnings)
            }
        }
        let (shown, summary) = try told(result.1, to: principal)
        return GroupImportReport(file: file, rows: result.0, warnings: WarningChangeReport(changes: shown, summary: summary))
    }

    /// One register change inside a transaction: every check, the event and its audit line.
    private func changeGroup(
        _ code: String, group: String, adding: Bool, reason: String, on day: LocalDate?, by principal: Principal, session: CardSession
    ) throws -> StudentID {
        guard Self.groups.contains(group) else {
            throw AppError.forbidden("没有“\(group)”这个群体，可选：\(Self.groups.joined(separator: "、"))")
        }
        guard !reason.trimmingSpaces.isEmpty else { throw AppError.forbidden("须写明原因") }
        guard let student = try session.student(StudentID(rawValue: code)), let schoolClass = try session.schoolClass(student.schoolClass)
        else { throw AppError.unknownSubject(code) }
        let department = try session.department(ofMajor: schoolClass.major)
        let keeps = principal.isAdmin || principal.assignments.contains {
            ($0.role == .counselor || $0.role == .studentAffairs) && $0.covers(schoolClass, department: department)
        }
        guard keeps else { throw AppError.forbidden("只有该生的辅导员、所在系部的学工办或管理员可以维护特殊群体名册") }
        let current = try session.groupStandings(students: [student.id]).contains { $0.group == group }
        if adding && current { throw AppError.forbidden("\(student.name)（\(code)）已在“\(group)”名册中") }
        if !adding && !current { throw AppError.forbidden("\(student.name)（\(code)）不在“\(group)”名册中") }
        try session.appendGroupEvent(student.id, group: group, isAdd: adding, reason: reason, on: day ?? clock.today(),
                                     by: principal.auditActor, at: clock.now())
        try session.append(entry(principal, principal.code, adding ? "groups add" : "groups end", code, .ok, group))
        return student.id
    }

    /// The register within the reader's reach: its content to the students' own 辅导员; to the
    /// 学工办 and the admin only that a student is in it (it is sensitive, as 心理 data is).
    public func groupRegister(class filter: ClassID? = nil, by principal: Principal) throws -> [GroupLine] {
        try refusalsAudited(principal, "groups list", subject: filter?.rawValue ?? "") {
            guard principal.student == nil else { throw AppError.forbidden("学生不能查看特殊群体名册") }
            let book = try ruleBook()
            let lines: [GroupLine] = try database.read { session in
                try session.groupStandings().compactMap { standing -> GroupLine? in
                    guard let student = try session.student(standing.student),
                        let schoolClass = try session.schoolClass(student.schoolClass),
                        filter == nil || filter == schoolClass.id,
                        let view = AccessPolicy.cardView(principal, of: student, in: schoolClass,
                                                         department: try session.department(ofMajor: schoolClass.major), book: book),
                        view.points == nil
                    else { return nil }
                    return GroupLine(
                        student: student.id.rawValue, name: student.name, schoolClass: schoolClass.id.rawValue,
                        group: view.seesSensitive ? standing.group : nil, reason: view.seesSensitive ? standing.reason : nil,
                        since: view.seesSensitive ? standing.since : nil)
                }
            }
            // Someone who may not see the groups sees each student once, not how many groups.
            var seen = Set<String>()
            return lines.filter { $0.group != nil || seen.insert($0.student).inserted }
        }
    }
}
