import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaRules
import ChuzhikaStore

/// A draft that passed every check, with its period worked out.
struct ValidRecord {
    let point: ScoringPoint
    let subject: Subject
    let subjectName: String
    let period: Period
    let value: RecordValue
    let date: LocalDate
    let course: CourseID?
}

/// Checks drafts against the rules, the roster, the calendar and the owner rules, inside one
/// transaction, caching what it looked up so that a sheet of thousands stays fast.
final class RecordingContext {
    let session: CardSession
    let books: RuleBooks
    let calendar: SchoolCalendar
    let clock: Clock
    private var students: [String: Student?] = [:]
    private var classes: [String: SchoolClass?] = [:]
    private var departments: [MajorID: DepartmentID?] = [:]
    private var staff: [StaffID: Staff?] = [:]
    private var assignments: [StaffID: [Assignment]] = [:]
    /// A system calling the integration API: never writes a 心理 point, by id or by name.
    private var system: StaffID?

    /// - Parameter principal: the staff member writing, with today's assignments, as read for
    ///   this command or request: not read again (whether they have left is, in this
    ///   transaction). A system calling the API is not on the roster at all: its staff and
    ///   assignments come from its token.
    init(session: CardSession, books: RuleBooks, calendar: SchoolCalendar, clock: Clock, principal: Principal? = nil) {
        self.session = session
        self.books = books
        self.calendar = calendar
        self.clock = clock
        if let principal, let staff = principal.staff {
            self.staff[staff.id] = staff
            self.assignments[staff.id] = principal.assignments
            if principal.isSystem {
                self.system = staff.id
                self.staffEnds[staff.id] = .some(nil)
            }
        }
    }

    /// Every check of `czk record`, in the order a user fixes them.
    func validate(_ draft: RecordDraft) throws -> ValidRecord {
        let date = draft.date ?? clock.today()
        let book = calendar.semester(containing: date).map { books.book(for: $0.id) } ?? books.latest
        let point = try book.point(draft.point)
        guard point.isEnabled else { throw AppError.pointDisabled(point.id, name: point.name) }
        if let system, draft.staff == system, point.isSensitive {
            throw AppError.forbidden("“\(point.name)”是心理类采分点，不能经接口写入：由辅导员用 czk record 录入")
        }
        // Sheet cells were checked as they were read; this is for text typed on a command line or a form.
        try AppError.refuseControlCharacters(draft.note, field: "备注（--note）")
        try AppError.refuseControlCharacters(draft.correctionReason, field: "更正的原因（--reason）")
        let code = TypedText.normalized(draft.subject)
        let (subject, subjectName, schoolClass) = try resolveSubject(code, for: point)
        if case .student(let id) = subject, let end = try studentEnd(id), date >= end.day {
            throw AppError.studentEnded(code, name: subjectName, on: end.day, reason: end.reason)
        }
        guard let person = try staffMember(draft.staff) else { throw AppError.unknownStaff(draft.staff.rawValue) }
        if let left = try staffEnd(draft.staff), clock.today() >= left {
            throw AppError.staffEnded(draft.staff.rawValue, name: person.name, on: left)
        }
        let grants = AccessPolicy.grants(
            try assignments(of: draft.staff), point: point, schoolClass: schoolClass,
            department: try department(of: schoolClass.major), courseName: { [self] in try? courseName($0) })
        guard !grants.isEmpty else {
            throw AppError.wrongOwner(staff: "\(person.name)（\(person.id.rawValue)）", point: point.name,
                                      owners: point.owners, subject: "\(subjectName)（\(code)）")
        }
        let course = try course(for: draft, grants: grants)
        let value: RecordValue
        switch point.value.parse(draft.value) {
        case .success(let v): value = v
        case .failure(let error): throw AppError.invalidValue(point: point.name, error)
        }
        let period: Period
        do {
            period = try calendar.period(for: point.timing, on: date, session: draft.session, cohort: schoolClass.cohort)
        } catch {
            throw AppError.period(error)
        }
        return ValidRecord(point: point, subject: subject, subjectName: subjectName, period: period, value: value,
                           date: date, course: course)
    }

    // MARK: - Lookups

