import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Works out a student's risk indicators (``RiskIndicators``) for a semester from the evidence
/// read for their group (``RiskEvidence``).
struct RiskIndicatorReader {
    let calendar: SchoolCalendar

    /// - Parameters:
    ///   - upTo: the semesters up to `semester` (the evidence's semesters).
    ///   - classCredits: the median of the credits taken this semester by the members of the
    ///     student's class who have results; nil when none has.
    func values(
        of student: StudentID, cohort: Cohort, evidence all: RiskEvidence, in semester: Semester, upTo: [SemesterID], today: LocalDate,
        classCredits: Double? = nil
    ) -> [String: Double?] {
        let evidence = all.records.evidence(of: student)
        let results = all.results[student] ?? []
        let groups = all.groups[student] ?? []
        func numbers(_ point: String, _ semester: SemesterID) -> [Double] { evidence.numbers(PointID(rawValue: point), semester) }
        var values: [String: Double?] = Dictionary(uniqueKeysWithValues: RiskIndicators.names.map { ($0, nil) })
        let previous = calendar.semester(before: semester.id)
        // Course results
        let order = upTo.filter { id in results.contains { $0.semester == id } }
        let indicators = ResultIndicators.compute(results, order: order)
        let now = indicators.first(where: { $0.semester == semester.id })
        if let now {
            values["failed_credits"] = now.creditsFailed
            values["credits_taken"] = now.creditsEnrolled
            values["share_failed"] = now.shareFailed
            values["courses_taken"] = Double(results.filter { $0.semester == semester.id && $0.sitting == .regular }.count)
            values["courses_passed"] = Double(now.coursesPassed)
            values["mark_average"] = now.weightedAverage
        }
        // Once the class has results this semester, a student with few or none has stopped
        // showing up in the record: that absence is itself the signal (0 when none at all).
        if let classCredits, classCredits > 0 {
            if now == nil { values["credits_taken"] = 0 }
            values["credits_share_of_class"] = ResultIndicators.settled((now?.creditsEnrolled ?? 0) * 100 / classCredits)
        }
        if let last = indicators.last {
            values["cumulative_failed_credits"] = last.cumulativeFailedCredits
            values["cumulative_share_failed"] = last.cumulativeShareFailed
            values["courses_taken_total"] = Double(last.coursesTakenTotal)
        }
        if let previous, let before = indicators.first(where: { $0.semester == previous.id }) {
            values["mark_average_previous"] = before.weightedAverage
        }
        // Records
        let attendance = numbers("academic.full_attendance", semester.id)
        if !attendance.isEmpty {
            values["absence_rate"] = 100 - attendance.reduce(0, +) / Double(attendance.count)
        } else if (semester.teachingWeek(of: today) ?? (today > semester.teachingEnd ? semester.teachingWeeks : 0)) < 3 {
            // Before the third teaching week nobody owes attendance yet: no record is not missing data.
            values["absence_rate"] = 0
        }
        let violations = numbers("personal.violations", semester.id)
        if !violations.isEmpty { values["violations"] = violations.reduce(0, +) }
        let allViolations = upTo.flatMap { numbers("personal.violations", $0) }
        if !allViolations.isEmpty { values["violations_total"] = allViolations.reduce(0, +) }
        values["peer_evaluation"] = numbers("personal.peer_evaluation", semester.id).last
        values["counseling"] = numbers("personal.counseling", semester.id).last ?? 0
        if let previous {
            values["peer_evaluation_previous"] = numbers("personal.peer_evaluation", previous.id).last
            values["counseling_previous"] = numbers("personal.counseling", previous.id).last ?? 0
        }
        values["certificate"] = upTo.flatMap { numbers("career.certificate", $0) }.max() ?? 0
        // The latest psychological screening since enrolment (学年初 普查): its total and its critical item.
        func latest(_ points: String...) -> Double? {
            for id in upTo.reversed() {
                for point in points { if let value = numbers(point, id).last { return value } }
            }
            return nil
        }
        values["psych_screening"] = latest("personal.psych_screening")
        values["psych_critical"] = latest("personal.psych_critical_item")
        values["internship_mark"] = latest("career.onjob_internship", "career.shadow_internship")
        values["graduating"] = semester.academicYear == cohort.graduationAcademicYear ? 1 : 0
        // The register
        values["fees_owed"] = groups.contains("学费欠缴") ? 1 : 0
        values["hardship"] = groups.contains("经济困难") ? 1 : 0
        values["aided"] = groups.contains("已获资助") ? 1 : 0
        values["psych_watch"] = groups.contains("心理关注") ? 1 : 0
        values["job_difficulty"] = groups.contains("就业困难") ? 1 : 0
        return values
    }
}
