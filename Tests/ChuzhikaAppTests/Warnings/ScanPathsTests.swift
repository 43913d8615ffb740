@testable import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSeeding
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// A scan reads the whole college's evidence in one pass; a write re-evaluates the students it
/// touched, a chunk of ``EvidenceSession/evidenceChunk`` at a time. Both must come to the same warnings.
@Suite struct ScanPathsTests {
    @Test("逐批重评（写入时）与全校扫描得出同样的预警")
    func aWritesReevaluationAndAFullScanAgree() throws {
        // 520 students: the write's re-evaluation reads them in two chunks.
        let roster = SchoolGenerator.roster(students: TestStores.evidenceChunk + 20)
        let draft = DemoCalendar.make(firstYear: 2024, today: LocalDate("2026-12-01")!)
        let today = try #require(draft.semester(containing: LocalDate("2026-12-01")!)).teachingEnd.adding(days: 4)
        func school() throws -> CardApp {
            let app = CardApp(database: try TestStores.fresh(), clock: .fixed(today))
            try app.loadSchool(SchoolSeed(name: "cohort", roster: roster, calendar: draft), rules: Repository.shippedRules(), kind: "cohort")
            return app
        }
        let cohort = RiskCohort(roster: roster, calendar: draft, today: today)
        // One school: records, results and register, then one scan of everyone.
        let scanned = try school()
        _ = try scanned.loadRiskCohort(cohort)
        // The other: results and register (and a scan with no records), then the records as a
        // write that re-evaluates each student it touched.
        let written = try school()
        _ = try written.loadRiskCohort(RiskCohort(roster: roster, calendar: draft, today: today, withRecords: false))
        let summary = try written.importRecords(cohort.drafts, reevaluate: true)
        #expect(summary.subjects > TestStores.evidenceChunk)

        func active(_ app: CardApp) throws -> [String] {
            try app.database.read { try $0.allWarnings(activeOnly: true) }
                .map { "\($0.warning.subject.code) \($0.warning.rule) \($0.warning.level.rawValue) \($0.warning.evidence)" }.sorted()
        }
        let fromScan = try active(scanned)
        #expect(fromScan.count > 50, "the cohort raises warnings in every category")
        #expect(try active(written) == fromScan)
        #expect(try written.scanRisks(by: written.principal("A001")).isEmpty, "a scan after the write changes nothing")
    }
}
