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
        let calendar = try calendar()
        guard let semester = calendar.semester(containing: day) else { throw AppError.period(.outsideCalendar(day)) }
        let book = try ruleBook(for: semester.id)
        return try database.read { session in
            var people = try session.allStaff().filter { !$0.isAdmin }
            if let staff {
                guard let person = try session.staff(staff) else { throw AppError.unknownStaff(staff.rawValue) }
                if !person.isAdmin { people = [person] }
            }
            let obligations = try Obligations(session: session, calendar: calendar, semester: semester, day: day)
            var items: [DueList.Item] = []
            for person in people {
                // Opened, due within `ahead` days or overdue, and not yet recorded.
                items += try obligations.owed(by: person, book: book, periods: { $0.dueOn.days(until: day) >= -ahead })
                    .filter { !$0.isRecorded }.map(\.item)
            }
            // The data the warnings wait for, in the classes these people record for.
            let finder = MissingDataFinder(session: session, calendar: calendar, book: book, today: day)
            var missing: [MissingData]
            if let staff, people.count == 1, let person = people.first, person.id == staff {
                let assignments = try session.assignments(of: person.id, on: day)
                let reached = obligations.classes.filter { schoolClass, department in
                    assignments.contains { $0.covers(schoolClass, department: department) }
                }.map(\.0)
                missing = try finder.items(in: reached).filter { $0.staff.contains(person.id.rawValue) }
            } else {
                missing = try finder.items(in: nil)
            }
            return DueList(date: day, ahead: ahead, items: items.sorted {
                ($0.staff, -$0.daysOverdue, $0.pointID, $0.periodKey, $0.subject) < ($1.staff, -$1.daysOverdue, $1.pointID, $1.periodKey, $1.subject)
            }, missingData: missing)
        }
    }
}
