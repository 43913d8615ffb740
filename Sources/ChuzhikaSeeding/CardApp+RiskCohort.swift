import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore

extension CardApp {
    /// Writes a labelled risk cohort into this school (generated schools only): its records
    /// through the same checks as a teacher's input, its course results and register, then one
    /// scan. Returns the quality of the shipped rules on it, per category.
    ///
    /// A cohort made `withRecords: false` adds only its course results and register.
    public func loadRiskCohort(_ cohort: RiskCohort, by source: String = "cohort") throws -> [RiskCohort.Quality] {
        if !cohort.drafts.isEmpty { _ = try importRecords(cohort.drafts, reevaluate: false) }
        let books = try ruleBooks()
        let calendar = try calendar()
        try database.write { session in
            let pipeline = pipeline(session, books: books, calendar: calendar, by: source)
            for result in cohort.results {
                try session.insert(result, by: source, at: clock.now(), source: source)
            }
            for entry in cohort.register {
                try session.appendGroupEvent(entry.student, group: entry.group, isAdd: entry.adding, reason: entry.reason, on: entry.day,
                                             by: source, at: clock.now())
            }
            _ = try pipeline.finish(audit: nil, reevaluateAll: true)
        }
        let warnings = try database.read { try $0.allWarnings(activeOnly: true).map(\.warning) }
        return cohort.measure(warnings)
    }
}
