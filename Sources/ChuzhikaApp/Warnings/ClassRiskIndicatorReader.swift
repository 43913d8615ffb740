import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Reads one class's risk indicators (``RiskIndicators/classCatalogue``) for a semester.
struct ClassRiskIndicatorReader {
    let session: CardSession

    func values(for schoolClass: ClassID, in semester: SemesterID, today: LocalDate) throws -> [String: Double?] {
        var values: [String: Double?] = Dictionary(uniqueKeysWithValues: RiskIndicators.names(for: .class).map { ($0, nil) })
        let members = try session.students(in: schoolClass, on: today)
        values["class_size"] = Double(members.count)
        let current = Set(members.map(\.id))
        // 违纪学生比率: members with a violation among members the 学工办 recorded this semester.
        let violations = Dictionary(grouping: try session.memberValues(of: schoolClass, PointID(rawValue: "personal.violations"), semester: semester)
            .filter { current.contains($0.student) }, by: \.student)
        if !violations.isEmpty {
            let with = violations.values.filter { $0.reduce(0) { $0 + $1.value.number } > 0 }.count
            values["violation_student_rate"] = Double(with) * 100 / Double(violations.count)
        }
        // 学业未合格比率: members still failing a course this semester, among members with results.
        var withResults = 0
        var failing = 0
        for member in members {
            let results = try session.results(of: member.id).filter { $0.semester == semester }
            guard !results.isEmpty else { continue }
            withResults += 1
            if let now = ResultIndicators.compute(results, order: [semester]).first, now.creditsFailed > 0 { failing += 1 }
        }
        if withResults > 0 { values["fail_student_rate"] = Double(failing) * 100 / Double(withResults) }
        return values
    }
}
