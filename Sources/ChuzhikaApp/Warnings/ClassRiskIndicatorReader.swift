import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Works out a class's risk indicators (``RiskIndicators/classCatalogue``) for a semester from
/// its current members and the evidence read for them (``RiskEvidence``).
struct ClassRiskIndicatorReader {
    func values(members: [StudentID], evidence: RiskEvidence, in semester: SemesterID) -> [String: Double?] {
        var values: [String: Double?] = Dictionary(uniqueKeysWithValues: RiskIndicators.names(for: .class).map { ($0, nil) })
        values["class_size"] = Double(members.count)
        // 违纪学生比率: members with a violation among members the 学工办 recorded this semester.
        let violations = members.map { evidence.records.evidence(of: $0).numbers(PointID(rawValue: "personal.violations"), semester) }
            .filter { !$0.isEmpty }
        if !violations.isEmpty {
            let with = violations.filter { $0.reduce(0, +) > 0 }.count
            values["violation_student_rate"] = Double(with) * 100 / Double(violations.count)
        }
        // 学业未合格比率: members still failing a course this semester, among members with results.
        let results = members.map { (evidence.results[$0] ?? []).filter { $0.semester == semester } }.filter { !$0.isEmpty }
        let failing = results.filter { ResultIndicators.compute($0, order: [semester]).first.map { $0.creditsFailed > 0 } ?? false }.count
        if !results.isEmpty { values["fail_student_rate"] = Double(failing) * 100 / Double(results.count) }
        return values
    }
}
