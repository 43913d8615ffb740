import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

extension CardApp {
    /// A class's card for one semester (default: the latest semester that has begun), with its
    /// rank among the classes of its cohort and its 增值 over the previous semester.
    ///
    /// Staff whose assignments reach the class and the admin may read it; students may not.
    public func classCard(_ code: String, by principal: Principal, semester: String? = nil) throws -> ClassReport {
        try refusalsAudited(principal, "class", subject: code) {
            guard principal.student == nil else { throw AppError.forbidden(AccessPolicy.Refusal.studentsNoClassCard) }
            return try classCard(code, principal: principal, semester: semester)
        }
    }

    private func classCard(_ code: String, principal: Principal, semester: String?) throws -> ClassReport {
        let books = try ruleBooks()
        let calendar = try calendar()
        let today = clock.today()
        return try database.read { session in
            guard let schoolClass = try session.schoolClass(ClassID(rawValue: code)) else { throw AppError.unknownClass(code) }
            guard AccessPolicy.mayReadClass(principal, schoolClass, department: try session.department(ofMajor: schoolClass.major)) else {
                throw AppError.forbidden(AccessPolicy.Refusal.notYourClass)
            }
            let chosen = try startedSemester(semester, calendar: calendar, today: today)
            let scorer = ClassScorer(session: session, calendar: calendar, today: today)
            let lines = try scorer.lines(for: schoolClass, in: chosen, book: books.book(for: chosen.id))
            // Subtotals, 增值 and rank from the ledger, where every class point is posted on write
            // (derived ones included): one query for the whole cohort, no class re-scored here.
            let ledgerTotals = try session.domainTotals(.schoolClass(schoolClass.id))
            let balance = Balance(books: books, totals: ledgerTotals)
            // 增值 by the students' rule: nothing before the previous semester holds anything.
            let comparison = try ValueAddedComparison.make(
                .schoolClass(schoolClass.id), chosen: chosen, totals: ledgerTotals, today: today, session: session, books: books,
                calendar: calendar, clock: clock)
            let domains = Domain.allCases.map { domain in
                ClassReport.DomainLine(
                    domain: domain, name: domain.chineseName, semester: balance.subtotal(chosen.id, domain),
                    valueAdded: comparison.map { balance.subtotal(chosen.id, domain) - $0.subtotal(domain) })
            }
            let cohort = try session.classes().filter { $0.cohort.enrollmentYear == schoolClass.cohort.enrollmentYear }
            let ledger = try session.classDomainTotals(cohort.map(\.id), semester: chosen.id)
            let totals = cohort.map { other in
                (other.id, Balance(books: books, totals: [chosen.id: ledger[other.id] ?? [:]]).total(chosen.id))
            }
            let total = balance.total(chosen.id)
            return ClassReport(
                classID: schoolClass.id.rawValue, className: schoolClass.name, cohort: schoolClass.cohort.enrollmentYear,
                students: try session.students(in: schoolClass.id).count, semester: chosen.id.rawValue,
                semesterName: chosen.chineseName, domains: domains, total: total,
                totalValueAdded: comparison.map { total - $0.total },
                valueAddedSemester: comparison?.previous.rawValue, valueAddedAsOf: comparison?.asOf,
                rank: totals.filter { $0.1 > total }.count + 1, classesInCohort: totals.count, points: lines)
        }
    }

    /// The semester asked for, else the latest one that has begun, else the first.
    func startedSemester(_ text: String?, calendar: SchoolCalendar, today: LocalDate) throws -> Semester {
        if let text {
            guard let semester = calendar.semester(SemesterID(rawValue: text)) else { throw AppError.unknownSemester(text) }
            return semester
        }
        guard let semester = calendar.semesters.last(where: { $0.start <= today }) ?? calendar.semesters.first else {
            throw AppError.unknownSemester("（校历为空）")
        }
        return semester
    }
}
