import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaStore

/// What a roster import changed (or, in a dry run, would change).
public struct RosterImportReport: Hashable, Codable, Sendable {
    public struct Line: Hashable, Codable, Sendable {
        public let line: Int
        public let action: String
        public let actionName: String
        public let code: String
        public let name: String
        public let detail: String
    }

    public let kind: RosterKind
    public let file: String
    public let isDryRun: Bool
    public let changes: [Line]
    /// Rows that match the roster as it stands.
    public let unchanged: Int

    /// How many changes of each action, in the order 新增, 修改, 调班, 结束, 恢复.
    public var counts: [(name: String, count: Int)] {
        let actions: [RosterChange.Action] = [.added, .changed, .moved, .ended, .reinstated]
        return actions.map { action in (action.chineseName, changes.filter { $0.action == action.rawValue }.count) }
    }
}

extension CardApp {
    /// Imports one roster sheet (students, staff, assignments, courses or classes), all or nothing.
    ///
    /// Only an admin may change the roster. Every bad row is named; with one, nothing is written.
    /// A dry run plans the same changes and writes nothing.
    public func importRoster(
        _ kind: RosterKind, text: String, file: String, by principal: Principal, dryRun: Bool = false
    ) throws -> RosterImportReport {
        let (sheet, parseProblems) = Sheet.parse(text, file: file)
        guard parseProblems.isEmpty else {
            try requireAdmin(principal, to: "修改花名册", action: "roster import", subject: file)
            throw AppError.inputProblems(parseProblems)
        }
        return try importRoster(kind, sheet: sheet, by: principal, dryRun: dryRun)
    }

    /// The same, from a sheet already read (CSV in any encoding, or .xlsx: ``SheetFile``).
    public func importRoster(_ kind: RosterKind, sheet: Sheet, by principal: Principal, dryRun: Bool = false) throws -> RosterImportReport {
        let file = sheet.file
        try requireAdmin(principal, to: "修改花名册", action: "roster import", subject: file)
        let today = clock.today()
        return try database.write { session in
            var planner = RosterPlanner(state: try session.rosterState(), today: today)
            let (changes, unchanged, problems) = planner.plan(kind, sheet)
            guard problems.isEmpty else { throw AppError.inputProblems(problems) }
            if principal.isSystem { try refuseAdminChanges(changes, file: file, session: session) }
            if !dryRun {
                try session.apply(changes, source: file, by: principal.auditActor, at: clock.now())
                try session.append(entry(principal, principal.code, "roster import", file, .ok, "\(kind.chineseName)：\(changes.count) 项变化"))
            }
            return RosterImportReport(
                kind: kind, file: file, isDryRun: dryRun,
                changes: changes.map {
                    .init(line: $0.line, action: $0.action.rawValue, actionName: $0.action.chineseName, code: $0.code,
                          name: $0.name, detail: $0.detail)
                },
                unchanged: unchanged)
        }
    }

    /// Plans and applies several sheets in order inside one transaction (the demo's seeds).
    package func loadRoster(_ sheets: [(RosterKind, Sheet)], by person: String, session: CardSession) throws {
        var planner = RosterPlanner(state: try session.rosterState(), today: clock.today())
        var problems: [Diagnostic] = []
        for (kind, sheet) in sheets {
            let (changes, _, found) = planner.plan(kind, sheet)
            problems += found
            if found.isEmpty { try session.apply(changes, source: sheet.file, by: person, at: clock.now()) }
        }
        guard problems.isEmpty else { throw AppError.inputProblems(problems) }
    }

}

extension CardApp {
    /// Who is admin is the admin's to say, never a system's (the integration API's roster:write):
    /// a row that would make or unmake one refuses the whole sheet.
    func refuseAdminChanges(_ changes: [RosterChange], file: String, session: CardSession) throws {
        var problems: [Diagnostic] = []
        for change in changes {
            let touchesAdmin: Bool = switch change.operation {
            case .addStaff(let staff, _): staff.isAdmin
            case .updateStaff(let staff): try staff.isAdmin != (session.staff(staff.id)?.isAdmin ?? false)
            default: false
            }
            if touchesAdmin {
                problems.append(Diagnostic(SourceLocation(file: file, line: change.line), "接口不能设置或取消管理员（\(change.code)）",
                                           hint: "管理员由学校的管理员用 czk roster import 或 czk users 设置"))
            }
        }
        guard problems.isEmpty else { throw AppError.forbidden(problems.map { "第 \($0.location.line) 行：\($0.message)" }.joined(separator: "；")) }
    }
}
