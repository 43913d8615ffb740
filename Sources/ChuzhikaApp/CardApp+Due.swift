import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

extension CardApp {
    /// The records a person owes: every point they own, for every subject they hold, whose period
    /// has opened and is due within `ahead` days or overdue, with no record yet.
    ///
    /// An admin (or nobody named) sees everyone's. 每次课前 points follow the timetable and are
    /// not listed; derived class points are computed, never due.
    public func due(for staff: StaffID?, by principal: Principal, on date: LocalDate? = nil, ahead: Int = 7) throws -> DueList {
        try refusalsAudited(principal, "due", subject: staff?.rawValue ?? "") {
            guard principal.staff != nil else { throw AppError.forbidden(AccessPolicy.Refusal.studentsNoDue) }
            // Without a name, a teacher's own list; the admin's whole school.
            let whose = staff ?? (principal.isAdmin ? nil : principal.staff?.id)
            guard AccessPolicy.mayReadDue(principal, of: whose) else { throw AppError.forbidden(AccessPolicy.Refusal.dueOfOthers) }
            return try due(for: whose, on: date, ahead: ahead)
        }
    }

    func due(for staff: StaffID?, on date: LocalDate?, ahead: Int) throws -> DueList {
        let day = date ?? clock.today()
        let books = try ruleBooks()
        let calendar = try calendar()
        guard let semester = calendar.semester(containing: day) else { throw AppError.period(.outsideCalendar(day)) }
        let book = books.book(for: semester.id)
        return try database.read { session in
            var people = try session.allStaff().filter { !$0.isAdmin }
            if let staff {
                guard let person = try session.staff(staff) else { throw AppError.unknownStaff(staff.rawValue) }
                if !person.isAdmin { people = [person] }
            }
            let context = try DueContext(session: session, calendar: calendar, semester: semester, day: day, ahead: ahead)
            var items: [DueList.Item] = []
            for person in people {
                items += try context.items(for: person, book: book)
            }
            return DueList(date: day, ahead: ahead, items: items.sorted {
                ($0.staff, -$0.daysOverdue, $0.pointID, $0.periodKey, $0.subject) < ($1.staff, -$1.daysOverdue, $1.pointID, $1.periodKey, $1.subject)
            })
        }
    }
}

/// Works out one person's due items, reading each class's members and each course's name once.
private final class DueContext {
    let session: CardSession
    let calendar: SchoolCalendar
    let semester: Semester
    let day: LocalDate
    let ahead: Int
    /// Every class with its department, read once.
    let classes: [(SchoolClass, DepartmentID?)]
    private var members: [ClassID: [(String, String)]] = [:]
    private var courseNames: [CourseID: String?] = [:]

    init(session: CardSession, calendar: SchoolCalendar, semester: Semester, day: LocalDate, ahead: Int) throws {
        self.session = session
        self.calendar = calendar
        self.semester = semester
        self.day = day
        self.ahead = ahead
        self.classes = try session.classes().map { ($0, try session.department(ofMajor: $0.major)) }
    }

    func items(for person: Staff, book: RuleBook) throws -> [DueList.Item] {
        // Someone who has left owes nothing; an assignment ended by today no longer counts.
        if let left = try session.staffEnd(person.id), left <= day { return [] }
        let assignments = try session.assignments(of: person.id, on: day)
        guard !assignments.isEmpty else { return [] }
        // Only the classes this person's assignments reach: a 班主任 has one, not the whole school.
        let reached = classes.filter { schoolClass, department in
            assignments.contains { $0.covers(schoolClass, department: department) }
        }
        var seen = Set<String>()
        var items: [DueList.Item] = []
        for point in book.points where point.isEnabled && point.timing != .perSession {
            if case .derived? = point.classSource { continue }
            for (schoolClass, department) in reached {
                let grants = AccessPolicy.grants(assignments, point: point, schoolClass: schoolClass, department: department) {
                    self.courseName($0)
                }
                guard !grants.isEmpty else { continue }
                let periods = duePeriods(point, cohort: schoolClass.cohort)
                guard !periods.isEmpty else { continue }
                let subjects: [(String, String)] = point.scope == .individual
                    ? try students(of: schoolClass.id)
                    : [(schoolClass.id.rawValue, schoolClass.name)]
                let recorded = try session.recordedPeriods(point.id, periodKeys: periods.map(\.key), scope: point.scope)
                for period in periods {
                    for (code, name) in subjects where !recorded.contains("\(code)|\(period.key)") {
                        guard seen.insert("\(point.id.rawValue)|\(period.key)|\(code)").inserted else { continue }
                        items.append(DueList.Item(
                            staff: person.id.rawValue, staffName: person.name, pointID: point.id.rawValue,
                            pointName: point.name, periodKey: period.key, period: period.label, dueOn: period.dueOn,
                            daysOverdue: period.dueOn.days(until: day), subject: code, subjectName: name))
                    }
                }
            }
        }
        return items
    }

    private func students(of id: ClassID) throws -> [(String, String)] {
        if let cached = members[id] { return cached }
        // Students who left by the day are no longer on anyone's list (their card stays).
        let found = try session.students(in: id, on: day).map { ($0.id.rawValue, $0.name) }
        members[id] = found
        return found
    }

    private func courseName(_ id: CourseID) -> String? {
        if let cached = courseNames[id] { return cached }
        let found = (try? session.course(id))??.name
        courseNames[id] = found
        return found
    }

    /// The point's periods in this semester that have opened and are due by `day + ahead`.
    func duePeriods(_ point: ScoringPoint, cohort: Cohort) -> [Period] {
        calendar.periods(of: point.timing, in: semester, cohort: cohort).filter {
            $0.opensOn <= day && $0.start <= day && $0.dueOn.days(until: day) >= -ahead
        }
    }
}
