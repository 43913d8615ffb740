import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

/// Scores a class's class points for one semester: recorded values where the owner recorded
/// them, else values derived from the members' records, period by period.
struct ClassScorer {
    let session: CardSession
    let calendar: SchoolCalendar
    let today: LocalDate
    /// Who was in which class when: a semester's class points count that semester's members.
    let membership: ClassMembership

    init(session: CardSession, calendar: SchoolCalendar, today: LocalDate) throws {
        self.session = session
        self.calendar = calendar
        self.today = today
        membership = ClassMembership(try session.classMoves())
    }

    func lines(for schoolClass: SchoolClass, in semester: Semester, book: RuleBook) throws -> [ClassReport.PointLine] {
        try book.points.filter { $0.scope == .class && $0.isEnabled }.map { point in
            try line(point, schoolClass, semester, book)
        }
    }

    // MARK: - One point

    func line(_ point: ScoringPoint, _ c: SchoolClass, _ s: Semester, _ book: RuleBook) throws -> ClassReport.PointLine {
        let periods = periods(of: point, for: c, in: s)
        let sourceText: String
        if case .derived(let d)? = point.classSource {
            let name = book[d.of]?.name ?? d.of.rawValue
            sourceText = "“\(name)”的\(d.aggregate.chineseName)" + (d.conditionSource.map { "（\($0)）" } ?? "")
        } else {
            sourceText = "由\(point.owners.map(\.chineseName).joined(separator: "或"))录入"
        }
        func make(_ value: String?, _ count: Int, _ points: Points?, _ reason: String?) -> ClassReport.PointLine {
            ClassReport.PointLine(id: point.id.rawValue, name: point.name, domain: point.domain, timing: point.timing.chineseName,
                                  source: sourceText, value: value, periods: count,
                                  points: points, reason: reason)
        }
        if periods.isEmpty {
            let when = point.timing == .beforeGraduation ? "（毕业学年 \(c.cohort.graduationAcademicYear)）" : ""
            return make(nil, 0, nil, "本学期不是该项的采分时点\(when)")
        }
        let recorded = Dictionary(
            try session.liveRecords(.schoolClass(c.id), point.id, semester: s.id).map { ($0.periodKey, $0.value) },
            uniquingKeysWith: { a, _ in a })
        var values: [RecordValue] = []
        var derivedSource: ScoringPoint?
        var memberRecords: [MemberValue] = []
        if case .derived(let derivation)? = point.classSource, let source = book[derivation.of] {
            derivedSource = source
            memberRecords = try periods.flatMap(\.semesters).uniqued().flatMap {
                try memberValues(of: c.id, source.id, semester: $0)
            }
        }
        for period in periods {
            if let value = recorded[period.period.key] {
                values.append(value)
            } else if case .derived(let derivation)? = point.classSource, let source = derivedSource {
                let members = window(memberRecords, for: period.period, source: source, cohort: c.cohort)
                do {
                    if let v = try ClassAggregator.derive(derivation, source: source, members: members) {
                        values.append(RecordValue(number: v))
                    }
                } catch {
                    return make(nil, 0, nil, "计算失败：\(error.localizedDescription)")
                }
            }
        }
        guard !values.isEmpty else {
            let reason = derivedSource.map { "成员尚无“\($0.name)”记录" }
                ?? "尚未录入（由\(point.owners.map(\.chineseName).joined(separator: "或"))录入）"
            return make(nil, 0, nil, reason)
        }
        let points: Points
        do {
            points = try Scorer.total(for: point, values: values)
        } catch {
            return make(nil, values.count, nil, "计分失败：\(error.localizedDescription)")
        }
        return make(display(values, point), values.count, points, nil)
    }

    /// The records of `point` in `semester` of the students who were members of the class then:
    /// a student who has moved to another class since still counts here, and not there.
    private func memberValues(of c: ClassID, _ point: PointID, semester id: SemesterID) throws -> [MemberValue] {
        let values = try session.memberValues(of: c, point, semester: id)
        guard let semester = calendar.semester(id) else { return values }
        let joiners = membership.joiners(of: c, on: semester.end)
        var kept = joiners.isEmpty ? values : values.filter { !joiners.contains($0.student) }
        for (student, _) in membership.leavers(of: c, on: semester.end) {
            kept += try session.liveRecords(.student(student), point, semester: id).map {
                MemberValue(student: student, periodKey: $0.periodKey, date: $0.date, value: $0.value)
            }
        }
        return kept
    }

    private func display(_ values: [RecordValue], _ point: ScoringPoint) -> String {
        let unit = point.value.kind == .rate ? "%" : ""
        let mean = values.reduce(0) { $0 + $1.number } / Double(values.count)
        let text = RecordValue.format((mean * 10).rounded() / 10) + unit
        return values.count == 1 ? (values[0].label ?? text) : "均 \(text)（\(values.count) 期）"
    }

    /// Members' records of the source point that fall in the class period. When the source is
    /// scored less often (monthly source, weekly class point), the source period holding the
    /// class period's last day is used.
    private func window(_ records: [MemberValue], for period: Period, source: ScoringPoint, cohort: Cohort) -> [ClassAggregator.Member] {
        let coarser = Self.grain(source.timing) > Self.grain(period.timing)
        let key = coarser ? (try? calendar.period(for: source.timing, on: period.end, session: 1, cohort: cohort))?.key : nil
        // Never a record dated after `today` (the day a 同期增值 comparison stops at).
        let inWindow = records.filter { r in
            guard r.date <= today else { return false }
            if coarser { return r.periodKey == key }
            return period.start <= r.date && r.date <= period.end
        }
        // Members in 学号 order: a class mean summed in a dictionary's order (random per process)
        // differs in its last bits from run to run, and a band edge then gives a different score
        // on each recomputation (`czk check` found one class in 3.19 M records).
        return Dictionary(grouping: inWindow, by: \.student).sorted { $0.key.rawValue < $1.key.rawValue }
            .map { ClassAggregator.Member(values: $0.value.map(\.value)) }
    }

    static func grain(_ timing: Timing) -> Int {
        switch timing {
        case .perSession: 0
        case .weekly: 1
        case .monthly: 2
        case .semesterEnd, .firstSemesterMid: 3
        case .yearStart, .yearEnd: 4
        case .beforeGraduation: 5
        }
    }

    // MARK: - Periods

    struct ClassPeriod {
        let period: Period
        /// The semesters whose member records feed it.
        let semesters: [SemesterID]
    }

    /// The class point's periods that fall in this semester and have begun by today; a year's or
    /// the graduation year's period is fed by every semester of that year.
    func periods(of point: ScoringPoint, for c: SchoolClass, in s: Semester) -> [ClassPeriod] {
        let year = calendar.semesters(ofYear: s.academicYear).map(\.id)
        return calendar.periods(of: point.timing, in: s, cohort: c.cohort).filter { $0.start <= today }.map { period in
            let yearly: [Timing] = [.yearStart, .yearEnd, .beforeGraduation]
            let wholeYear = yearly.contains(period.timing)
            return ClassPeriod(period: period, semesters: wholeYear ? year : [s.id])
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
