import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore

extension CardApp {
    /// 学生发展诊改报告 of one student (nil: the principal's own), for one semester (default as
    /// `czk account` chooses). Readers as for the card; a reader who sees only some points
    /// (a 任课教师) gets no report, since a report without the whole card would mislead.
    public func studentReport(of code: String? = nil, by principal: Principal, semester: String? = nil) throws -> StudentReport {
        let card = try account(of: code, by: principal, semester: semester, recent: 8)
        return try refusalsAudited(principal, "report student", subject: card.studentID) {
            guard !card.isPartial else {
                throw AppError.forbidden("诊改报告需要查看完整储值卡的权限（本人、班主任、辅导员、学工办、教研室或管理员）")
            }
            let books = try ruleBooks()
            let school = try database.read { try $0.meta("school") } ?? ""
            return try database.read { session in
                let student = StudentID(rawValue: card.studentID)
                let chosen = SemesterID(rawValue: card.semester)
                let book = books.book(for: chosen)
                let classID = ClassID(rawValue: card.classID)
                let classmates = Set(try session.students(in: classID).map(\.id)).union([student])
                let standings = try memberStandings(classmates, session: session, books: books, semester: chosen, classes: [classID])
                let averages = Self.averages(standings.values.map(\.subtotals), count: classmates.count)
                let myTotal = card.semesterTotal
                var comparison = card.domains.enumerated().map { index, line in
                    StudentReport.Comparison(domain: line.domain, name: line.name, student: line.semester,
                                             classAverage: averages[index])
                }
                comparison.append(.init(domain: nil, name: "总分汇总", student: myTotal,
                                        classAverage: Self.mean(standings.values.map(\.total), count: classmates.count)))
                let (strengths, improvements) = try pointNotes(
                    card, book: book, classTotals: try session.memberPointTotals(of: classID, semester: chosen), members: classmates.count)
                let warnings = try reportWarnings(
                    of: [(.student(student), card.name, classID)], reader: principal, session: session, book: book)
                return StudentReport(
                    school: school, generatedOn: clock.today(), card: card, trend: card.trend, comparison: comparison,
                    rankInClass: standings.values.filter { $0.total > myTotal }.count + 1, classSize: classmates.count,
                    strengths: strengths, improvements: improvements, warnings: warnings,
                    advice: Self.advice(warnings: warnings, improvements: improvements),
                    recent: card.recent.filter { book[PointID(rawValue: $0.pointID)]?.isSensitive != true },
                    isConfidential: warnings.contains { WarningCategory(rawValue: $0.category)?.isSensitive == true })
            }
        }
    }

