import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// One warning as a reader sees it.
public struct WarningLine: Hashable, Codable, Sendable {
    /// Always `warning`: listings that also carry missing data (``MissingData``, kind
    /// `missing-data`) tell the two apart by it.
    public var kind = "warning"
    public let id: Int64
    /// 个体 for a student's warning, 班级 for a class's.
    public let scope: String
    /// The student's 学号, or the class code for a class warning.
    public let student: String
    /// The student's or the class's name.
    public let name: String
    public let schoolClass: String
    public let rule: String
    public let ruleName: String
    public let category: String
    public let level: String
    public let status: String
    public let openedOn: LocalDate
    public let daysOpen: Int
    public let isOverdue: Bool
    public let evidence: String
    public let condition: String
    public let advice: String
    public let episode: Int
    public let history: [Warning.Event]
}

extension CardApp {
    /// The warning changes `principal` may be told of: 心理 and 理财 ones only to the student's
    /// 辅导员; none to a student.
    func visible(_ changes: [WarningChange], to principal: Principal) throws -> [WarningChange] {
        guard principal.student == nil, !changes.isEmpty else { return [] }
        guard changes.contains(where: \.category.isSensitive) else { return changes }
        return try database.read { session in
            try changes.filter { change in
                guard change.category.isSensitive else { return true }
                let classID = try session.student(StudentID(rawValue: change.student))?.schoolClass ?? ClassID(rawValue: change.student)
                guard let schoolClass = try session.schoolClass(classID) else { return false }
                let department = try session.department(ofMajor: schoolClass.major)
                return principal.assignments.contains { $0.role == .counselor && $0.covers(schoolClass, department: department) }
            }
        }
    }

    /// Re-evaluates every rule for every current student (after a rule change, or nightly).
    /// Idempotent: a second scan over the same data changes nothing. Admins only.
    ///
    /// - Returns: the changes the admin may read (no 心理 or 理财 ones: see ``scanRisksReport(by:)``).
    public func scanRisks(by principal: Principal) throws -> [WarningChange] {
        try scanRisksReport(by: principal).changes
    }

    /// The same, with the changes counted by rule and level, and the 心理 and 理财 ones the
    /// admin is told of only by count.
    public func scanRisksReport(by principal: Principal) throws -> WarningChangeReport {
        try requireAdmin(principal, to: "运行全校预警扫描", action: "risks scan", subject: "")
        let books = try ruleBooks()
        let calendar = try calendar()
        let changes = try database.write { session in
            let pipeline = pipeline(session, books: books, calendar: calendar, by: principal.auditActor)
            let audit = entry(principal, principal.code, "risks scan", "", .ok, "")
            let changes = try pipeline.finish(audit: nil, reevaluateAll: true).warnings
            try session.append(audit.with(detail: "\(changes.count) 项变化"))
            return changes
        }
        // The admin is told of 心理 and 理财 changes only by count.
        let (shown, summary) = try told(changes, to: principal)
        return WarningChangeReport(changes: shown, summary: summary)
    }

    /// The warnings `principal` is responsible for, most urgent first: level, then overdue, then age.
    ///
    /// Staff see the warnings of rules that tell their role, for the students and classes their
    /// assignments reach; 心理 and 理财 warnings reach only the student's 辅导员. The admin sees
    /// every other one. ``riskListing(by:filter:)`` says besides how many were withheld.
    public func risks(by principal: Principal, includeClosed: Bool = false) throws -> [WarningLine] {
        try riskListing(by: principal, filter: RiskFilter(includeClosed: includeClosed)).warnings
    }

    /// One warning with its evidence, history and notes, if `principal` may see it.
    public func risk(_ id: Int64, by principal: Principal) throws -> WarningLine {
        try refusalsAudited(principal, "risks show", subject: "预警 \(id)") {
            let book = try ruleBook()
            return try database.read { session in
                var reach = ReachCache(session: session)
                guard let warning = try session.warning(id), let (schoolClass, name) = try owner(of: warning, session),
                    let line = try line(warning, schoolClass: schoolClass, name: name, book: book, reader: principal, reach: &reach,
                                        history: try session.warningEvents(warning.id))
                else { throw AppError.notFound("预警 \(id)（或您无权查看）") }
                return line
            }
        }
    }

