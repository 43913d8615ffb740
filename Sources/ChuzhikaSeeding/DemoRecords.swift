import ChuzhikaApp
import ChuzhikaCore

/// Generates a deterministic, plausible semester of records for the demo college.
///
/// Each student gets a diligence between 0 and 1; about one in twelve is at risk (often
/// late or absent, homework missing, violations). Every record is attributed to the staff
/// member who owns the point for that student, so the demo goes through the same checks
/// as a teacher's input.
public struct DemoRecords {
    let roster: Roster
    let calendar: SchoolCalendar
    private var rng = SplitMix64(seed: 2_025_0901)
    private var drafts: [RecordDraft] = []
    /// Kept across semesters: most students improve a little, some slip.
    private var diligence: [StudentID: Double] = [:]
    private let owners: RosterOwners
    /// How often each course meets a week: 1 in the demo (one session of each of its three
    /// courses); more for a college whose students sit 30 sessions a week (the benchmarks' year
    /// of per-session records), at most ``maxSessionsPerCourse``.
    public var sessionsPerCourse = 1
    public static let maxSessionsPerCourse = 12

    public init(roster: Roster, calendar: SchoolCalendar) {
        self.roster = roster
        self.calendar = calendar
        owners = RosterOwners(roster)
    }

    /// The records of one semester for every student and class.
    public mutating func generate(for semester: Semester) -> [RecordDraft] {
        generate(for: semester, classes: roster.classes)
    }

    /// The records of one semester for the given classes only (benchmarks import class by class).
    public mutating func generate(for semester: Semester, classes: [SchoolClass]) -> [RecordDraft] {
        drafts = []
        let byClass = Dictionary(grouping: roster.students, by: \.schoolClass)
        for schoolClass in classes {
            let members = byClass[schoolClass.id] ?? []
            for (index, student) in members.enumerated() {
                let atRisk = index % 12 == 5
                let diligence = nextDiligence(student.id, atRisk: atRisk)
                let profile = Profile(student: student, schoolClass: schoolClass, diligence: diligence, atRisk: atRisk)
                sessions(profile, semester)
                weeks(profile, semester)
                months(profile, semester)
                semesterEnd(profile, semester)
            }
            classPoints(schoolClass, semester)
        }
        return drafts
    }

    struct Profile {
        let student: Student
        let schoolClass: SchoolClass
        let diligence: Double
        let atRisk: Bool
        var code: String { student.id.rawValue }
    }

    private mutating func nextDiligence(_ id: StudentID, atRisk: Bool) -> Double {
        let next: Double
        if let last = diligence[id] {
            next = min(max(last + Double.random(in: -0.08...0.15, using: &rng), 0.1), 1)
        } else {
            next = atRisk ? Double.random(in: 0.15...0.45, using: &rng) : Double.random(in: 0.6...1, using: &rng)
        }
        diligence[id] = next
        return next
    }

    // MARK: - Owners

    private mutating func add(_ staff: StaffID, _ point: String, _ subject: String, _ value: String, _ date: LocalDate,
                              session: Int? = nil, course: CourseID? = nil) {
        var draft = RecordDraft(staff: staff, point: point, subject: subject, value: value, date: date,
                                session: session, course: course, source: .seed("demo"))
        draft.enteredOn = Self.enteredOn(draft, date: date)
        drafts.append(draft)
    }

    // MARK: - Per session, week, month