    /// 班级发展报告: the class card, members' spread per domain, warnings the reader may see,
    /// and the points recorded late or never. Readers as for the class card; members are those
    /// of the semester. A point-limited reader (a 任课教师) gets each member's own points only —
    /// the records of the courses they teach — and no subtotal, total, spread or rank.
    public func classDevelopmentReport(_ code: String, by principal: Principal, semester: String? = nil) throws -> ClassDevelopmentReport {
        let card = try classCard(code, by: principal, semester: semester)
        let books = try ruleBooks()
        let calendar = try calendar()
        let school = try database.read { try $0.meta("school") } ?? ""
        let today = clock.today()
        var report = try database.read { session in
            let classID = ClassID(rawValue: card.classID)
            let chosen = SemesterID(rawValue: card.semester)
            let book = books.book(for: chosen)
            guard let schoolClass = try session.schoolClass(classID), let term = calendar.semester(chosen),
                let view = AccessPolicy.classView(
                    principal, of: schoolClass, department: try session.department(ofMajor: schoolClass.major), book: book,
                    courseName: { try? session.course($0)?.name })
            else { throw AppError.forbidden(AccessPolicy.Refusal.notYourClass) }
            let students = try members(of: classID, in: term, session: session)
            var subjects: [(subject: Subject, name: String, schoolClass: ClassID)] = [(.schoolClass(classID), card.className, classID)]
            subjects += students.map { (.student($0.id), $0.name, classID) }
            let warnings = try reportWarnings(of: subjects, reader: principal, session: session, book: book)
            // A point-limited reader's own recording only: not how their colleagues keep up.
            let timeliness = try classTimeliness(
                classID, semester: chosen, book: book, calendar: calendar, today: today, session: session,
                only: view.isWhole ? nil : principal.staff?.id
            ).filter { view.shows(PointID(rawValue: $0.pointID)) }
            guard view.isWhole else {
                let members = try students.map { student in
                    let own = try book.points.filter { view.shows($0.id) && !$0.isSensitive && $0.scope == .individual }.compactMap {
                        try ownRecordsLine($0, of: .student(student.id), semester: chosen, view: view, session: session)
                    }
                    return ClassDevelopmentReport.Member(id: student.id.rawValue, name: student.name, subtotals: [], total: .zero, points: own)
                }
                return ClassDevelopmentReport(
                    school: school, generatedOn: today, card: card, trend: [], distributions: [], members: members,
                    warnings: warnings, timeliness: timeliness.map(\.line),
                    isConfidential: warnings.contains { WarningCategory(rawValue: $0.category)?.isSensitive == true })
            }
            let standings = try memberStandings(
                Set(students.map(\.id)), session: session, books: books, semester: chosen,
                classes: Array(Set(students.map(\.schoolClass)).union([classID])))
            let members = students.map { student in
                let standing = standings[student.id] ?? .empty
                return ClassDevelopmentReport.Member(
                    id: student.id.rawValue, name: student.name, subtotals: standing.subtotals, total: standing.total, points: [])
            }.sorted { ($1.total, $0.id) < ($0.total, $1.id) }
            var distributions = Domain.allCases.enumerated().map { index, domain in
                Distribution(name: domain.chineseName, values: members.map { $0.subtotals[index] })
            }
            distributions.append(Distribution(name: "总分汇总", values: members.map(\.total)))
            var trend: [SemesterScores] = []
            if let previous = calendar.semester(before: chosen), let added = card.totalValueAdded {
                trend.append(SemesterScores(
                    semester: previous.id.rawValue,
                    semesterName: previous.chineseName + (card.valueAddedAsOf.map { $0 < previous.end ? "（截至 \($0)）" : "" } ?? ""),
                    subtotals: card.domains.map { $0.semester - ($0.valueAdded ?? .zero) }, total: card.total - added))
            }
            trend.append(SemesterScores(semester: card.semester, semesterName: card.semesterName,
                                        subtotals: card.domains.map(\.semester), total: card.total))
            return ClassDevelopmentReport(
                school: school, generatedOn: today, card: card, trend: trend, distributions: distributions, members: members,
                warnings: warnings, timeliness: timeliness.map(\.line),
                isConfidential: warnings.contains { WarningCategory(rawValue: $0.category)?.isSensitive == true })
        }
        // What came of the class's follow-ups, for those who see the whole class (not a 任课教师).
        // 心理 and 理财 lines only for whom the class's report is confidential (its 辅导员): in one
        // class, even "<3" and "学生离校" can point at a student.
        if report.card.notice == nil {
            let outcomes = try riskOutcomes(semester: card.semester, by: principal, only: ClassID(rawValue: card.classID))
            report.followUps = report.isConfidential ? outcomes : RiskOutcomes(
                semester: outcomes.semester, semesterName: outcomes.semesterName, asOf: outcomes.asOf,
                rows: outcomes.rows.filter { WarningCategory(rawValue: $0.category)?.isSensitive != true })
        }
        return report
    }