    /// Acknowledges, adds a follow-up note to, or resolves a warning the principal may see.
    public func actOnRisk(_ id: Int64, _ action: RiskAction, by principal: Principal) throws -> WarningLine {
        try refusalsAudited(principal, "risks \(action.name)", subject: "预警 \(id)") {
            switch action {
            case .acknowledge: break
            case .note(let kind, let text):
                if kind.trimmingSpaces.isEmpty || text.trimmingSpaces.isEmpty { throw AppError.missingText("跟进的措施和内容") }
                try AppError.refuseControlCharacters(kind, field: "跟进的措施（--action）")
                try AppError.refuseControlCharacters(text, field: "跟进的经过和结果（--text）")
            case .resolve(let reason):
                if reason.trimmingSpaces.isEmpty { throw AppError.missingText("解除预警的原因") }
                try AppError.refuseControlCharacters(reason, field: "解除预警的原因（--reason）")
            }
            _ = try risk(id, by: principal)
            try database.write { session in
                // A scan or a write re-evaluating this student at the same moment would otherwise
                // write back the status it read before this one (PostgreSQL): take turns.
                guard let subject = try session.warning(id)?.subject else { throw AppError.notFound("预警 \(id)") }
                try session.lockForPosting([subject])
                guard let warning = try session.warning(id) else { throw AppError.notFound("预警 \(id)") }
                guard warning.status.isActive else {
                    throw AppError.forbidden("预警 \(id) 已\(warning.status.chineseName)，不能再操作")
                }
                let status: WarningStatus
                let detail: String
                switch action {
                case .acknowledge:
                    status = warning.status == .open ? .acknowledged : warning.status
                    detail = "已确认"
                case .note(let kind, let text):
                    status = .followUp
                    detail = "\(kind)：\(text)"
                case .resolve(let reason):
                    status = .resolved
                    detail = reason
                }
                try session.updateWarning(id, level: warning.level, status: status, evidence: warning.evidence, condition: warning.condition)
                try session.appendWarningEvent(id, .init(kind: action.name, level: warning.level, detail: detail,
                                                         by: principal.auditActor, at: clock.now()))
                if case .resolve = action {
                    try session.tell(.resolved, warning: id, rule: warning.rule, category: warning.category, level: warning.level,
                                     subject: warning.subject, at: clock.now())
                }
                try session.append(entry(principal, principal.code, "risks \(action.name)", warning.subject.code, .ok, detail))
            }
            return try risk(id, by: principal)
        }
    }

    /// The active warnings of these subjects that `reader` may see, for a report: a student
    /// sees their own 学业 and 就业 ones (never 心理 or 理财); staff what `czk risks` shows them.
    func reportWarnings(
        of subjects: [(subject: Subject, name: String, schoolClass: ClassID)], reader: Principal, session: CardSession, book: RuleBook
    ) throws -> [ReportWarning] {
        var reach = ReachCache(session: session)
        var found: [(WarningLevel, ReportWarning)] = []
        for (subject, name, schoolClass) in subjects {
            for warning in try session.warnings(of: subject) where warning.status.isActive {
                let rule = book.risks.first { $0.id == warning.rule }
                if let me = reader.student {
                    guard subject == .student(me.id), !warning.isNoData,
                        warning.category == .academic || warning.category == .employment else { continue }
                } else {
                    guard try line(warning, schoolClass: schoolClass, name: name, book: book, reader: reader, reach: &reach, history: []) != nil
                    else { continue }
                }
                found.append((warning.level, ReportWarning(
                    student: subject.code, name: name, ruleName: rule?.name ?? warning.rule, category: warning.category.rawValue,
                    level: warning.level.rawValue, status: warning.status.chineseName, evidence: warning.evidence,
                    advice: rule?.advice ?? "")))
            }
        }
        return found.sorted { ($0.0, $1.1.student) > ($1.0, $0.1.student) }.map(\.1)
    }

    func owner(of warning: Warning, _ session: CardSession) throws -> (ClassID, String)? {
        switch warning.subject {
        case .student(let id): try session.student(id).map { ($0.schoolClass, $0.name) }
        case .schoolClass(let id): try session.schoolClass(id).map { ($0.id, $0.name) }
        }
    }

    func line(
        _ warning: Warning, schoolClass code: ClassID, name: String, book: RuleBook, reader: Principal, reach: inout ReachCache,
        history: [Warning.Event]
    ) throws -> WarningLine? {
        guard case .readable(let line) = try reading(warning, schoolClass: code, name: name, book: book, reader: reader, reach: &reach,
                                                     history: history)
        else { return nil }
        return line
    }

    /// What `reader` may know of a warning: all of it, only that it exists (the admin and 学工办
    /// count the 心理 and 理财 warnings of the students they reach, that only the student's
    /// 辅导员 reads), or nothing.
    func reading(
        _ warning: Warning, schoolClass code: ClassID, name: String, book: RuleBook, reader: Principal, reach: inout ReachCache,
        history: [Warning.Event]
    ) throws -> WarningReading {
        guard let (schoolClass, department) = try reach.place(code) else { return .unreached }
        let rule = book.risks.first { $0.id == warning.rule }
        let reaching = reader.assignments.filter { $0.covers(schoolClass, department: department) }
        let notified = rule?.notify ?? [.counselor, .headTeacher]
        let days = warning.openedOn.days(until: clock.today())
        let overdueAfter = rule?.overdueDays ?? 7
        let line = WarningLine(
            id: warning.id, scope: warning.subject.scope == .class ? "班级" : "个体", student: warning.subject.code, name: name,
            schoolClass: schoolClass.id.rawValue, rule: warning.rule, ruleName: rule?.name ?? warning.rule,
            category: warning.category.rawValue, level: warning.level.rawValue, status: warning.status.chineseName,
            openedOn: warning.openedOn, daysOpen: days, isOverdue: warning.status == .open && days > overdueAfter,
            evidence: warning.evidence, condition: warning.condition, advice: rule?.advice ?? "", episode: warning.episode,
            history: history)
        guard warning.category.isSensitive else {
            return reader.isAdmin || reaching.contains { notified.contains($0.role) } ? .readable(line) : .unreached
        }
        if reaching.contains(where: { $0.role == .counselor }) { return .readable(line) }
        return reader.isAdmin || reaching.contains { $0.role == .studentAffairs } ? .withheld(line) : .unreached
    }
}

