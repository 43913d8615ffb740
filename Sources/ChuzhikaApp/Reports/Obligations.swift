import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// One record a person owes (采分时点 × 采分主体 × 采分点): recorded or not, and when first.
struct Obligation {
    let item: DueList.Item
    let role: OwnerRole
    let schoolClass: ClassID
    /// The day the first record for it was entered (a later correction does not count); nil
    /// when there is none.
    let firstEntered: LocalDate?
    /// Whether a live record exists now.
    let isRecorded: Bool

    /// Entered by the due day.
    var isOnTime: Bool { firstEntered.map { $0 <= item.dueOn } ?? false }
}

/// Works out what people owe in one semester — the due list and the on-time share of the
/// reports — reading each class's members and each course's name once.
///
/// 每次课前 points follow the timetable and are not owed here; derived class points are computed,
/// never owed. Someone who has left owes nothing.
final class Obligations {
    let session: CardSession
    let calendar: SchoolCalendar
    let semester: Semester
    let day: LocalDate
    /// Every class with its department, read once.
    let classes: [(SchoolClass, DepartmentID?)]
    private var members: [ClassID: [(String, String)]] = [:]
    private var courseNames: [CourseID: String?] = [:]

    init(session: CardSession, calendar: SchoolCalendar, semester: Semester, day: LocalDate) throws {
        self.session = session
        self.calendar = calendar
        self.semester = semester
        self.day = day
        var departments: [MajorID: DepartmentID?] = [:]  // 42 majors, not 500 lookups
        self.classes = try session.classes().map { schoolClass in
            if departments[schoolClass.major] == nil { departments[schoolClass.major] = try session.department(ofMajor: schoolClass.major) }
            return (schoolClass, departments[schoolClass.major] ?? nil)
        }
    }

    /// What `person` owes for the periods that have opened by the day and pass `periods`, in
    /// the classes `only` names (nil: every class their assignments reach).
    func owed(
        by person: Staff, book: RuleBook, only: Set<ClassID>? = nil, periods include: (Period) -> Bool
    ) throws -> [Obligation] {
        if let left = try session.staffEnd(person.id), left <= day { return [] }
        let assignments = try session.assignments(of: person.id, on: day)
        guard !assignments.isEmpty else { return [] }
        // Only the classes this person's assignments reach: a 班主任 has one, not the whole school.
        let reached = classes.filter { schoolClass, department in
            (only?.contains(schoolClass.id) ?? true) && assignments.contains { $0.covers(schoolClass, department: department) }
        }
        var seen = Set<String>()
        var owed: [Obligation] = []
        for point in book.points where point.isEnabled && point.timing != .perSession {
            if case .derived? = point.classSource { continue }
            for (schoolClass, department) in reached {
                let grants = AccessPolicy.grants(assignments, point: point, schoolClass: schoolClass, department: department) {
                    self.courseName($0)
                }
                guard let role = grants.first?.role else { continue }
                let periods = calendar.periods(of: point.timing, in: semester, cohort: schoolClass.cohort).filter {
                    $0.opensOn <= day && $0.start <= day && include($0)
                }
                guard !periods.isEmpty else { continue }
                let subjects: [(String, String)] = point.scope == .individual
                    ? try students(of: schoolClass.id)
                    : [(schoolClass.id.rawValue, schoolClass.name)]
                let keys = periods.map(\.key)
                let recorded = try session.recordedPeriods(point.id, periodKeys: keys, scope: point.scope, in: schoolClass.id, semester: semester.id)
                for period in periods {
                    for (code, name) in subjects {
                        let key = "\(code)|\(period.key)"
                        guard seen.insert("\(point.id.rawValue)|\(key)").inserted else { continue }
                        let item = DueList.Item(
                            staff: person.id.rawValue, staffName: person.name, pointID: point.id.rawValue,
                            pointName: point.name, periodKey: period.key, period: period.label, dueOn: period.dueOn,
                            daysOverdue: period.dueOn.days(until: day), subject: code, subjectName: name)
                        owed.append(Obligation(
                            item: item, role: role, schoolClass: schoolClass.id,
                            firstEntered: recorded[key].flatMap { LocalDate(String($0.firstRecordedAt.prefix(10))) },
                            isRecorded: recorded[key]?.isLive ?? false))
                    }
                }
            }
        }
        return owed
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
}