    /// 学院诊改数据报告 for the admin (the whole college) and 学工办 (their 系部): averages per 系部,
    /// 专业 and 班级, open warnings by category and level, and the share of records entered on time
    /// per owner and role.
    public func collegeReport(by principal: Principal, semester: String? = nil) throws -> CollegeReport {
        try refusalsAudited(principal, "report college", subject: "") {
            guard principal.isAdmin || principal.assignments.contains(where: { $0.role == .studentAffairs }) else {
                throw AppError.forbidden("学院报告面向学工办和管理员")
            }
            let books = try ruleBooks()
            let calendar = try calendar()
            let today = clock.today()
            let chosen = try startedSemester(semester, calendar: calendar, today: today)
            var report = try database.read { session in
                try collegeReport(principal, semester: chosen, books: books, calendar: calendar, today: today, session: session)
            }
            report.followUps = try riskOutcomes(semester: chosen.id.rawValue, by: principal)
            try audit(principal, "report college", subject: chosen.id.rawValue, .ok, report.scope)
            return report
        }
    }

    private func collegeReport(
        _ principal: Principal, semester: Semester, books: RuleBooks, calendar: SchoolCalendar, today: LocalDate, session: CardSession
    ) throws -> CollegeReport {
        var reach = ReachCache(session: session)
        let scope: Set<ClassID>? = principal.isAdmin ? nil : Set(try reach.reached(by: Principal(
            principal.person, assignments: principal.assignments.filter { $0.role == .studentAffairs })))
        let classes = try session.classes().filter { scope?.contains($0.id) ?? true }
        let students = try session.allStudents(on: today).filter { scope?.contains($0.schoolClass) ?? true }
        let standings = try memberStandings(
            Set(students.map(\.id)), session: session, books: books, semester: semester.id, classes: scope.map { Array($0) })
        let majors = Dictionary(uniqueKeysWithValues: try session.majors().map { ($0.id, $0) })
        let departments = try session.departments()
        let open = try session.allWarnings(activeOnly: true, classes: scope.map { Array($0).sorted { $0.rawValue < $1.rawValue } })

        func unit(_ level: String, _ code: String, _ name: String, classes members: Set<ClassID>) -> CollegeReport.Unit {
            let inUnit = students.filter { members.contains($0.schoolClass) }
            let scores = inUnit.map { standings[$0.id] ?? .empty }
            var counts: [String: Int] = [:]
            for (warning, schoolClass, _) in open where members.contains(schoolClass) && !warning.category.isSensitive {
                counts[warning.category.rawValue, default: 0] += 1
            }
            return CollegeReport.Unit(
                level: level, code: code, name: name, students: inUnit.count,
                averages: Self.averages(scores.map(\.subtotals), count: inUnit.count),
                averageTotal: Self.mean(scores.map(\.total), count: inUnit.count), warnings: counts)
        }
        var units: [CollegeReport.Unit] = []
        for department in departments {
            let inDepartment = classes.filter { majors[$0.major]?.department == department.id }
            guard !inDepartment.isEmpty else { continue }
            units.append(unit("系部", department.id.rawValue, department.name, classes: Set(inDepartment.map(\.id))))
            for major in majors.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) where major.department == department.id {
                let inMajor = inDepartment.filter { $0.major == major.id }
                guard !inMajor.isEmpty else { continue }
                units.append(unit("专业", major.id.rawValue, major.name, classes: Set(inMajor.map(\.id))))
                for schoolClass in inMajor {
                    units.append(unit("班级", schoolClass.id.rawValue, schoolClass.name, classes: [schoolClass.id]))
                }
            }
        }
        let warnings = WarningCategory.allCases.flatMap { category in
            WarningLevel.allCases.reversed().map { level in
                let count = open.filter { $0.warning.category == category && $0.warning.level == level }.count
                return CollegeReport.WarningCount(
                    category: category.rawValue, level: level.rawValue,
                    count: category.isSensitive && (1...2).contains(count) ? nil : count)
            }
        }
        let (roles, owners) = try ownerTimeliness(
            scope: scope, semester: semester, book: books.book(for: semester.id), calendar: calendar, today: today, session: session)
        let scores = students.map { standings[$0.id] ?? .empty }
        return CollegeReport(
            school: try session.meta("school") ?? "", generatedOn: today, semester: semester.id.rawValue,
            semesterName: semester.chineseName, students: students.count, classes: classes.count,
            averages: Self.averages(scores.map(\.subtotals), count: students.count),
            averageTotal: Self.mean(scores.map(\.total), count: students.count), units: units, warnings: warnings,
            roles: roles, owners: owners, scope: scope == nil ? "全院" : "本人负责的系部（\(classes.count) 个班级）")
    }
}

