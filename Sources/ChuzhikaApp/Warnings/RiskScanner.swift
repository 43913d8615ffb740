import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// A warning raised, raised higher or closed by a write or a scan.
public struct WarningChange: Hashable, Codable, Sendable {
    public let warning: Int64
    /// The student's 学号, or the class code for a class rule.
    public let student: String
    public let rule: String
    public let ruleName: String
    public let category: WarningCategory
    public let level: WarningLevel
    /// 新预警, 升级 or 消除.
    public let change: String
    public let evidence: String
}

/// Re-evaluates the risk rules for some students inside a write transaction: opens a warning
/// when a condition starts to hold, raises its level when it worsens, closes it when it no
/// longer holds. Idempotent: a second pass over the same data changes nothing.
struct RiskScanner {
    let session: CardSession
    let calendar: SchoolCalendar
    let clock: Clock
    let by: String
    /// The rules of today's semester (the latest when today is outside every semester).
    let book: RuleBook

    init(session: CardSession, books: RuleBooks, calendar: SchoolCalendar, clock: Clock, by: String) {
        self.session = session
        self.calendar = calendar
        self.clock = clock
        self.by = by
        self.book = calendar.semester(containing: clock.today()).map { books.book(for: $0.id) } ?? books.latest
    }

    /// Re-evaluates every rule for every student and class on today's roster (a scan).
    func reevaluateEveryone() throws -> [WarningChange] {
        let roster = try session.rosterState().roster(on: clock.today())
        return try reevaluate(roster.students.map(\.id), classes: roster.classes.map(\.id))
    }

    /// Re-evaluates the student rules for the students named, and the class rules for their
    /// classes (and `classes`), in today's semester (or the last one).
    func reevaluate(_ codes: some Sequence<StudentID>, classes: [ClassID] = []) throws -> [WarningChange] {
        guard !book.risks.isEmpty, let semester = calendar.semester(containing: clock.today()) ?? calendar.semesters.last else {
            return []
        }
        let studentRules = book.risks.filter { $0.scope == .individual }
        let classRules = book.risks.filter { $0.scope == .class }
        let reader = RiskIndicatorReader(session: session, calendar: calendar)
        var changes: [WarningChange] = []
        var touchedClasses = classes
        for code in Set(codes) {
            guard let student = try session.student(code), let schoolClass = try session.schoolClass(student.schoolClass) else { continue }
            touchedClasses.append(schoolClass.id)
            if try session.studentEnd(code).map({ $0.day <= clock.today() }) == true { continue }
            let values = try reader.values(for: student, cohort: schoolClass.cohort, in: semester, today: clock.today())
            changes += try evaluate(studentRules, for: .student(code), values: values)
        }
        if !classRules.isEmpty {
            let classReader = ClassRiskIndicatorReader(session: session)
            for schoolClass in Set(touchedClasses) {
                let values = try classReader.values(for: schoolClass, in: semester.id, today: clock.today())
                changes += try evaluate(classRules, for: .schoolClass(schoolClass), values: values)
            }
        }
        return changes.sorted { ($0.student, $0.rule) < ($1.student, $1.rule) }
    }

    private func evaluate(_ rules: [RiskRule], for subject: Subject, values: [String: Double?]) throws -> [WarningChange] {
        let warnings = try session.warnings(of: subject)
        return try rules.compactMap { rule in
            let active = warnings.first { $0.rule == rule.id && $0.status.isActive }
            return try apply(RiskEvaluator.evaluate(rule, values: values), rule: rule, subject: subject, active: active,
                             last: warnings.first { $0.rule == rule.id })
        }
    }

    private func apply(_ outcome: RiskEvaluator.Outcome, rule: RiskRule, subject: Subject, active: Warning?, last: Warning?) throws -> WarningChange? {
        let now = clock.now()
        func change(_ id: Int64, _ level: WarningLevel, _ what: String, _ evidence: String) -> WarningChange {
            WarningChange(warning: id, student: subject.code, rule: rule.id, ruleName: rule.name, category: rule.category,
                          level: level, change: what, evidence: evidence)
        }
        switch outcome {
        case .clear:
            guard let active else { return nil }
            try session.updateWarning(active.id, level: active.level, status: .closed, evidence: active.evidence, condition: active.condition)
            try session.appendWarningEvent(active.id, .init(kind: "closed", level: active.level, detail: "条件不再成立", by: by, at: now))
            return change(active.id, active.level, "消除", active.evidence)
        case .raised(let level, let evidence, let condition):
            return try raise(level, evidence, condition, noData: false, rule: rule, subject: subject, active: active, last: last)
        case .noData(let missing):
            let evidence = "缺少数据：" + missing.map(RiskIndicators.chinese).joined(separator: "、")
            return try raise(.yellow, evidence, "无数据：请负责的老师录入", noData: true, rule: rule, subject: subject, active: active,
                             last: last)
        }
    }

    private func raise(
        _ level: WarningLevel, _ evidence: String, _ condition: String, noData: Bool, rule: RiskRule, subject: Subject,
        active: Warning?, last: Warning?
    ) throws -> WarningChange? {
        let now = clock.now()
        func change(_ id: Int64, _ what: String) -> WarningChange {
            WarningChange(warning: id, student: subject.code, rule: rule.id, ruleName: rule.name, category: rule.category,
                          level: level, change: what, evidence: evidence)
        }
        var last = last
        if let active, active.isNoData && !noData {
            // The missing data came in: the notice has done its work; the real warning starts now.
            try session.updateWarning(active.id, level: active.level, status: .closed, evidence: active.evidence, condition: active.condition)
            try session.appendWarningEvent(active.id, .init(kind: "closed", level: active.level, detail: "已补录数据", by: by, at: now))
            last = try session.warning(active.id)
        } else if let active {
            guard level > active.level || evidence != active.evidence else { return nil }
            try session.updateWarning(active.id, level: max(level, active.level), status: active.status, evidence: evidence,
                                      condition: level > active.level ? condition : active.condition)
            guard level > active.level else { return nil }
            try session.appendWarningEvent(active.id, .init(kind: "escalated", level: level,
                                                            detail: "\(active.level.rawValue) → \(level.rawValue)：\(evidence)", by: by, at: now))
            return change(active.id, "升级")
        }
        let id = try session.openWarning(
            subject, rule: rule.id, category: rule.category, level: level, episode: (last?.episode ?? 0) + 1, previous: last?.id,
            on: clock.today(), evidence: evidence, condition: condition, isNoData: noData)
        try session.appendWarningEvent(id, .init(kind: "opened", level: level, detail: evidence, by: by, at: now))
        return change(id, last == nil || last?.isNoData == true ? "新预警" : "再次预警")
    }
}