    private mutating func sessions(_ p: Profile, _ s: Semester) {
        let major = owners.majorCourses[p.schoolClass.id]
        let courses: [(CourseID, Int, Int)] = [(CourseID(rawValue: "C001"), 0, 1), (CourseID(rawValue: "C002"), 3, 3)]
            + (major.map { [($0, 2, 3)] } ?? [])
        // Beyond the first session of each course, the week's other slots (day, 节次 1–8), dealt
        // out in turn, so that no two courses meet in the same slot.
        let taken = Set(courses.map { $0.1 * 10 + $0.2 })
        var free: [(day: Int, session: Int)] = []
        for session in 1...8 {
            for day in 0..<5 where !taken.contains(day * 10 + session) { free.append((day, session)) }
        }
        var extra: [(CourseID, Int, Int)] = []
        for round in 1..<min(max(sessionsPerCourse, 1), Self.maxSessionsPerCourse) {
            for (index, course) in courses.enumerated() {
                let slot = free[(round - 1) * courses.count + index]
                extra.append((course.0, slot.day, slot.session))
            }
        }
        for week in 1...s.teachingWeeks {
            let monday = s.span(ofWeek: week).start
            for (course, day, session) in courses + extra {
                let teacher = owners.teacher(course, in: p.schoolClass.id) ?? StaffID(rawValue: "?")
                let date = monday.adding(days: day)
                let onTime = rng.chance(0.78 + 0.21 * p.diligence)
                add(teacher, "academic.punctuality", p.code, onTime ? "是" : "否", date, session: session, course: course)
                guard course == major else { continue }
                add(teacher, "academic.preview", p.code, rng.chance(0.3 + 0.68 * p.diligence) ? "是" : "否", date, session: session, course: course)
                add(teacher, "academic.homework", p.code, rng.chance(0.35 + 0.64 * p.diligence) ? "是" : "否", date, session: session, course: course)
            }
        }
    }

    private mutating func weeks(_ p: Profile, _ s: Semester) {
        let head = owners.staff(.headTeacher, for: p.schoolClass)
        let office = owners.staff(.studentAffairs, for: p.schoolClass)
        for week in 1...s.teachingWeeks {
            let friday = s.span(ofWeek: week).start.adding(days: 4)
            let truant = p.atRisk ? rng.chance(0.35) : rng.chance(0.02)
            add(head, "academic.full_attendance", p.code, truant ? (rng.chance(0.5) ? "60" : "80") : "100", friday)
            add(office, "personal.dormitory", p.code, "\(rng.around(65 + 30 * p.diligence, 8, in: 40...100))", friday)
        }
    }

    private mutating func months(_ p: Profile, _ s: Semester) {
        let head = owners.staff(.headTeacher, for: p.schoolClass)
        var month = LocalDate(year: s.teachingStart.year, month: s.teachingStart.month, day: 1)!  // day 1 of an existing month
        while month.endOfMonth <= s.teachingEnd {
            let end = month.endOfMonth
            add(head, "academic.perfect_attendance", p.code, "\(rng.around(82 + 18 * p.diligence, 4, in: 50...100))", end)
            add(head, "academic.extracurricular", p.code, "\(rng.around(8 * p.diligence, 2, in: 0...60))", end)
            add(head, "academic.teacher_communication", p.code, "\(rng.around(4 * p.diligence, 1.5, in: 0...30))", end)
            month = end.adding(days: 1)
        }
    }

    // MARK: - Semester end