// MARK: - Pieces

/// A student's capped subtotals (学业, 个人, 职业) and 总分汇总 in one semester.
struct Standing {
    let subtotals: [Points]
    let total: Points
    static let empty = Standing(subtotals: Domain.allCases.map { _ in .zero }, total: .zero)
}

extension CardApp {
    /// Each of these students' standing in one semester, from one aggregate over the ledger.
    func memberStandings(
        _ students: Set<StudentID>, session: CardSession, books: RuleBooks, semester: SemesterID, classes: [ClassID]?
    ) throws -> [StudentID: Standing] {
        var raw: [StudentID: [Domain: Points]] = [:]
        for line in try session.memberBalances(classes: classes, semesters: [semester]) where students.contains(line.student) {
            raw[line.student, default: [:]][line.domain] = line.points
        }
        return raw.mapValues { domains in
            let balance = Balance(books: books, totals: [semester: domains])
            return Standing(subtotals: Domain.allCases.map { balance.subtotal(semester, $0) }, total: balance.total(semester))
        }
    }

    /// The mean of each domain's subtotal over `count` people (those without entries count as 0).
    static func averages(_ subtotals: [[Points]], count: Int) -> [Points] {
        Domain.allCases.indices.map { index in mean(subtotals.map { $0[index] }, count: count) }
    }

    static func mean(_ values: [Points], count: Int) -> Points {
        count == 0 ? .zero : Points(Double(values.reduce(0) { $0 + $1.hundredths }) / 100 / Double(count))
    }

