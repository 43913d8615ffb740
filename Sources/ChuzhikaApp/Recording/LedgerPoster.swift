import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Brings the ledger of one subject, point and semester in line with its live records.
///
/// For each credit key whose balance differs from what the rules say it should hold, the
/// old amount is reversed and the new one credited. Nothing is updated or deleted.
struct LedgerPoster {
    let session: CardSession
    let books: RuleBooks
    let calendar: SchoolCalendar
    let clock: Clock
    /// When set, what the credits were on this day: only records dated up to it count, and a
    /// class's periods that had begun by it (增值 compared like for like). Posting never sets it.
    var asOf: LocalDate? = nil
    /// When set, entries are kept here and appended together at the end of the write (one
    /// multi-row statement per few hundred entries) instead of one statement per post.
    var pending: PendingLedger? = nil
    /// When set, balances and values of the subjects it read come from it (see ``PostingPrefetch``).
    var prefetch: PostingPrefetch? = nil
    /// The classes and the roster's moves that derived class points were scored with, read once
    /// for the poster, not once for each of the dozen derived points of each class a write touches.
    let classLookups = ClassLookups()

    final class ClassLookups {
        var classes: [ClassID: SchoolClass?] = [:]
        var scorers: [LocalDate: ClassScorer] = [:]
    }

    /// What one post appended.
    struct Posted {
        var change: Points
        var entries: Int
    }

    /// The points ``posting(_:for:semester:reason:by:)`` reads when it posts `points`: each one,
    /// the 增值 points computed from it, and the source of a 增值 point (what a write's prefetch
    /// reads). A rule's formula that names yet another point has it read when asked.
    static func pointsRead(posting points: Set<PointID>, books: RuleBooks) -> Set<PointID> {
        var read = points
        for book in books.books {
            for point in book.points {
                if let source = point.valueAddedOf, points.contains(source) || points.contains(point.id) {
                    read.insert(point.id)
                    read.insert(source)
                }
            }
        }
        return read
    }

    /// Posts a point and the 增值 points computed from it (this semester's and the next one's),
    /// saying what changed and how many entries it took.
    func posting(
        _ pointID: PointID, for subject: Subject, semester: SemesterID, reason: String, by staff: StaffID?
    ) throws -> Posted {
        var posted = try postOne(pointID, for: subject, semester: semester, reason: reason, by: staff)
        let next = calendar.semesters.drop { $0.id != semester }.dropFirst().first?.id
        for target in [semester] + (next.map { [$0] } ?? []) {
            for dependent in books.book(for: target).points where dependent.valueAddedOf == pointID {
                let more = try postOne(dependent.id, for: subject, semester: target, reason: reason, by: staff)
                posted.entries += more.entries
                if target == semester { posted.change = posted.change + more.change }
            }
        }
        return posted
    }

    private func postOne(
        _ pointID: PointID, for subject: Subject, semester: SemesterID, reason: String, by staff: StaffID?
    ) throws -> Posted {
        let book = books.book(for: semester)
        let expected = try credits(pointID, for: subject, semester: semester, book: book)
        var balances = try prefetch?.balances(subject, pointID, semester: semester)
            ?? session.balances(subject, pointID, semester: semester)
        if let pending { balances = pending.balances(balances, subject, pointID, semester) }
        let domain = book[pointID]?.domain ?? books.latest[pointID]?.domain ?? .academic
        var entries: [LedgerEntry] = []
        var change = Points.zero
        for key in Set(expected.keys).union(balances.keys).sorted() {
            let current = balances[key] ?? .zero
            let target = expected[key]?.points ?? .zero
            guard current != target else { continue }
            let record = expected[key]?.record ?? key.recordID
            func entry(_ points: Points, _ kind: LedgerEntry.Kind) -> LedgerEntry {
                LedgerEntry(subject: subject, point: pointID, domain: domain, semester: semester, key: key,
                            points: points, kind: kind, record: record, ruleVersion: book.version, reason: reason,
                            createdBy: staff)
            }
            if current != .zero { entries.append(entry(-current, .reversal)) }
            if target != .zero { entries.append(entry(target, .credit)) }
            change = change + target - current
        }
        if let pending { pending.add(entries) } else { try session.append(entries, at: clock.now()) }
        return Posted(change: change, entries: entries.count)
    }