/// What a reader may know of one warning.
enum WarningReading {
    case readable(WarningLine)
    /// Counted, never shown: the line is for filtering the count only.
    case withheld(WarningLine)
    case unreached
}

/// Classes and their departments looked up once per listing, not once per warning.
struct ReachCache {
    let session: CardSession
    private var places: [ClassID: (SchoolClass, DepartmentID?)?] = [:]

    init(session: CardSession) { self.session = session }

    /// The classes `principal`'s assignments reach.
    mutating func reached(by principal: Principal) throws -> [ClassID] {
        try reachedClasses(by: principal).map(\.id)
    }

    /// The same, as classes, in code order.
    mutating func reachedClasses(by principal: Principal) throws -> [SchoolClass] {
        var departments: [MajorID: DepartmentID?] = [:]
        return try session.classes().filter { schoolClass in
            if departments[schoolClass.major] == nil { departments[schoolClass.major] = try session.department(ofMajor: schoolClass.major) }
            let department = departments[schoolClass.major] ?? nil
            places[schoolClass.id] = (schoolClass, department)
            return principal.assignments.contains { $0.covers(schoolClass, department: department) }
        }
    }

    mutating func place(_ id: ClassID) throws -> (SchoolClass, DepartmentID?)? {
        if let known = places[id] { return known }
        let found = try session.schoolClass(id).map { ($0, try session.department(ofMajor: $0.major)) }
        places[id] = found
        return found
    }
}

/// What a counselor does with a warning.
public enum RiskAction: Sendable {
    case acknowledge
    /// A dated follow-up note: 谈心谈话, 学业帮扶, 转介心理中心, 就业指导, 家校联系 …
    case note(kind: String, text: String)
    case resolve(reason: String)

    var name: String {
        switch self {
        case .acknowledge: "ack"
        case .note: "note"
        case .resolve: "resolve"
        }
    }
}

extension CardApp {
    /// A warning raised by hand (`czk risks flag`): a 班主任 or 辅导员 who sees a risk no rule
    /// catches — 理财 above all — raises it for their own student, with the reason as evidence.
    ///
    /// - Returns: the new warning's id (a 理财 or 心理 one is then visible only to the counselors).
    @discardableResult
    public func flagRisk(_ code: String, category: WarningCategory, reason: String, by principal: Principal) throws -> Int64 {
        let code = TypedText.normalized(code)
        let id: Int64 = try refusalsAudited(principal, "risks flag", subject: code) {
            guard !reason.trimmingSpaces.isEmpty else { throw AppError.forbidden("须写明原因（--reason）") }
            try AppError.refuseControlCharacters(reason, field: "预警的原因（--reason）")
            return try database.write { session in
                guard let student = try session.student(StudentID(rawValue: code)), let schoolClass = try session.schoolClass(student.schoolClass)
                else { throw AppError.unknownSubject(code) }
                let department = try session.department(ofMajor: schoolClass.major)
                let mayFlag = principal.assignments.contains {
                    ($0.role == .headTeacher || $0.role == .counselor) && $0.covers(schoolClass, department: department)
                }
                guard mayFlag else { throw AppError.forbidden("只有该生的班主任或辅导员可以手动提出预警") }
                try session.lockForPosting([.student(student.id)])
                let rule = "manual.\(category.rawValue)"
                let earlier = try session.warnings(of: Subject.student(student.id)).filter { $0.rule == rule }
                if earlier.contains(where: \.status.isActive) {
                    throw AppError.forbidden("该生已有未结束的手动\(category.rawValue)预警")
                }
                let id = try session.openWarning(
                    .student(student.id), rule: rule, category: category, level: .yellow, episode: (earlier.first?.episode ?? 0) + 1,
                    previous: earlier.first?.id, on: clock.today(), evidence: reason, condition: "由 \(principal.label) 手动提出",
                    isNoData: false)
                try session.appendWarningEvent(id, .init(kind: "opened", level: .yellow, detail: reason, by: principal.auditActor, at: clock.now()))
                try session.tell(.opened, warning: id, rule: rule, category: category, level: .yellow, subject: .student(student.id),
                                 at: clock.now())
                try session.append(entry(principal, principal.code, "risks flag", code, .ok, category.rawValue))
                return id
            }
        }
        return id
    }
}