    /// The student's three points furthest above the class average, and three furthest below,
    /// among the scored, non-sensitive per-student points.
    private func pointNotes(
        _ card: AccountReport, book: RuleBook, classTotals: [StudentID: [PointID: Points]], members: Int
    ) throws -> ([StudentReport.PointNote], [StudentReport.PointNote]) {
        let mine = Dictionary(card.points.filter { !$0.isWithheld }.map { (PointID(rawValue: $0.id), $0.points) }) { a, _ in a }
        var sums: [PointID: Int] = [:]
        for points in classTotals.values {
            for (point, value) in points { sums[point, default: 0] += value.hundredths }
        }
        let notes = book.points.filter { $0.isEnabled && $0.isScored && !$0.isSensitive && $0.scope == .individual }.compactMap { point in
            let value = mine[point.id] ?? .zero
            let average = members == 0 ? Points.zero : Points(Double(sums[point.id] ?? 0) / 100 / Double(members))
            guard value != .zero || average != .zero else { return nil as (StudentReport.PointNote, Double)? }
            let scale = max(abs(average.value), 1)
            return (StudentReport.PointNote(
                id: point.id.rawValue, name: point.name, domain: point.domain, points: value, classAverage: average,
                owners: point.owners.map(\.chineseName).joined(separator: "、"), timing: point.timing.chineseName),
                (value - average).value / scale)
        }
        let strengths = notes.filter { $0.1 > 0.05 && $0.0.points > .zero }.sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }.prefix(3)
        let improvements = notes.filter { $0.1 < -0.05 }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.prefix(3)
        return (strengths.map(\.0), improvements.map(\.0))
    }

    /// The rules' advice for each warning, then one line per point to improve.
    static func advice(warnings: [ReportWarning], improvements: [StudentReport.PointNote]) -> [String] {
        var lines: [String] = []
        for warning in warnings where !warning.advice.isEmpty {
            let line = "\(warning.ruleName)：\(warning.advice)"
            if !lines.contains(line) { lines.append(line) }
        }
        for note in improvements {
            lines.append("「\(note.name)」本学期 \(note.points) 分，班级平均 \(note.classAverage) 分：由\(note.owners)在\(note.timing)采分，下一次采分前可以主动争取。")
        }
        if lines.isEmpty { lines.append("各项均不低于班级平均，保持现在的节奏，并可尝试竞赛、证书和社会实践等加分项。") }
        return lines
    }

    /// Per point, the class's records for periods already due: on time, late, never. Worst first.
    private func classTimeliness(
        _ classID: ClassID, semester: SemesterID, book: RuleBook, calendar: SchoolCalendar, today: LocalDate, session: CardSession,
        only reader: StaffID? = nil
    ) throws -> [(pointID: String, line: Timeliness)] {
        guard let semester = calendar.semester(semester) else { return [] }
        let obligations = try Obligations(session: session, calendar: calendar, semester: semester, day: today)
        guard let place = obligations.classes.first(where: { $0.0.id == classID }) else { return [] }
        let holders = Set(try session.allAssignments().filter { $0.covers(place.0, department: place.1) }.map(\.staff))
        var seen = Set<String>()
        var byPoint: [String: [Obligation]] = [:]
        for staff in holders.sorted(by: { $0.rawValue < $1.rawValue }) where reader == nil || staff == reader {
            guard let person = try session.staff(staff), !person.isAdmin else { continue }
            for owed in try obligations.owed(by: person, book: book, only: [classID], periods: { $0.dueOn < today })
            where seen.insert("\(owed.item.pointID)|\(owed.item.subject)|\(owed.item.periodKey)").inserted {
                byPoint[owed.item.pointID, default: []].append(owed)
            }
        }
        return byPoint.map { point, owed in
            (point, Self.timeliness(label: owed[0].item.pointName, owner: book[PointID(rawValue: point)].map {
                $0.owners.map(\.chineseName).joined(separator: "、") } ?? "", owed))
        }.sorted { ($0.line.onTimeShare ?? 1, $0.line.label) < ($1.line.onTimeShare ?? 1, $1.line.label) }
    }

    /// Per role and per person, within `scope` (nil: every class), periods already due.
    private func ownerTimeliness(
        scope: Set<ClassID>?, semester: Semester, book: RuleBook, calendar: SchoolCalendar, today: LocalDate, session: CardSession
    ) throws -> ([Timeliness], [Timeliness]) {
        let obligations = try Obligations(session: session, calendar: calendar, semester: semester, day: today)
        var byRole: [OwnerRole: [Obligation]] = [:]
        var owners: [Timeliness] = []
        for person in try session.allStaff() where !person.isAdmin {
            let owed = try obligations.owed(by: person, book: book, only: scope, periods: { $0.dueOn < today })
            guard !owed.isEmpty else { continue }
            for item in owed { byRole[item.role, default: []].append(item) }
            let roles = Set(owed.map(\.role)).sorted { $0.rawValue < $1.rawValue }.map(\.chineseName).joined(separator: "、")
            owners.append(Self.timeliness(label: "\(person.name)（\(person.id.rawValue)）", owner: roles, owed))
        }
        let roles = OwnerRole.allCases.compactMap { role in
            byRole[role].map { Self.timeliness(label: role.chineseName, owner: role.chineseName, $0) }
        }
        return (roles, owners.sorted { ($0.onTimeShare ?? 1, $0.label) < ($1.onTimeShare ?? 1, $1.label) })
    }

    static func timeliness(label: String, owner: String, _ owed: [Obligation]) -> Timeliness {
        let onTime = owed.filter(\.isOnTime).count
        let never = owed.filter { $0.firstEntered == nil }.count
        return Timeliness(label: label, owner: owner, expected: owed.count, onTime: onTime, late: owed.count - onTime - never, never: never)
    }
}
