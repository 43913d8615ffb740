import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Finds the missing data the risk rules wait for (``MissingData``): for each rule whose
/// `missing` is `notice`, the class's members whose indicator has no data this semester, told
/// per class and source point.
struct MissingDataFinder {
    let session: CardSession
    let calendar: SchoolCalendar
    let book: RuleBook
    let today: LocalDate

    /// The point each indicator is read from, for the indicators a rule may say is missing.
    static let sourcePoints: [String: PointID] = [
        "absence_rate": "academic.full_attendance", "violations": "personal.violations", "violations_total": "personal.violations",
        "peer_evaluation": "personal.peer_evaluation", "counseling": "personal.counseling", "certificate": "career.certificate",
        "psych_screening": "personal.psych_screening", "psych_critical": "personal.psych_critical_item",
        "internship_mark": "career.onjob_internship",
    ].mapValues(PointID.init(rawValue:))

    /// - Parameter classes: the classes to look at (nil: every class).
    func items(in classes: [SchoolClass]?) throws -> [MissingData] {
        let rules = book.risks.filter { $0.scope == .individual && $0.missing == .notice }
        guard !rules.isEmpty, let semester = calendar.semester(containing: today) else { return [] }
        let classes = try classes ?? session.classes()
        let upTo = calendar.semesters.filter { $0.start <= semester.start }.map(\.id)
        let points = Array(Set(rules.flatMap { $0.indicators.compactMap { Self.sourcePoints[$0] } })).sorted()
        let reader = RiskIndicatorReader(calendar: calendar)
        let assignments = try session.allAssignments()
        var items: [MissingData] = []
        for schoolClass in classes.sorted(by: { $0.id < $1.id }) {
            let members = try session.students(in: schoolClass.id, on: today).map(\.id)
            guard !members.isEmpty else { continue }
            let evidence = try RiskEvidence(session: session, semesters: upTo, students: members, points: points, register: false)
            // point → (rules waiting, members missing it)
            var missing: [PointID: (rules: Set<String>, students: Set<StudentID>)] = [:]
            for student in members {
                let values = reader.values(of: student, cohort: schoolClass.cohort, evidence: evidence, in: semester, upTo: upTo, today: today)
                for rule in rules {
                    guard case .undetermined(let names) = RiskEvaluator.evaluate(rule, values: values) else { continue }
                    for point in names.compactMap({ Self.sourcePoints[$0] }) {
                        missing[point, default: ([], [])].rules.insert(rule.id)
                        missing[point, default: ([], [])].students.insert(student)
                    }
                }
            }
            let department = try session.department(ofMajor: schoolClass.major)
            for (point, gap) in missing.sorted(by: { $0.key < $1.key }) {
                let owners = book[point]?.owners ?? []
                let holders = assignments.filter { owners.contains($0.role) && $0.covers(schoolClass, department: department) }
                let people = try holders.map(\.staff).reduce(into: [StaffID]()) { if !$0.contains($1) { $0.append($1) } }
                    .compactMap { try session.staff($0) }
                let waiting = rules.filter { gap.rules.contains($0.id) }
                items.append(MissingData(
                    schoolClass: schoolClass.id.rawValue, className: schoolClass.name, pointID: point.rawValue,
                    pointName: book[point]?.name ?? point.rawValue, semester: semester.id.rawValue,
                    roles: owners.map(\.rawValue), staff: people.map(\.id.rawValue), staffNames: people.map(\.name),
                    rules: waiting.map(\.id), ruleNames: waiting.map(\.name), students: gap.students.count, members: members.count))
            }
        }
        return items
    }
}
