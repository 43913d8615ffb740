import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Reads students' risk indicators (``RiskIndicators``) for a semester from the store: the
/// records, results and register of a whole group of students in three queries, so that a scan
/// of the college costs a few passes over the tables, not a dozen queries per student.
struct RiskIndicatorReader {
    let session: CardSession
    let calendar: SchoolCalendar

    /// The points whose records the indicators weigh.
    static let points = [
        "academic.full_attendance", "personal.violations", "personal.peer_evaluation", "personal.counseling",
        "career.certificate", "personal.psych_screening", "personal.psych_critical_item", "career.onjob_internship",
        "career.shadow_internship",
    ].map(PointID.init(rawValue:))

    /// Each student's indicators, for `students` with their cohorts.
    ///
    /// - Parameter everyone: the students are the whole college: read every student's evidence
    ///   in one pass instead of naming them.
    func values(
        for students: [(student: Student, cohort: Cohort)], everyone: Bool = false, in semester: Semester, today: LocalDate
    ) throws -> [StudentID: [String: Double?]] {
        let codes = everyone ? nil : students.map(\.student.id)
        let upTo = calendar.semesters.filter { $0.start <= semester.start }.map(\.id)
        let evidence = try session.liveValues(points: Self.points, semesters: upTo, students: codes)
        let results = Dictionary(grouping: try session.results(ofStudents: codes), by: \.student)
        let groups = Dictionary(grouping: try session.groupStandings(students: codes), by: \.student)
        var values: [StudentID: [String: Double?]] = [:]
        for (student, cohort) in students {
            values[student.id] = indicators(
                of: student.id, cohort: cohort, in: semester, upTo: upTo, today: today,
                numbers: { point, id in evidence.numbers(student.id, PointID(rawValue: point), id) },
                results: results[student.id] ?? [], groups: Set((groups[student.id] ?? []).map(\.group)))
        }
        return values
    }

    /// One student's indicators from their evidence.
    private func indicators(
        of student: StudentID, cohort: Cohort, in semester: Semester, upTo: [SemesterID], today: LocalDate,
        numbers: (String, SemesterID) -> [Double], results: [CourseResult], groups: Set<String>
    ) -> [String: Double?] {
        var values: [String: Double?] = Dictionary(uniqueKeysWithValues: RiskIndicators.names.map { ($0, nil) })
        let previous = calendar.semester(before: semester.id)
        // Course results
        let order = upTo.filter { id in results.contains { $0.semester == id } }
        let indicators = ResultIndicators.compute(results, order: order)
        if let now = indicators.first(where: { $0.semester == semester.id }) {
            values["failed_credits"] = now.creditsFailed
            values["share_failed"] = now.shareFailed
            values["courses_taken"] = Double(results.filter { $0.semester == semester.id && $0.sitting == .regular }.count)
            values["courses_passed"] = Double(now.coursesPassed)
            values["mark_average"] = now.weightedAverage
        }
        if let last = indicators.last { values["cumulative_failed_credits"] = last.cumulativeFailedCredits }
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
