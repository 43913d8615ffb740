import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// 增值 compared like for like, one rule for students and classes: this semester as it stands
/// against the previous semester as it stood the same number of days into its teaching (同期),
/// scored from the records of that semester dated up to that day, by the same poster as the
/// ledger. Once this semester has ended, whole semester against whole semester.
struct ValueAddedComparison {
    /// The semester compared with.
    let previous: SemesterID
    /// The last day of the previous semester that the comparison counts (its end, once the
    /// chosen semester has ended).
    let asOf: LocalDate
    /// The previous semester's balances as of `asOf`: its subtotals and total, capped as the card's.
    let balance: Balance

    /// The comparison for a subject's `chosen` semester on `today`; nil when there is no previous
    /// semester or it holds nothing for the subject (no 增值 until there is something to compare).
    ///
    /// - Parameter totals: the subject's ledger totals per semester, as read for its card.
    static func make(
        _ subject: Subject, chosen: Semester, totals: [SemesterID: [Domain: Points]], today: LocalDate,
        session: CardSession, books: RuleBooks, calendar: SchoolCalendar, clock: Clock
    ) throws -> ValueAddedComparison? {
        guard let previous = calendar.semester(before: chosen.id), totals[previous.id] != nil else { return nil }
        let asOf = cutoff(chosen: chosen, previous: previous, today: today)
        guard asOf < previous.end else {
            return ValueAddedComparison(previous: previous.id, asOf: previous.end, balance: Balance(books: books, totals: totals))
        }
        var poster = LedgerPoster(session: session, books: books, calendar: calendar, clock: clock, asOf: asOf)
        // Every point's records of that semester in one read, not one read per point.
        poster.prefetch = try PostingPrefetch(session, subjects: [subject], semesters: [previous.id])
        let then = try poster.domainTotals(subject, semester: previous.id)
        return ValueAddedComparison(previous: previous.id, asOf: asOf, balance: Balance(books: books, totals: [previous.id: then]))
    }

    /// The day of `previous` as far into its teaching as `today` is into `chosen`'s (its end at most).
    static func cutoff(chosen: Semester, previous: Semester, today: LocalDate) -> LocalDate {
        guard today <= chosen.end else { return previous.end }
        let elapsed = today.dayNumber - chosen.teachingStart.dayNumber
        return min(previous.end, previous.teachingStart.adding(days: elapsed))
    }

    func subtotal(_ domain: Domain) -> Points { balance.subtotal(previous, domain) }
    var total: Points { balance.total(previous) }
}
