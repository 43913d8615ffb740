import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

extension CardApp {
    /// A student's card for one semester (default: the latest semester with points, else the
    /// current one), as `principal` may see it; `code` nil is the principal's own card.
    ///
    /// A student asking for anyone else gets the same refusal whether or not that 学号 exists.
    /// Reading another person's card, and any sensitive item, is audited; so is every refusal.
    public func account(
        of code: String? = nil, by principal: Principal, semester: String? = nil, recent limit: Int = 12
    ) throws -> AccountReport {
        let code = code.map(TypedText.normalized) ?? principal.student?.id.rawValue
        guard let code else { throw AppError.forbidden("请写出要查看的学号") }
        return try refusalsAudited(principal, "account", subject: code) {
            if let me = principal.student, me.id.rawValue != code { throw AppError.forbidden(AccessPolicy.Refusal.otherStudent) }
            let report = try account(of: code, principal: principal, semester: semester, limit: limit)
            if !report.isOwnCard {
                try audit(principal, "account", subject: code, .ok, report.showsSensitive ? "查看储值卡（含心理信息）" : "查看储值卡")
            }
            return report
        }
    }

    private func account(of code: String, principal: Principal, semester: String?, limit: Int) throws -> AccountReport {
        try database.read { session in
            let (books, calendar) = try booksAndCalendar(in: session)
            let book = books.latest
            guard let student = try session.student(StudentID(rawValue: code)) else {
                if try session.schoolClass(ClassID(rawValue: code)) != nil { throw AppError.classNotStudent(code) }
                throw AppError.unknownSubject(code)
            }
            guard let schoolClass = try session.schoolClass(student.schoolClass) else {
                throw AppError.unknownClass(student.schoolClass.rawValue)
            }
            let department = try session.department(ofMajor: schoolClass.major)
            guard let view = AccessPolicy.cardView(
                principal, of: student, in: schoolClass, department: department, book: book,
                courseName: { try? session.course($0)?.name })
            else { throw AppError.forbidden(AccessPolicy.Refusal.notYourStudent) }
            let subject = Subject.student(student.id)
            let totals = try session.domainTotals(subject)
            let chosen = try chooseSemester(semester, totals: totals, calendar: calendar)
            let ordered = calendar.semesters.map(\.id).filter { totals[$0] != nil || $0 == chosen.id }
            let balance = Balance(books: books, totals: totals)
            // (Worked out only for a reader who sees the whole card: a partial view shows no 增值.)
            let comparison = view.isWhole ? try ValueAddedComparison.make(
                subject, chosen: chosen, totals: totals, today: clock.today(), session: session, books: books, calendar: calendar,
                clock: clock) : nil
            let domains = Domain.allCases.map { domain in
                let raw = totals[chosen.id]?[domain] ?? .zero
                let capped = balance.capped(raw, domain, in: chosen.id)
                return AccountReport.DomainLine(
                    domain: domain, name: domain.chineseName, semester: capped, uncapped: capped == raw ? nil : raw,
                    valueAdded: comparison.map { capped - $0.subtotal(domain) },
                    sinceEnrolment: ordered.reduce(.zero) { $0 + balance.subtotal($1, domain) },
                    bySemester: ordered.map { balance.subtotal($0, domain) })
            }
            // Points in domain order, then as the rule files list them.
            let order = Dictionary(uniqueKeysWithValues: book.points.enumerated().map { index, point in
                (point.id, (Domain.allCases.firstIndex(of: point.domain) ?? 0) * book.points.count + index)
            })
            // Sensitive points (心理辅导频次, 心理健康普查) show their content to the student's 辅导员
            // only; other staff see that something exists; the student's own card does not list
            // them at all. Readers with a partial view see only their points.
            let isSensitive = { (id: PointID) in book[id]?.isSensitive == true }
            var lines = try session.pointTotals(subject, semester: chosen.id)
                .filter { view.showsFigure(of: $0.key) && !isSensitive($0.key) }
                .map { id, points in
                    AccountReport.PointLine(id: id.rawValue, name: book[id]?.name ?? id.rawValue,
                                            domain: book[id]?.domain ?? .academic, points: points, isWithheld: false, value: nil)
                }
            for point in book.points where view.shows(point.id) && !view.showsFigure(of: point.id) && !point.isSensitive {
                if let line = try ownRecordsLine(point, of: subject, semester: chosen.id, view: view, session: session) {
                    lines.append(line)
                }
            }
            var sensitiveShown = false
            let sensitive = view.isOwnCard ? [] : book.points.filter { $0.isSensitive && view.shows($0.id) }
            let sensitiveValues = try session.liveValues(subject, points: sensitive.map(\.id), semester: chosen.id)
            for point in sensitive {
                let values = (sensitiveValues[point.id] ?? []).map(\.text)
                guard !values.isEmpty else { continue }
                sensitiveShown = sensitiveShown || view.seesSensitive
                lines.append(AccountReport.PointLine(
                    id: point.id.rawValue, name: point.name, domain: point.domain, points: .zero, isWithheld: !view.seesSensitive,
                    value: view.seesSensitive ? values.joined(separator: "、") : nil))
            }
            let pointLines = lines.sorted {
                (order[PointID(rawValue: $0.id)] ?? Int.max, $0.id) < (order[PointID(rawValue: $1.id)] ?? Int.max, $1.id)
            }
            // Enough to fill `limit` after leaving out what this reader may not see: a partial view
            // (a 任课教师) skips most records; a whole card only the few sensitive ones.
            let recent = try session.recentRecords(subject, limit: view.isWhole ? limit + 8 : limit * 8)
                .filter { view.shows($0.record) && (view.seesSensitive || !isSensitive($0.record.point)) }.prefix(limit)
            let credited = try session.creditedPoints(records: recent.compactMap(\.record.id))
            let appeals = try session.appeals(of: student.id)
            let entries = recent.map { record, staffName in
                entryLine(record, staffName: staffName, book: book, calendar: calendar, cohort: schoolClass.cohort,
                          credited: record.id.flatMap { credited[$0] },
                          appeal: appeals.first { $0.record == record.id }?.statusName)
            }
            let whole = view.isWhole
            return AccountReport(
                studentID: student.id.rawValue, name: student.name, classID: schoolClass.id.rawValue,
                className: schoolClass.name, semester: chosen.id.rawValue, semesterName: chosen.chineseName,
                semesters: ordered.map(\.rawValue),
                trend: whole ? ordered.map { id in
                    SemesterScores(semester: id.rawValue, semesterName: calendar.semester(id)?.chineseName ?? id.rawValue,
                                   subtotals: Domain.allCases.map { balance.subtotal(id, $0) }, total: balance.total(id))
                } : [],
                domains: whole ? domains : [],
                semesterTotal: whole ? balance.total(chosen.id) : .zero,
                totalValueAdded: whole ? comparison.map { balance.total(chosen.id) - $0.total } : nil,
                valueAddedSemester: whole ? comparison?.previous.rawValue : nil,
                valueAddedAsOf: whole ? comparison?.asOf : nil,
                totalSinceEnrolment: whole ? ordered.reduce(.zero) { $0 + balance.total($1) } : .zero,
                points: pointLines, recent: entries,
                appeals: view.isOwnCard || whole ? try appeals.map { try appealLine($0, session: session, book: book) } : [],
                isPartial: !whole, isOwnCard: view.isOwnCard,
                showsSensitive: sensitiveShown || entries.contains { isSensitive(PointID(rawValue: $0.pointID)) },
                reminders: view.isOwnCard ? try reminders(student.id, session: session, book: book) : [])
        }
    }

