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

/// A student as a write has read them: their class, and when and why they left (nil while enrolled).
struct KnownStudent {
    let student: Student
    let schoolClass: SchoolClass
    let end: (day: LocalDate, reason: String)?
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
    /// When set, what the rules say is collected here instead of written (`czk check`).
    let expectations: Expectations?

    /// What the risk rules make of every subject's evidence on one day, written nowhere.
    final class Expectations {
        var outcomes: [Subject: [String: RiskEvaluator.Outcome]] = [:]
        /// The indicators whose values are kept per student (`czk risks evaluate --sweep`
        /// re-evaluates one rule over them at other thresholds without reading anything again).
        let keeping: Set<String>
        /// What each evaluated student's indicators in ``keeping`` were (nil: no data).
        var values: [StudentID: [String: Double?]] = [:]

        init(keeping: Set<String> = []) {
            self.keeping = keeping
        }

        /// Whether a stored active warning is what these outcomes would leave it as: the same
        /// evidence at no higher a level (a warning is never lowered); an undetermined rule leaves
        /// an open warning as it was. A no-data warning of an earlier version is not judged (nil):
        /// the next write or scan closes it.
        func agrees(with warning: Warning) -> Bool? {
            guard !warning.isNoData, let outcome = outcomes[warning.subject]?[warning.rule] else { return nil }
            switch outcome {
            case .clear: return false
            case .raised(let level, let evidence, _): return evidence == warning.evidence && level <= warning.level
            case .undetermined: return true
            }
        }
    }

    init(session: CardSession, books: RuleBooks, calendar: SchoolCalendar, clock: Clock, by: String,
         expectations: Expectations? = nil) {
        self.session = session
        self.calendar = calendar
        self.clock = clock
        self.by = by
        self.book = calendar.semester(containing: clock.today()).map { books.book(for: $0.id) } ?? books.latest
        self.expectations = expectations
    }

    /// Re-evaluates every rule for every student and class on today's roster (a scan).
    func reevaluateEveryone() throws -> [WarningChange] {
        let roster = try session.rosterState().roster(on: clock.today())
        let classes = Dictionary(uniqueKeysWithValues: roster.classes.map { ($0.id, $0) })
        let students = roster.students.compactMap { student in classes[student.schoolClass].map { (student, $0) } }
        return try reevaluate(students, everyone: true, classes: roster.classes.map(\.id))
    }

    /// Re-evaluates the student rules for the students named, and the class rules for their
    /// classes (and `classes`), in today's semester (or the last one).
    ///
    /// - Parameter read: a student this write has read already, with their class and the day
    ///   they left (nil when not read): when it knows every student, nothing is read again.
    func reevaluate(
        _ codes: some Sequence<StudentID>, classes: [ClassID] = [], read: (StudentID) -> KnownStudent? = { _ in nil }
    ) throws -> [WarningChange] {
        let codes = Set(codes)
        let reads = codes.compactMap(read)
        if reads.count == codes.count {
            return try reevaluate(reads.sorted { $0.student.id.rawValue < $1.student.id.rawValue }.map { ($0.student, $0.schoolClass) },
                                  everyone: false, classes: classes,
                                  ends: Dictionary(uniqueKeysWithValues: reads.map { ($0.student.id, $0.end) }))
        }
        var found: [(Student, SchoolClass)] = []
        var known: [ClassID: SchoolClass?] = [:]
        // The students and when each left, a few statements for all (not two round trips each).
        let students = try session.studentsWithEnds(Array(codes))
        for (student, _) in students.values.sorted(by: { $0.student.id.rawValue < $1.student.id.rawValue }) {
            if known[student.schoolClass] == nil { known[student.schoolClass] = try session.schoolClass(student.schoolClass) }
            guard let schoolClass = known[student.schoolClass] ?? nil else { continue }
            found.append((student, schoolClass))
        }
        return try reevaluate(found, everyone: false, classes: classes, ends: students.mapValues(\.end))
    }