    private mutating func semesterEnd(_ p: Profile, _ s: Semester) {
        let c = p.schoolClass
        let head = owners.staff(.headTeacher, for: c)
        let office = owners.staff(.studentAffairs, for: c)
        let research = owners.staff(.teachingOffice, for: c)
        let day = s.teachingEnd.adding(days: -3)
        let d = p.diligence
        if s.ordinal == 1 {
            let plan = d > 0.85 ? "优秀" : d > 0.7 ? "良好" : d > 0.4 ? "合格" : "未提交"
            add(head, "academic.study_plan", p.code, plan, s.teachingStart.adding(days: 7))
            add(head, "personal.development_plan", p.code, plan, s.teachingStart.adding(days: 8))
            if c.cohort.firstSemester == s.id {
                add(research, "career.career_plan", p.code, plan, s.middle.adding(days: 10))
            }
        }
        func score(_ base: Double) -> String { "\(rng.around(base + 35 * d, 7, in: 0...100))" }
        add(head, "academic.gpa", p.code, score(52), day)
        add(head, "academic.satisfaction", p.code, "\(rng.around(85, 10, in: 40...100))", day)
        add(owners.teacher(CourseID(rawValue: "C001"), in: c.id) ?? head, "personal.ideological_course", p.code, score(55), day)
        add(owners.teacher(CourseID(rawValue: "C002"), in: c.id) ?? head, "career.innovation_course", p.code, score(55), day)
        for point in ["ideological_quality", "humanities", "social_practice", "social_work", "quality_assessment"] {
            add(office, "personal.\(point)", p.code, score(55), day)
        }
        add(owners.staff(.peTeacher, for: c), "personal.fitness", p.code, score(50), day)
        add(head, "personal.peer_disputes", p.code, p.atRisk ? "\(rng.around(2, 1, in: 0...50))" : (rng.chance(0.05) ? "1" : "0"), day)
        add(head, "personal.peer_evaluation", p.code, "\(rng.around(60 + 35 * d, 8, in: 0...100))", day)
        if p.atRisk || rng.chance(0.05) {
            add(owners.staff(.counselor, for: c), "personal.counseling", p.code, "\(rng.around(p.atRisk ? 4 : 1, 1, in: 1...100))", day)
        }
        let violations = p.atRisk ? rng.around(2.5, 1.5, in: 0...50) : (rng.chance(0.04) ? 1 : 0)
        add(office, "personal.violations", p.code, "\(violations)", day)
        add(office, "personal.sanction", p.code, violations >= 3 ? "严重警告" : violations >= 2 ? "警告" : "无", day)
        add(research, "career.adaptability", p.code, score(50), day)
        add(research, "career.maturity", p.code, score(48), day)
        add(research, "career.work_statement", p.code, d > 0.8 ? "良好" : d > 0.5 ? "合格" : "未提交", day)
        add(office, "career.part_time", p.code, "\(rng.around(d, 1, in: 0...20))", day)
        if c.cohort.enrollmentYear < s.start.year {
            let level = d > 0.93 ? "省级" : d > 0.85 ? "市级" : d > 0.7 ? "校级" : "未参赛"
            add(research, "career.competition", p.code, level, day)
            add(research, "career.certificate", p.code, d > 0.9 ? "中级" : d > 0.6 ? "初级" : "无", day)
        }
    }

    private mutating func classPoints(_ c: SchoolClass, _ s: Semester) {
        let head = owners.staff(.headTeacher, for: c)
        let day = s.teachingEnd.adding(days: -2)
        add(head, "academic.class_self_study", c.id.rawValue, "\(rng.around(75, 12, in: 0...100))", day)
        add(head, "personal.class_theme_meeting", c.id.rawValue, "\(rng.around(84, 8, in: 0...100))", day)
        add(head, "personal.class_political_study", c.id.rawValue, "\(rng.around(82, 8, in: 0...100))", day)
    }
}

extension DemoRecords {
    /// Whether the demo's teachers have entered this draft by today: everything dated before
    /// today, except that in the current semester about one weekly or monthly value in 25 is
    /// still missing (a teacher forgot), so that `czk due` has overdue work to show.
    /// The day a generated record was entered: most on the day, one in twelve of the period
    /// points (not per-session ones) ten days later, so that reports show some late entries.
    static func enteredOn(_ draft: RecordDraft, date: LocalDate) -> LocalDate {
        guard draft.session == nil, fnv("\(draft.subject)|\(draft.point)|\(date)|late") % 12 == 0 else { return date }
        return date.adding(days: 10)
    }

    private static func fnv(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    static func isEntered(_ draft: RecordDraft, before today: LocalDate, current: Bool) -> Bool {
        guard let date = draft.date, date < today else { return false }
        guard current, draft.session == nil else { return true }
        let periodic = ["academic.full_attendance", "personal.dormitory", "academic.perfect_attendance",
                        "academic.extracurricular", "academic.teacher_communication"]
        guard periodic.contains(draft.point) else { return true }
        // FNV-1a over the subject, point and date: the same gaps on every run.
        return fnv("\(draft.subject)|\(draft.point)|\(date)") % 25 != 0
    }
}