    /// What each credit key should hold under the semester's rules. A point the rules no longer
    /// hold earns nothing, so its old credits are reversed.
    private func credits(
        _ pointID: PointID, for subject: Subject, semester: SemesterID, book: RuleBook
    ) throws -> [String: Credit] {
        guard let point = book[pointID] else { return [:] }
        if case .schoolClass(let classID) = subject, case .derived? = point.classSource {
            return try derivedClassCredits(point, of: classID, semester: semester, book: book)
        }
        let records = try values(subject, pointID, semester: semester).map { (id: $0.0, value: $0.1) }
        if records.isEmpty, let source = point.valueAddedOf {
            return try valueAdded(point, of: source, for: subject, semester: semester, book: book)
        }
        let (credits, problems) = Scorer.credits(for: point, values: records, semester: semester) { other in
            try? indicator(other, for: subject, semester: semester, book: book)
        }
        if let problem = problems.first {
            throw AppError.scoringFailed(point: point.name, message: problem.error.localizedDescription)
        }
        return Dictionary(uniqueKeysWithValues: credits.map { ($0.key, $0) })
    }

    /// A class point derived from its members' records (a recorded value overrides a period), as
    /// the class card scores it, held under one semester key — so that class totals and ranks are
    /// read from the ledger, like students', instead of re-scored for every class on each read.
    private func derivedClassCredits(
        _ point: ScoringPoint, of classID: ClassID, semester: SemesterID, book: RuleBook
    ) throws -> [String: Credit] {
        if classLookups.classes[classID] == nil { classLookups.classes[classID] = try session.schoolClass(classID) }
        guard let schoolClass = classLookups.classes[classID] ?? nil, let term = calendar.semester(semester) else { return [:] }
        let today = asOf ?? clock.today()
        let scorer = try classLookups.scorers[today] ?? ClassScorer(session: session, calendar: calendar, today: today)
        classLookups.scorers[today] = scorer
        guard let points = try scorer.line(point, schoolClass, term, book).points, points != .zero else { return [:] }
        let key = "c:\(semester.rawValue)"
        return [key: Credit(key: key, points: points, record: nil)]
    }

    /// A 增值 point's credit: its source indicator this semester minus the previous semester's.
    private func valueAdded(
        _ point: ScoringPoint, of source: PointID, for subject: Subject, semester: SemesterID, book: RuleBook
    ) throws -> [String: Credit] {
        guard let previous = calendar.semester(before: semester),
            let now = try indicator(source, for: subject, semester: semester, book: book),
            let before = try indicator(source, for: subject, semester: previous.id, book: books.book(for: previous.id))
        else { return [:] }
        let gain = min(max(now - before, point.value.minimum), point.value.maximum)
        do {
            let amount = try Scorer.points(for: RecordValue(number: gain), by: point)
            return ["g:\(semester.rawValue)": Credit(key: "g:\(semester.rawValue)", points: Points(amount), record: nil)]
        } catch {
            throw AppError.scoringFailed(point: point.name, message: error.localizedDescription)
        }
    }

    /// A subject's indicator of a point in a semester: the mean of its values (sum for counts).
    private func indicator(_ id: PointID, for subject: Subject, semester: SemesterID, book: RuleBook) throws -> Double? {
        guard let point = book[id] else { return nil }
        let values = try values(subject, id, semester: semester).map(\.1)
        return values.isEmpty ? nil : Indicator.value(of: values, kind: point.value.kind)
    }

    /// The live values of a subject's point in a semester (those dated up to ``asOf`` when set).
    private func values(_ subject: Subject, _ id: PointID, semester: SemesterID) throws -> [(RecordID, RecordValue)] {
        if let found = prefetch?.values(subject, id, semester: semester, asOf: asOf) { return found }
        guard let asOf else { return try session.liveValues(subject, id, semester: semester) }
        return try session.liveRecords(subject, id, semester: semester).filter { $0.date <= asOf }.compactMap { record in
            record.id.map { ($0, record.value) }
        }
    }

    /// What the rules make of a subject's records in one semester, per domain, uncapped: the
    /// balances posting would leave (as of ``asOf`` when set), without appending anything.
    func domainTotals(_ subject: Subject, semester: SemesterID) throws -> [Domain: Points] {
        let book = books.book(for: semester)
        var totals: [Domain: Points] = [:]
        for point in book.points where point.scope == subject.scope {
            let credits = try credits(point.id, for: subject, semester: semester, book: book)
            guard !credits.isEmpty else { continue }
            totals[point.domain, default: .zero] = totals[point.domain, default: .zero]
                + credits.values.reduce(.zero) { $0 + $1.points }
        }
        return totals
    }
}

extension String {
    /// The record id inside a `r:<id>` credit key.
    var recordID: RecordID? {
        guard hasPrefix("r:"), let id = Int64(dropFirst(2)) else { return nil }
        return RecordID(rawValue: id)
    }
}