    /// The one evaluation: the students' evidence read a chunk at a time (the whole college in
    /// one pass in a scan), each student's rules; then the class rules of every class touched,
    /// from the evidence of its current members (in a scan, the evidence already read).
    ///
    /// - Parameter ends: when each of `students` left (nil while enrolled), when already read.
    private func reevaluate(
        _ students: [(Student, SchoolClass)], everyone: Bool, classes: [ClassID],
        ends: [StudentID: (day: LocalDate, reason: String)?]? = nil
    ) throws -> [WarningChange] {
        guard !book.risks.isEmpty, let semester = calendar.semester(containing: clock.today()) ?? calendar.semesters.last else {
            return []
        }
        let today = clock.today()
        let upTo = calendar.semesters.filter { $0.start <= semester.start }.map(\.id)
        let studentRules = book.risks.filter { $0.scope == .individual }
        let classRules = book.risks.filter { $0.scope == .class }
        let reader = RiskIndicatorReader(calendar: calendar)
        var changes: [WarningChange] = []
        var scanned: (evidence: RiskEvidence, members: [ClassID: [StudentID]])?
        // The class's median credits this semester (credits_share_of_class): in a scan, from the
        // evidence read for everyone; otherwise from the results of the classes' members.
        var classCredits: [ClassID: Double] = [:]
        // Each class's current members, and their results, read once: the credits median and the
        // class rules weigh the same ones (two statements fewer for every `czk record`).
        var members: [ClassID: [StudentID]] = [:]
        var memberResults: [StudentID: [CourseResult]] = [:]
        func membersOf(_ schoolClass: ClassID) throws -> [StudentID] {
            if let known = members[schoolClass] { return known }
            let read = try session.students(in: schoolClass, on: today).map(\.id)
            members[schoolClass] = read
            return read
        }
        if !everyone, studentRules.contains(where: { $0.indicators.contains("credits_share_of_class") }) {
            let classes = Set(students.map(\.1.id)).sorted()
            memberResults = try Self.results(of: classes.flatMap(membersOf), session: session)
            for schoolClass in classes {
                classCredits[schoolClass] = Self.medianCredits((members[schoolClass] ?? []).map { memberResults[$0] ?? [] }, in: semester.id)
            }
        }
        let chunks = everyone ? [students[...]] : stride(from: 0, to: students.count, by: session.evidenceChunk).map {
            students[$0..<min($0 + session.evidenceChunk, students.count)]
        }
        for chunk in chunks {
            // No rule speaks for a student who has left; their class is still re-evaluated.
            let current = try everyone ? Array(chunk) : chunk.filter { student, _ in
                try (ends?[student.id] ?? session.studentEnd(student.id)).map { $0.day <= today } != true
            }
            guard !current.isEmpty else { continue }
            let codes = everyone ? nil : current.map(\.0.id)
            // The members' results read for the credits median hold these students' too.
            let evidence = try RiskEvidence(session: session, semesters: upTo, students: codes, knownResults: memberResults)
            if everyone {
                let members = Dictionary(grouping: current.map(\.0), by: \.schoolClass).mapValues { $0.map(\.id) }
                scanned = (evidence, members)
                classCredits = members.compactMapValues { Self.medianCredits($0.map { evidence.results[$0] ?? [] }, in: semester.id) }
            }
            // Collecting expectations compares with no stored warning: none is read.
            let warnings = expectations != nil ? [:] : Dictionary(grouping: try session.warnings(ofStudents: codes), by: \.subject)
            for (student, schoolClass) in current where !studentRules.isEmpty {
                let subject = Subject.student(student.id)
                let values = reader.values(of: student.id, cohort: schoolClass.cohort, evidence: evidence, in: semester, upTo: upTo, today: today,
                                           classCredits: classCredits[schoolClass.id])
                changes += try evaluate(studentRules, for: subject, values: values, warnings: warnings[subject] ?? [])
            }
        }
        guard !classRules.isEmpty else { return changes.sorted { ($0.student, $0.rule) < ($1.student, $1.rule) } }
        var seen = Set<ClassID>()
        let touched = (classes + students.map(\.1.id)).filter { seen.insert($0).inserted }
        let classReader = ClassRiskIndicatorReader()
        let warnings = Dictionary(grouping: try session.warnings(ofClasses: everyone ? nil : touched), by: \.subject)
        func evaluateClasses(_ group: [(ClassID, [StudentID])], _ evidence: RiskEvidence) throws {
            for (schoolClass, members) in group {
                let values = classReader.values(members: members, evidence: evidence, in: semester.id)
                let subject = Subject.schoolClass(schoolClass)
                changes += try evaluate(classRules, for: subject, values: values, warnings: warnings[subject] ?? [])
            }
        }
        if let scanned {
            try evaluateClasses(touched.map { ($0, scanned.members[$0] ?? []) }, scanned.evidence)
        } else {
            // Classes a few at a time, their members' evidence read together.
            var group: [(ClassID, [StudentID])] = []
            for schoolClass in touched {
                group.append((schoolClass, try membersOf(schoolClass)))
                let count = group.reduce(0) { $0 + $1.1.count }
                guard count >= session.evidenceChunk || schoolClass == touched.last else { continue }
                try evaluateClasses(group, RiskEvidence(
                    session: session, semesters: [semester.id], students: group.flatMap(\.1), points: RiskEvidence.classPoints,
                    register: false, knownResults: memberResults))
                group = []
            }
        }
        return changes.sorted { ($0.student, $0.rule) < ($1.student, $1.rule) }
    }

    /// Every result of these students, a chunk at a time; each of them has an entry (empty when
    /// they have none), so that ``RiskEvidence`` knows whose results were read.
    static func results(of students: [StudentID], session: CardSession) throws -> [StudentID: [CourseResult]] {
        var results = Dictionary(students.map { ($0, [CourseResult]()) }, uniquingKeysWith: { a, _ in a })
        for start in stride(from: 0, to: students.count, by: session.evidenceChunk) {
            let chunk = Array(students[start..<min(start + session.evidenceChunk, students.count)])
            for result in try session.results(ofStudents: chunk) { results[result.student, default: []].append(result) }
        }
        return results
    }

