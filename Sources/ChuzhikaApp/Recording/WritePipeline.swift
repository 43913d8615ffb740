import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// The one write path. Every write of a use case — a record, a correction, a sheet, an appeal's
/// answer, a rule change, course results, a register change — goes through it, inside the
/// caller's transaction and in this order: check → append → post to the ledger → re-evaluate
/// risks → audit.
///
/// Appending only notes what it touched; ``finish(audit:reevaluateAll:)`` posts each touched
/// point once, re-evaluates the risk rules for each touched student once, and appends the audit
/// line, so a sheet of thousands posts and re-evaluates no more than one record per subject.
package struct WritePipeline {
    let session: CardSession
    let books: RuleBooks
    let calendar: SchoolCalendar
    let clock: Clock
    /// Who the ledger entries and warning events are attributed to when no record names them.
    let by: String
    let context: RecordingContext

    /// One (point, subject, semester) to bring in line with its records.
    struct Touch: Hashable {
        let point: PointID
        let subject: Subject
        let semester: SemesterID
    }

    /// What posting one touched point changed.
    struct Posting {
        let touch: Touch
        let change: Points
        let entries: Int
    }

    /// What a finished write did after appending.
    package struct Outcome {
        var postings: [Posting] = []
        var warnings: [WarningChange] = []

        var entries: Int { postings.reduce(0) { $0 + $1.entries } }
        func change(of touch: Touch) -> Points { postings.first { $0.touch == touch }?.change ?? .zero }
    }

    private var touches: [Touch] = []
    private var touchInfo: [Touch: (reason: String, staff: StaffID?)] = [:]
    private var students: [StudentID] = []
    private var seenStudents: Set<StudentID> = []
    private var resultsChanged = false
    private var classes: [StudentID: ClassID] = [:]
    /// The roster's moves, read on the first derived class point a write touches.
    private var membership: ClassMembership?

    init(session: CardSession, books: RuleBooks, calendar: SchoolCalendar, clock: Clock, by: String, principal: Principal? = nil) {
        self.session = session
        self.books = books
        self.calendar = calendar
        self.clock = clock
        self.by = by
        self.context = RecordingContext(session: session, books: books, calendar: calendar, clock: clock, principal: principal)
    }

    // MARK: - Check

    /// Every check of `czk record`: rules, roster, calendar, owner.
    func check(_ draft: RecordDraft) throws -> ValidRecord { try context.validate(draft) }

    /// Reads the students a batch of drafts names in a few statements, before its rows are checked.
    func prefetch(_ drafts: [RecordDraft]) throws {
        try context.prefetchStudents(drafts.map { TypedText.normalized($0.subject) })
    }

    /// Reads these subjects' students in a few statements, before they are touched (a rule change
    /// touches every scored student: their classes are looked up for the class points derived
    /// from theirs — one round trip each, on PostgreSQL, otherwise).
    func prefetch(students subjects: some Sequence<Subject>) throws {
        try context.prefetchStudents(subjects.compactMap { if case .student(let id) = $0 { id.rawValue } else { nil } })
    }

    /// The live record of the draft's subject, point and period, if there is one.
    func live(_ valid: ValidRecord) throws -> ScoreRecord? {
        try session.liveRecordID(valid.subject, valid.point.id, periodKey: valid.period.key).flatMap { try session.record($0) }
    }

    /// Whether a draft repeats its live record exactly (a sheet imported again): nothing to write.
    static func repeats(_ live: ScoreRecord?, _ valid: ValidRecord, _ draft: RecordDraft) -> Bool {
        guard !draft.isCorrection, let live else { return false }
        return live.value.number == valid.value.number && live.value.label == valid.value.label
    }

    // MARK: - Append

    /// Appends a checked record, superseding the live one when it is a correction, and notes
    /// what to post and re-evaluate. A new value is written straight away (the live-record
    /// index refuses it when its slot is taken): the live record is read only to name it then.
    mutating func append(_ valid: ValidRecord, _ draft: RecordDraft, reason: String) throws -> (RecordID, superseded: RecordID?) {
        guard !draft.isCorrection else { return try append(valid, draft, reason: reason, live: try live(valid)) }
        do {
            return try append(valid, draft, reason: reason, live: nil)
        } catch StoreError.duplicateRecord(let existing) {
            guard let old = try session.record(existing) else { throw StoreError.duplicateRecord(existing: existing) }
            throw try duplicate(of: old)
        }
    }

    /// The same, with the live record already looked up.
    mutating func append(
        _ valid: ValidRecord, _ draft: RecordDraft, reason: String, live: ScoreRecord?
    ) throws -> (RecordID, superseded: RecordID?) {
        var supersedes: RecordID?
        if draft.isCorrection {
            guard let reason = draft.correctionReason, !reason.trimmingSpaces.isEmpty else { throw AppError.correctionWithoutReason }
            guard let existing = live?.id else { throw AppError.nothingToCorrect(point: valid.point.name, period: valid.period.label) }
            supersedes = existing
        } else if let live {
            throw try duplicate(of: live)
        }
        let id = try session.insert(record(valid, draft, supersedes: supersedes))
        let why = supersedes == nil ? reason : "更正：\(draft.correctionReason ?? "")"
        touch(valid.point.id, for: valid.subject, semester: valid.period.semester, reason: why, by: draft.staff)
        return (id, supersedes)
    }

    /// Appends a checked new record (never a correction) unless a live record already holds its
    /// subject, point and period — then nil, and nothing is written. One statement for a new
    /// record: a sheet of new rows does not look each one up first.
    mutating func appendIfFree(_ valid: ValidRecord, _ draft: RecordDraft, reason: String) throws -> RecordID? {
        precondition(!draft.isCorrection, "a correction supersedes its live record: use append")
        do {
            return try append(valid, draft, reason: reason, live: nil).0
        } catch StoreError.duplicateRecord {
            return nil
        }
    }

    /// The refusal of a second record for `live`'s subject, point and period, naming who recorded what.
    private func duplicate(of live: ScoreRecord) throws -> AppError {
        let by = try session.staff(live.recordedBy)?.name ?? live.recordedBy.rawValue
        return AppError.duplicateRecord(existing: live.id ?? RecordID(rawValue: 0), value: live.value.text, by: by, date: live.date)
    }

    /// Appends checked new records (never corrections) in a few multi-row statements, each unless
    /// a live record (or an earlier one of these) holds its subject, point and period — then nil
    /// for it, nothing written, and the caller looks up what holds the slot.
    mutating func appendAllIfFree(_ checked: [(ValidRecord, RecordDraft)], reason: String) throws -> [RecordID?] {
        precondition(checked.allSatisfy { !$0.1.isCorrection }, "a correction supersedes its live record: use append")
        let ids = try session.insertIfFree(checked.map { record($0.0, $0.1, supersedes: nil) })
        for ((valid, draft), id) in zip(checked, ids) where id != nil {
            touch(valid.point.id, for: valid.subject, semester: valid.period.semester, reason: reason, by: draft.staff)
        }
        return ids
    }

    private func record(_ valid: ValidRecord, _ draft: RecordDraft, supersedes: RecordID?) -> ScoreRecord {
        ScoreRecord(
            subject: valid.subject, point: valid.point.id, periodKey: valid.period.key,
            semester: valid.period.semester, value: valid.value, date: valid.date, session: draft.session,
            course: valid.course, recordedBy: draft.staff, recordedAt: recordedAt(draft), source: draft.source,
            note: draft.note, supersedes: supersedes, reason: supersedes == nil ? nil : draft.correctionReason)
    }

    /// Now; for generated (seed) data that says when it was entered, that day (never after today).
    private func recordedAt(_ draft: RecordDraft) -> String {
        guard case .seed = draft.source, let day = draft.enteredOn else { return clock.now() }
        return "\(min(day, clock.today()))T10:00:00Z"
    }

    /// Notes a point to bring in line with its records (a rule change touches every scored key).
    /// The last touch of a key gives the reason and the person its entries are attributed to.
    mutating func touch(_ point: PointID, for subject: Subject, semester: SemesterID, reason: String, by staff: StaffID?) {
        note(Touch(point: point, subject: subject, semester: semester), reason: reason, by: staff)
        guard case .student(let student) = subject else { return }
        touched(student)
        // The class points derived from this point (a class's 全勤率 from its members'): posted
        // for the student's class too, in each semester whose periods this record feeds.
        for derived in books.book(for: semester).classPoints(derivedFrom: point) {
            let year = calendar.semester(semester).map { calendar.semesters(ofYear: $0.academicYear).map(\.id) } ?? [semester]
            let yearly: Set<Timing> = [.yearStart, .yearEnd, .beforeGraduation]
            for target in yearly.contains(derived.timing) ? year : [semester] {
                guard let classID = classOf(student, in: target) else { continue }
                note(Touch(point: derived.id, subject: .schoolClass(classID), semester: target), reason: reason, by: staff)
            }
        }
    }

    /// The class a student was in during `semester` (the class card of that semester counts them).
    private mutating func classOf(_ student: StudentID, in semester: SemesterID) -> ClassID? {
        guard let now = classOf(student) else { return nil }
        if membership == nil { membership = (try? session.classMoves()).map(ClassMembership.init) }
        guard let membership, let term = calendar.semester(semester) else { return now }
        return membership.schoolClass(of: student, now: now, on: term.end)
    }

    private mutating func note(_ touch: Touch, reason: String, by staff: StaffID?) {
        if touchInfo[touch] == nil { touches.append(touch) }
        touchInfo[touch] = (reason, staff)
    }

    /// A student's class, looked up once per write.
    private mutating func classOf(_ student: StudentID) -> ClassID? {
        if let known = classes[student] { return known }
        let found = (try? context.student(student.rawValue))??.schoolClass
        classes[student] = found
        return found
    }

    /// Notes a student whose risks must be re-evaluated (new course results, a register change).
    mutating func touched(_ student: StudentID) {
        if seenStudents.insert(student).inserted { students.append(student) }
    }

    /// Notes a student with new course results: their classmates are re-evaluated too, since a
    /// rule may weigh each member against the class (credits_share_of_class) — a student with
    /// no result at all is never among those written, yet the class's new results speak of them.
    mutating func touchedResults(of student: StudentID) {
        touched(student)
        resultsChanged = true
    }

    // MARK: - Post, re-evaluate, audit

    /// Posts every touched point to the ledger, re-evaluates the risk rules for every touched
    /// student (or every current one), and appends the audit line.
    ///
    /// - Parameter reevaluate: false only for the demo, which scans once at the end.
    package func finish(audit: AuditEntry?, reevaluate: Bool = true, reevaluateAll: Bool = false) throws -> Outcome {
        var outcome = Outcome()
        // Before the first read of a balance: two writers posting one subject at once take turns.
        // The class rules are re-evaluated for the students' classes: those are locked too.
        let everyone = reevaluate && reevaluateAll
        var subjects = touches.map(\.subject)
        var students = students
        // Their classes are looked up below: read together (a sheet of results names thousands).
        if reevaluate && !everyone { try context.prefetchStudents(students.map(\.rawValue)) }
        if reevaluate && !everyone && resultsChanged {
            var seen = Set(students)
            var reached = Set<ClassID>()
            for student in students {
                if let schoolClass = try self.classes[student] ?? context.student(student.rawValue)?.schoolClass { reached.insert(schoolClass) }
            }
            for schoolClass in reached.sorted() {
                for member in try session.students(in: schoolClass, on: clock.today()) where seen.insert(member.id).inserted {
                    students.append(member.id)
                }
            }
        }
        if reevaluate && !everyone {
            for student in students {
                subjects.append(.student(student))
                if let schoolClass = try classes[student] ?? context.student(student.rawValue)?.schoolClass { subjects.append(.schoolClass(schoolClass)) }
            }
        }
        try session.lockForPosting(everyone ? nil : subjects)
        // Rules applied by someone else since this write read them would be posted over with
        // the old ones: refuse, nothing written (the rules' own write holds every lock).
        if let stamp = books.stamp, try session.ruleSetStamp() != stamp { throw AppError.rulesChangedMeanwhile }
        let pending = PendingLedger()
        var poster = LedgerPoster(session: session, books: books, calendar: calendar, clock: clock, pending: pending)
        // A few hundred subjects at a time: their balances and values read together, then posted
        // (a key's posts read the semester before it and write the one after it: those are read too).
        let bySubject = Dictionary(grouping: touches, by: \.subject)
        var order: [Subject] = []
        var seen = Set<Subject>()
        for touch in touches where seen.insert(touch.subject).inserted { order.append(touch.subject) }
        for start in stride(from: 0, to: order.count, by: Self.subjectsPerPrefetch) {
            let group = Array(order[start..<min(start + Self.subjectsPerPrefetch, order.count)])
            let groupTouches = group.flatMap { bySubject[$0] ?? [] }
            poster.prefetch = try PostingPrefetch(
                session, subjects: group, semesters: neighbours(of: groupTouches.map(\.semester)),
                points: LedgerPoster.pointsRead(posting: Set(groupTouches.map(\.point)), books: books))
            for touch in groupTouches {
                let info = touchInfo[touch]!  // every touch has its info
                let posted = try poster.posting(touch.point, for: touch.subject, semester: touch.semester, reason: info.reason, by: info.staff)
                outcome.postings.append(Posting(touch: touch, change: posted.change, entries: posted.entries))
            }
        }
        poster.prefetch = nil
        try pending.flush(to: session, at: clock.now())
        if reevaluate {
            let scanner = RiskScanner(session: session, books: books, calendar: calendar, clock: clock, by: by)
            outcome.warnings = reevaluateAll
                ? try scanner.reevaluateEveryone()
                // One student (a value typed in): as the checks read them a moment ago. Many (a
                // sheet streamed for minutes): read again, after the locks, in case the roster changed.
                : try scanner.reevaluate(students, read: students.count == 1 ? context.known : { _ in nil })
            // `czk check` judges warnings as of this day too: days passing since are not damage.
            if reevaluateAll { try session.setMeta(CardApp.risksScannedOnKey, clock.today().description) }
        }
        if let audit { try session.append(audit) }
        return outcome
    }
}

extension WritePipeline {
    /// Subjects whose posting reads are read together (a statement's `IN` list).
    static let subjectsPerPrefetch = 500

    /// These semesters with the one before and the one after each (增值 reads the previous
    /// semester and posts into the next).
    func neighbours(of semesters: [SemesterID]) -> [SemesterID] {
        let ids = calendar.semesters.map(\.id)
        var found = Set<SemesterID>()
        for semester in Set(semesters) {
            found.insert(semester)
            if let index = ids.firstIndex(of: semester) {
                if index > 0 { found.insert(ids[index - 1]) }
                if index + 1 < ids.count { found.insert(ids[index + 1]) }
            }
        }
        return found.sorted { $0.rawValue < $1.rawValue }
    }
}

extension CardApp {
    /// The write path for one transaction of `session`.
    ///
    /// - Parameter principal: the staff member whose drafts these are, as read for this command
    ///   (see ``RecordingContext``).
    package func pipeline(
        _ session: CardSession, books: RuleBooks, calendar: SchoolCalendar, by person: String, principal: Principal? = nil
    ) -> WritePipeline {
        WritePipeline(session: session, books: books, calendar: calendar, clock: clock, by: person, principal: principal)
    }
}
