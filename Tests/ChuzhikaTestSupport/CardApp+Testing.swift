import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore

/// Test shortcuts: acting as a named person without a login (a test may create a principal
/// directly), and the use cases as earlier tests called them.
extension CardApp {
    /// The person with this 工号 or 学号, with today's assignments, as if logged in.
    public func principal(_ code: String) throws -> Principal {
        let today = clock.today()
        return try database.read { session in
            if let staff = try session.staff(StaffID(rawValue: code)) {
                return Principal(.staff(staff), assignments: try session.assignments(of: staff.id, on: today))
            }
            if let student = try session.student(StudentID(rawValue: code)) { return Principal(.student(student)) }
            throw AppError.unknownSubject(code)
        }
    }

    /// The first admin of the roster.
    public func admin() throws -> Principal {
        let code = try database.read { try $0.allStaff().first(where: \.isAdmin)?.id.rawValue }
        guard let code else { throw AppError.unknownStaff("admin") }
        return try principal(code)
    }

    /// Records as the draft's staff member.
    public func record(_ draft: RecordDraft) throws -> RecordReceipt {
        try record(draft, by: principal(draft.staff.rawValue))
    }

    /// A sheet recorded as its first row's staff member.
    public func importRecords(_ drafts: [RecordDraft]) throws -> ImportSummary {
        try importRecords(drafts, by: principal(drafts.first?.staff.rawValue ?? ""))
    }

    /// A card as the admin reads it.
    public func account(of code: String, semester: String? = nil, recent: Int = 12) throws -> AccountReport {
        try account(of: code, by: admin(), semester: semester, recent: recent)
    }

    /// A class card as the admin reads it.
    public func classCard(_ code: String, semester: String? = nil) throws -> ClassReport {
        try classCard(code, by: admin(), semester: semester)
    }

    /// A due list as the admin reads it (anyone's, or everyone's).
    public func due(for staff: StaffID?, on date: LocalDate? = nil, ahead: Int = 7) throws -> DueList {
        try due(for: staff, by: admin(), on: date, ahead: ahead)
    }

    public func applyRules(_ files: [RuleSource], by staff: StaffID, top: Int = 10, dryRun: Bool = false) throws -> RulesApplyReport {
        try applyRules(files, by: principal(staff.rawValue), top: top, dryRun: dryRun)
    }

    public func setCalendar(_ calendar: SchoolCalendar, by staff: StaffID) throws -> CalendarReport {
        try setCalendar(calendar, by: principal(staff.rawValue))
    }

    public func importRoster(
        _ kind: RosterKind, text: String, file: String, by staff: StaffID, dryRun: Bool = false
    ) throws -> RosterImportReport {
        try importRoster(kind, text: text, file: file, by: principal(staff.rawValue), dryRun: dryRun)
    }
}