    /// The median of the credits taken in `semester` (正考 sittings, each course once) by the
    /// members with results, given every member's results; nil until at least half the members
    /// have some — one student's 重修 result early in a semester does not make the rest "missing".
    static func medianCredits(_ members: [[CourseResult]], in semester: SemesterID) -> Double? {
        let credits = members.compactMap { results -> Double? in
            let taken = ResultIndicators.compute(results.filter { $0.semester == semester }, order: [semester]).first?.creditsEnrolled ?? 0
            return taken > 0 ? taken : nil
        }.sorted()
        guard !credits.isEmpty, credits.count * 2 >= members.count else { return nil }
        let middle = credits.count / 2
        return credits.count % 2 == 1 ? credits[middle] : (credits[middle - 1] + credits[middle]) / 2
    }

    /// - Parameter warnings: the subject's warnings, newest first.
    private func evaluate(_ rules: [RiskRule], for subject: Subject, values: [String: Double?], warnings: [Warning]) throws -> [WarningChange] {
        if let expectations {
            for rule in rules { expectations.outcomes[subject, default: [:]][rule.id] = RiskEvaluator.evaluate(rule, values: values) }
            if !expectations.keeping.isEmpty, case .student(let student) = subject {
                expectations.values[student] = values.filter { expectations.keeping.contains($0.key) }
            }
            return []
        }
        return try rules.compactMap { rule in
            let active = warnings.first { $0.rule == rule.id && $0.status.isActive }
            return try apply(RiskEvaluator.evaluate(rule, values: values), rule: rule, subject: subject, active: active,
                             last: warnings.first { $0.rule == rule.id })
        }
    }

    private func apply(_ outcome: RiskEvaluator.Outcome, rule: RiskRule, subject: Subject, active: Warning?, last: Warning?) throws -> WarningChange? {
        func change(_ id: Int64, _ level: WarningLevel, _ what: String, _ evidence: String) -> WarningChange {
            WarningChange(warning: id, student: subject.code, rule: rule.id, ruleName: rule.name, category: rule.category,
                          level: level, change: what, evidence: evidence)
        }
        if let active, active.isNoData {
            // A no-data warning of an earlier version: missing data is told to whoever records it
            // (czk due, the class card), never as a warning on a student.
            try session.updateWarning(active.id, level: active.level, status: .closed, evidence: active.evidence, condition: active.condition)
            try session.appendWarningEvent(active.id, .init(kind: "closed", level: active.level,
                                                            detail: "缺少数据不再作为预警，改为提醒录入的老师（czk due）", by: by, at: clock.now()))
            let closed = change(active.id, active.level, "消除", active.evidence)
            guard case .raised(let level, let evidence, let condition) = outcome else { return closed }
            return try raise(level, evidence, condition, rule: rule, subject: subject, active: nil, last: try session.warning(active.id))
        }
        switch outcome {
        case .clear:
            guard let active else { return nil }
            try session.updateWarning(active.id, level: active.level, status: .closed, evidence: active.evidence, condition: active.condition)
            try session.appendWarningEvent(active.id, .init(kind: "closed", level: active.level, detail: "条件不再成立", by: by, at: clock.now()))
            try session.tell(.resolved, warning: active.id, rule: rule.id, category: rule.category, level: active.level, subject: subject,
                             at: clock.now())
            return change(active.id, active.level, "消除", active.evidence)
        case .raised(let level, let evidence, let condition):
            return try raise(level, evidence, condition, rule: rule, subject: subject, active: active, last: last)
        case .undetermined:
            // No data to say yes or no: a warning already open stays open, none is opened.
            return nil
        }
    }

    private func raise(
        _ level: WarningLevel, _ evidence: String, _ condition: String, rule: RiskRule, subject: Subject,
        active: Warning?, last: Warning?
    ) throws -> WarningChange? {
        var now: String { clock.now() }
        func change(_ id: Int64, _ what: String) -> WarningChange {
            WarningChange(warning: id, student: subject.code, rule: rule.id, ruleName: rule.name, category: rule.category,
                          level: level, change: what, evidence: evidence)
        }
        if let active {
            guard level > active.level || evidence != active.evidence else { return nil }
            try session.updateWarning(active.id, level: max(level, active.level), status: active.status, evidence: evidence,
                                      condition: level > active.level ? condition : active.condition)
            guard level > active.level else { return nil }
            try session.appendWarningEvent(active.id, .init(kind: "escalated", level: level,
                                                            detail: "\(active.level.rawValue) → \(level.rawValue)：\(evidence)", by: by, at: now))
            try session.tell(.escalated, warning: active.id, rule: rule.id, category: rule.category, level: level, subject: subject, at: now)
            return change(active.id, "升级")
        }
        let id = try session.openWarning(
            subject, rule: rule.id, category: rule.category, level: level, episode: (last?.episode ?? 0) + 1, previous: last?.id,
            on: clock.today(), evidence: evidence, condition: condition, isNoData: false)
        try session.appendWarningEvent(id, .init(kind: "opened", level: level, detail: evidence, by: by, at: now))
        try session.tell(.opened, warning: id, rule: rule.id, category: rule.category, level: level, subject: subject, at: now)
        return change(id, last == nil || last?.isNoData == true ? "新预警" : "再次预警")
    }
}
