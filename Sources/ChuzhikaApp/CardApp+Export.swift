import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// What `czk export` can write.
public enum ExportKind: String, CaseIterable, Sendable {
    case records, accounts, warnings, classes

    public var chineseName: String {
        switch self {
        case .records: "采分记录"
        case .accounts: "个人账户"
        case .warnings: "预警"
        case .classes: "班级储值卡"
        }
    }
}

/// A table to write as CSV, JSON or .xlsx.
public struct ExportTable: Hashable, Codable, Sendable {
    public let headers: [String]
    public let rows: [[String]]
    /// Said beside the table (not in it) when the reader sees only their own points.
    public var notice: String?
    /// The 心理 and 理财 warnings left out of a warnings export, counted (``RiskListing``).
    public var withheld: [WithheldWarnings]

    public init(headers: [String], rows: [[String]], notice: String? = nil, withheld: [WithheldWarnings] = []) {
        self.headers = headers
        self.rows = rows
        self.notice = notice
        self.withheld = withheld
    }
}

extension CardApp {
    /// Exports records, accounts, warnings or class cards within `principal`'s scope: each row
    /// comes from the same use case (and the same access policy and audit) as the screen that
    /// shows it, so an export never shows more than its reader may see — a student only their
    /// own card, staff the classes they reach, 心理 content only to the student's 辅导员.
    public func export(
        _ kind: ExportKind, schoolClass: String? = nil, semester: String? = nil, by principal: Principal
    ) throws -> ExportTable {
        switch kind {
        case .warnings:
            let listing = try riskListing(by: principal, filter: RiskFilter(schoolClass: schoolClass, includeClosed: true))
            let lines = listing.warnings
            return ExportTable(
                headers: ["预警号", "范围", "学号或班级", "姓名", "班级", "类别", "等级", "规则", "证据", "状态", "开始日期", "轮次"],
                rows: lines.map { [String($0.id), $0.scope, $0.student, $0.name, $0.schoolClass, $0.category, $0.level, $0.ruleName,
                                   $0.evidence, $0.status, $0.openedOn.description, String($0.episode)] },
                withheld: listing.withheld)
        case .classes:
            let cards = try classesInScope(principal, only: schoolClass).map { try classCard($0.rawValue, by: principal, semester: semester) }
            let domains = Domain.allCases
            return ExportTable(
                headers: ["班级", "班级名称", "学期", "人数"] + domains.map(\.chineseName) + ["总分", "同期增值", "年级排名", "年级班级数"],
                rows: cards.map { card in
                    [card.classID, card.className, card.semester, String(card.students)]
                        + domains.map { d in card.domains.first { $0.domain == d }?.semester.description ?? "" }
                        + (card.isPartial ? ["", "", "", ""]
                            : [card.total.description, card.totalValueAdded?.description ?? "", String(card.rank), String(card.classesInCohort)])
                },
                notice: cards.contains(where: \.isPartial) ? CardView.partialNotice : nil)
        case .accounts:
            let accounts = try studentsInScope(principal, only: schoolClass).map { try account(of: $0.rawValue, by: principal, semester: semester) }
            let domains = Domain.allCases
            return ExportTable(
                headers: ["学号", "姓名", "班级", "学期"] + domains.map(\.chineseName) + ["总分汇总", "同期增值", "入学以来"],
                rows: accounts.map { a in
                    [a.studentID, a.name, a.classID, a.semester]
                        + domains.map { d in a.isPartial ? "" : a.domains.first { $0.domain == d }?.semester.description ?? "" }
                        + (a.isPartial ? ["", "", ""]
                            : [a.semesterTotal.description, a.totalValueAdded?.description ?? "", a.totalSinceEnrolment.description])
                },
                notice: accounts.contains(where: \.isPartial) ? CardView.partialNotice : nil)
        case .records:
            var rows: [[String]] = []
            var isPartial = false
            let span = try semester.map { id in
                guard let found = try calendar().semesters.first(where: { $0.id.rawValue == id }) else {
                    throw AppError.forbidden("校历中没有学期 \(id)")
                }
                return found.start...found.end
            }
            for student in try studentsInScope(principal, only: schoolClass) {
                let card = try account(of: student.rawValue, by: principal, semester: semester, recent: 100_000)
                isPartial = isPartial || card.isPartial
                for entry in card.recent.reversed() where span?.contains(entry.date) ?? true {
                    rows.append([String(entry.recordID), card.studentID, card.name, card.classID, entry.pointID, entry.pointName,
                                 entry.period, entry.value, entry.date.description, entry.points?.description ?? "", entry.recordedBy,
                                 entry.isCorrection ? "是" : ""])
                }
            }
            return ExportTable(headers: ["记录号", "学号", "姓名", "班级", "采分点", "采分点名称", "时段", "数值", "日期", "得分", "录入人", "更正"],
                               rows: rows, notice: isPartial ? CardView.partialNotice : nil)
        }
    }

    /// The classes `principal` may read (the admin: all; a student: none), or the one named.
    private func classesInScope(_ principal: Principal, only code: String?) throws -> [ClassID] {
        if let code { return [ClassID(rawValue: TypedText.normalized(code))] }  // classCard checks the reader
        guard principal.student == nil else { throw AppError.forbidden("学生只能导出本人的储值卡（czk export records 或 accounts）") }
        return try readableClasses(by: principal).map(\.id)
    }

    /// The classes whose cards `principal` may read, in code order: the admin every one, staff
    /// those their assignments reach, a student none.
    public func readableClasses(by principal: Principal) throws -> [SchoolClass] {
        guard principal.student == nil else { return [] }
        return try database.read { session in
            if principal.isAdmin { return try session.classes() }
            var reach = ReachCache(session: session)
            return try reach.reachedClasses(by: principal)
        }
    }

    /// The students `principal` may read: a student themselves; staff the members of their classes.
    private func studentsInScope(_ principal: Principal, only code: String?) throws -> [StudentID] {
        if let me = principal.student {
            if let code, code != me.schoolClass.rawValue { throw AppError.forbidden(AccessPolicy.Refusal.otherStudent) }
            return [me.id]
        }
        let classes = try classesInScope(principal, only: code)
        let today = clock.today()
        return try database.read { session in try classes.flatMap { try session.students(in: $0, on: today).map(\.id) } }
    }
}