    /// A point whose ledger figure mixes records the reader may not see (a 准时率 over every
    /// course's sessions), summed up from the records they do see: their own course's.
    ///
    /// Points a record earns by itself are added up; a point scored over the semester shows the
    /// share or mean of the reader's records, never the student's points for it.
    func ownRecordsLine(
        _ point: ScoringPoint, of subject: Subject, semester: SemesterID, view: CardView, session: CardSession
    ) throws -> AccountReport.PointLine? {
        let records = try session.liveRecords(subject, point.id, semester: semester).filter(view.shows)
        guard !records.isEmpty else { return nil }
        let perRecord = point.isScored && !point.scoring.aggregatesPeriod
        let credited = perRecord ? try session.creditedPoints(records: records.compactMap(\.id)) : [:]
        let points = credited.values.reduce(Points.zero, +)
        let summary: String
        if point.value.kind == .boolean {
            let yes = records.filter { $0.value.number > 0 }.count
            let share = RecordValue.format((Double(yes) * 1000 / Double(records.count)).rounded() / 10)
            summary = "您的课程 \(records.count) 次，是 \(yes) 次（\(share)%）"
        } else if records.count == 1 {
            summary = "您的课程：\(records[0].value.text)"
        } else {
            let mean = records.reduce(0) { $0 + $1.value.number } / Double(records.count)
            summary = "您的课程 \(records.count) 条，均 \(RecordValue.format((mean * 10).rounded() / 10))"
        }
        return AccountReport.PointLine(
            id: point.id.rawValue, name: point.name, domain: point.domain, points: points, isWithheld: false,
            value: perRecord ? nil : summary)
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
        credited: Points?, appeal: String?
    ) -> AccountReport.EntryLine {
        let point = book[record.point]
        let label = point.flatMap {
            try? calendar.period(for: $0.timing, on: record.date, session: record.session, cohort: cohort).label
        } ?? record.periodKey
        let perRecord = point.map { !$0.scoring.aggregatesPeriod && $0.isScored } ?? false
        return AccountReport.EntryLine(
            date: record.date, pointID: record.point.rawValue, pointName: point?.name ?? record.point.rawValue,
            domain: point?.domain, period: label, value: record.value.text + (point?.value.kind == .rate ? "%" : ""),
            points: perRecord ? (credited ?? .zero) : nil, recordedBy: staffName, isCorrection: record.supersedes != nil,
            recordID: record.id?.rawValue ?? 0, appeal: appeal)
    }

    /// A student's active 学业 and 就业 warnings in encouraging words, with the advice.
    private func reminders(_ student: StudentID, session: CardSession, book: RuleBook) throws -> [String] {
        try session.warnings(of: student).filter {
            $0.status.isActive && ($0.category == .academic || $0.category == .employment) && !$0.isNoData
        }.map { warning in
            let rule = book.risks.first { $0.id == warning.rule }
            return "\(rule?.name ?? warning.rule)：\(warning.evidence)。老师会和你一起想办法——\(rule?.advice ?? "请主动联系班主任")。"
        }
    }

    func appealLine(_ appeal: Appeal, session: CardSession, book: RuleBook) throws -> AccountReport.AppealLine {
        let record = try session.record(appeal.record)
        return AccountReport.AppealLine(
            id: appeal.id, recordID: appeal.record.rawValue,
            pointName: record.flatMap { book[$0.point]?.name } ?? "", value: record?.value.text ?? "", reason: appeal.reason,
            status: appeal.statusName, answer: appeal.answer?.reason, correctionID: appeal.answer?.correction?.rawValue)
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
