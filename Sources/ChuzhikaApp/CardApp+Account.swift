import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

extension CardApp {
    /// A student's card for one semester (default: the latest semester with points, else the current one).
    public func account(of code: String, semester: String? = nil, recent limit: Int = 12) throws -> AccountReport {
        let books = try ruleBooks()
        let book = books.latest
        let calendar = try calendar()
        return try database.read { session in
            guard let student = try session.student(StudentID(rawValue: code)) else {
                if try session.schoolClass(ClassID(rawValue: code)) != nil { throw AppError.classNotStudent(code) }
                throw AppError.unknownSubject(code)
            }
            guard let schoolClass = try session.schoolClass(student.schoolClass) else {
                throw AppError.unknownClass(student.schoolClass.rawValue)
            }
            let subject = Subject.student(student.id)
            let totals = try session.domainTotals(subject)
            let chosen = try chooseSemester(semester, totals: totals, calendar: calendar)
            let ordered = calendar.semesters.map(\.id).filter { totals[$0] != nil || $0 == chosen.id }
            let balance = Balance(books: books, totals: totals)
            let previous = calendar.semester(before: chosen.id).map(\.id).flatMap { totals[$0] == nil ? nil : $0 }
            let domains = Domain.allCases.map { domain in
                let raw = totals[chosen.id]?[domain] ?? .zero
                let capped = balance.capped(raw, domain, in: chosen.id)
                return AccountReport.DomainLine(
                    domain: domain, name: domain.chineseName, semester: capped, uncapped: capped == raw ? nil : raw,
                    valueAdded: previous.map { capped - balance.subtotal($0, domain) },
                    sinceEnrolment: ordered.reduce(.zero) { $0 + balance.subtotal($1, domain) },
                    bySemester: ordered.map { balance.subtotal($0, domain) })
            }
            // Points in domain order, then as the rule files list them.
            let order = Dictionary(uniqueKeysWithValues: book.points.enumerated().map { index, point in
                (point.id, (Domain.allCases.firstIndex(of: point.domain) ?? 0) * book.points.count + index)
            })
            // Sensitive points (心理辅导频次) never appear on the card: only counselors see them.
            let pointLines = try session.pointTotals(subject, semester: chosen.id)
                .filter { book[$0.key]?.isSensitive != true }
                .sorted { (order[$0.key] ?? Int.max, $0.key.rawValue) < (order[$1.key] ?? Int.max, $1.key.rawValue) }
                .map { id, points in
                    AccountReport.PointLine(id: id.rawValue, name: book[id]?.name ?? id.rawValue,
                                            domain: book[id]?.domain ?? .academic, points: points)
                }
            let recent = try session.recentRecords(subject, limit: limit * 2)
                .filter { book[$0.record.point]?.isSensitive != true }.prefix(limit)
            let credited = try session.creditedPoints(records: recent.compactMap(\.record.id))
            let entries = recent.map { record, staffName in
                entryLine(record, staffName: staffName, book: book, calendar: calendar, cohort: schoolClass.cohort,
                          credited: record.id.flatMap { credited[$0] })
            }
            return AccountReport(
                studentID: student.id.rawValue, name: student.name, classID: schoolClass.id.rawValue,
                className: schoolClass.name, semester: chosen.id.rawValue, semesterName: chosen.chineseName,
                semesters: ordered.map(\.rawValue), domains: domains,
                semesterTotal: balance.total(chosen.id),
                totalValueAdded: previous.map { balance.total(chosen.id) - balance.total($0) },
                totalSinceEnrolment: ordered.reduce(.zero) { $0 + balance.total($1) },
                points: pointLines, recent: entries)
        }
    }

    func chooseSemester(_ text: String?, totals: [SemesterID: [Domain: Points]], calendar: SchoolCalendar) throws -> Semester {
        if let text {
            guard let semester = calendar.semester(SemesterID(rawValue: text)) else { throw AppError.unknownSemester(text) }
            return semester
        }
        if let current = calendar.semester(containing: clock.today()), totals[current.id] != nil { return current }
        if let latest = calendar.semesters.last(where: { totals[$0.id] != nil }) { return latest }
        if let current = calendar.semester(containing: clock.today()) { return current }
        guard let last = calendar.semesters.last else { throw AppError.unknownSemester("（校历为空）") }
        return last
    }

    private func entryLine(
        _ record: ScoreRecord, staffName: String, book: RuleBook, calendar: SchoolCalendar, cohort: Cohort,
        credited: Points?
    ) -> AccountReport.EntryLine {
        let point = book[record.point]
        let label = point.flatMap {
            try? calendar.period(for: $0.timing, on: record.date, session: record.session, cohort: cohort).label
        } ?? record.periodKey
        let perRecord = point.map { !$0.scoring.aggregatesPeriod && $0.isScored } ?? false
        return AccountReport.EntryLine(
            date: record.date, pointID: record.point.rawValue, pointName: point?.name ?? record.point.rawValue,
            domain: point?.domain, period: label, value: record.value.text + (point?.value.kind == .rate ? "%" : ""),
            points: perRecord ? (credited ?? .zero) : nil, recordedBy: staffName, isCorrection: record.supersedes != nil)
    }
}

/// Applies the domain caps and weights of each semester's rules to raw ledger sums.
struct Balance {
    let books: RuleBooks
    let totals: [SemesterID: [Domain: Points]]

    func capped(_ raw: Points, _ domain: Domain, in semester: SemesterID) -> Points {
        guard let cap = books.book(for: semester).settings(for: domain).semesterCap else { return raw }
        return min(raw, cap)
    }

    /// 科目小计 of a semester, capped.
    func subtotal(_ semester: SemesterID, _ domain: Domain) -> Points {
        capped(totals[semester]?[domain] ?? .zero, domain, in: semester)
    }

    /// 总分汇总 of a semester: Σ weight × capped subtotal.
    func total(_ semester: SemesterID) -> Points {
        let book = books.book(for: semester)
        return Domain.allCases.reduce(.zero) { sum, domain in
            sum + Points(subtotal(semester, domain).value * book.settings(for: domain).weight)
        }
    }
}
