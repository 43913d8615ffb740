import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSeeding
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// The shipped risk rules on a labelled cohort: they flag the students built to be at risk in
/// each category and leave alone those built to come close without being at risk.
/// (ScoringRules/risks-quality.md gives the same measure on a larger cohort.)
@Suite struct RiskQualityTests {
    static func measure(students: Int) throws -> [RiskCohort.Quality] {
        let roster = SchoolGenerator.roster(students: students)
        // Just after the teaching weeks of the first semester of 2026-2027: the 2024 cohort is
        // graduating, semester-end points are in.
        let draft = DemoCalendar.make(firstYear: 2024, today: LocalDate("2026-12-01")!)
        let today = try #require(draft.semester(containing: LocalDate("2026-12-01")!)).teachingEnd.adding(days: 4)
        let app = CardApp(database: try TestStores.fresh(), clock: .fixed(today))
        try app.loadSchool(SchoolSeed(name: "cohort", roster: roster, calendar: draft), rules: Repository.shippedRules(), kind: "cohort")
        return try app.loadRiskCohort(RiskCohort(roster: roster, calendar: draft, today: today))
    }

    @Test("默认规则找出每类风险学生，不误报接近阈值的学生")
    func theDefaultRulesFindTheStudentsBuiltToBeAtRisk() throws {
        let quality = try Self.measure(students: 400)
        #expect(quality.map(\.category) == ["学业", "心理", "就业", "违纪", "理财"])
        for q in quality {
            #expect(q.atRisk >= 5, "\(q.category): the cohort has at-risk students")
            #expect(q.nearMiss >= 5, "\(q.category): and near misses")
            #expect(q.recall >= 0.85, "\(q.category) recall \(q.recall)")
            #expect(q.nearMissRate <= 0.15, "\(q.category) near misses flagged \(q.nearMissRate)")
            #expect(q.falseAlarmRate <= 0.05, "\(q.category) false alarms \(q.falseAlarmRate)")
            #expect(q.precision >= 0.8, "\(q.category) precision \(q.precision)")
        }
    }
}
