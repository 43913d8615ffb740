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
        let results = Dictionary(grouping: try session.results(ofClass: schoolClass, semester: semester), by: \.student)
            .filter { current.contains($0.key) }
        let withResults = results.count
        let failing = results.values.filter { ResultIndicators.compute($0, order: [semester]).first.map { $0.creditsFailed > 0 } ?? false }.count
        if withResults > 0 { values["fail_student_rate"] = Double(failing) * 100 / Double(withResults) }
        return values
    }
}