    private func resolveSubject(_ code: String, for point: ScoringPoint) throws -> (Subject, String, SchoolClass) {
        if let student = try student(code) {
            guard point.scope == .individual else {
                throw AppError.scopeMismatch(point: point.name, expected: .class, code: code)
            }
            guard let schoolClass = try schoolClass(student.schoolClass.rawValue) else {
                throw AppError.unknownClass(student.schoolClass.rawValue)
            }
            return (.student(student.id), student.name, schoolClass)
        }
        if let schoolClass = try schoolClass(code) {
            guard point.scope == .class else {
                throw AppError.scopeMismatch(point: point.name, expected: .individual, code: code)
            }
            return (.schoolClass(schoolClass.id), schoolClass.name, schoolClass)
        }
        throw AppError.unknownSubject(code)
    }

    /// The course of a 任课教师's record: the one named, or the only one they teach in that class.
    private func course(for draft: RecordDraft, grants: [Assignment]) throws -> CourseID? {
        let taught = grants.compactMap { grant -> CourseID? in
            if case .course(let course, _) = grant.reach { return course }
            return nil
        }
        guard taught.count == grants.count, !taught.isEmpty else { return draft.course }
        if let named = draft.course {
            guard taught.contains(named) else { throw AppError.notYourCourse(named) }
            return named
        }
        guard taught.count == 1 else { throw AppError.courseRequired(choices: taught) }
        return taught[0]
    }

    /// Reads a batch's students in a few statements (and remembers the codes that are no
    /// student's), so that checking its rows asks the database nothing more about them.
    func prefetchStudents(_ codes: some Sequence<String>) throws {
        let missing = Set(codes).filter { students[$0] == nil }
        guard !missing.isEmpty else { return }
        let found = try session.studentsWithEnds(missing.map { StudentID(rawValue: $0) })
        for code in missing {
            let hit = found[StudentID(rawValue: code)]
            students[code] = .some(hit?.student)
            if let hit { studentEnds[hit.student.id] = .some(hit.end) }
        }
    }

    /// A student, read with the day they left (if they did): one statement for both.
    func student(_ code: String) throws -> Student? {
        if students[code] == nil { try prefetchStudents([code]) }
        return students[code] ?? nil
    }

    /// A student this write has read already, with their class and the day they left; nil
    /// when any of the three has not been read.
    func known(_ id: StudentID) -> KnownStudent? {
        guard let student = students[id.rawValue] ?? nil, let schoolClass = classes[student.schoolClass.rawValue] ?? nil,
              let end = studentEnds[id] else { return nil }
        return KnownStudent(student: student, schoolClass: schoolClass, end: end)
    }

    func schoolClass(_ code: String) throws -> SchoolClass? {
        if let cached = classes[code] { return cached }
        let found = try session.schoolClass(ClassID(rawValue: code))
        classes[code] = found
        return found
    }

    private func department(of major: MajorID) throws -> DepartmentID? {
        if let cached = departments[major] { return cached }
        let found = try session.department(ofMajor: major)
        departments[major] = found
        return found
    }

    private var courseNames: [CourseID: String] = [:]

    private func courseName(_ id: CourseID) throws -> String? {
        if let cached = courseNames[id] { return cached }
        let name = try session.course(id)?.name
        courseNames[id] = name
        return name
    }

    private func staffMember(_ id: StaffID) throws -> Staff? {
        if let cached = staff[id] { return cached }
        let found = try session.staff(id)
        staff[id] = found
        return found
    }

    private var studentEnds: [StudentID: (day: LocalDate, reason: String)?] = [:]

    /// The day a student left and why, looked up once per write (a sheet names each student often).
    private func studentEnd(_ id: StudentID) throws -> (day: LocalDate, reason: String)? {
        if let cached = studentEnds[id] { return cached }
        let found = try session.studentEnd(id)
        studentEnds[id] = found
        return found
    }

    private var staffEnds: [StaffID: LocalDate?] = [:]

    private func staffEnd(_ id: StaffID) throws -> LocalDate? {
        if let cached = staffEnds[id] { return cached }
        let found = try session.staffEnd(id)
        staffEnds[id] = found
        return found
    }

    private func assignments(of id: StaffID) throws -> [Assignment] {
        if let cached = assignments[id] { return cached }
        let found = try session.assignments(of: id, on: clock.today())
        assignments[id] = found
        return found
    }
}
