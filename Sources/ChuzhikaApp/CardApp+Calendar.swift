import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaDefaults

/// What `czk calendar set` did to each semester.
public struct CalendarReport: Hashable, Codable, Sendable {
    public struct Line: Hashable, Codable, Sendable {
        public let semester: String
        public let name: String
        public let start: LocalDate
        public let end: LocalDate
        public let teachingStart: LocalDate
        public let teachingWeeks: Int
        /// 新增, 修改, 不变, or 保留 (in the database, not in the file).
        public let status: String
        public let records: Int
        public let isCurrent: Bool
    }

    public let semesters: [Line]
    public let today: LocalDate
}

extension CardApp {
    /// Sets the school calendar from a checked file: new semesters are added, changed ones
    /// replaced. A semester that holds records may only have its end moved later.
    public func setCalendar(_ calendar: SchoolCalendar, by principal: Principal) throws -> CalendarReport {
        try requireAdmin(principal, to: "修改校历", action: "calendar set", subject: "")
        return try database.write { session in
            let current = try session.calendar()
            var statuses: [SemesterID: String] = [:]
            for semester in calendar.semesters {
                guard let old = current.semester(semester.id) else {
                    statuses[semester.id] = "新增"
                    try session.save(semester)
                    continue
                }
                if old == semester {
                    statuses[semester.id] = "不变"
                    continue
                }
                let records = try session.recordCount(in: semester.id)
                let onlyLonger = old.start == semester.start && old.teachingStart == semester.teachingStart
                    && old.teachingWeeks == semester.teachingWeeks && semester.end > old.end
                if records > 0 && !onlyLonger {
                    throw AppError.calendarConflict(semester.id, reason: "已有 \(records) 条记录，起始日期和教学周不能再改")
                }
                statuses[semester.id] = "修改"
                try session.save(semester)
            }
            let merged = try session.calendar()
            // Semesters must still not overlap once the file's and the kept ones are together.
            for (a, b) in zip(merged.semesters, merged.semesters.dropFirst()) where b.start <= a.end {
                throw AppError.calendarConflict(b.id, reason: "与 \(a.id.rawValue) 重叠（\(a.start)～\(a.end)）")
            }
            try session.append(entry(principal, principal.code, "calendar set", "", .ok,
                                     statuses.filter { $0.value != "不变" }.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: "，")))
            return try report(merged, statuses: statuses, session: session)
        }
    }

    /// The calendar as it stands, with each semester's record count and today's semester marked.
    public func calendarReport(by principal: Principal) throws -> CalendarReport {
        try database.read { session in try report(session.calendar(), statuses: [:], session: session) }
    }

    private func report(_ calendar: SchoolCalendar, statuses: [SemesterID: String], session: CardSession) throws -> CalendarReport {
        let today = clock.today()
        return CalendarReport(
            semesters: try calendar.semesters.map { s in
                CalendarReport.Line(
                    semester: s.id.rawValue, name: s.chineseName, start: s.start, end: s.end, teachingStart: s.teachingStart,
                    teachingWeeks: s.teachingWeeks, status: statuses[s.id] ?? (statuses.isEmpty ? "" : "保留"),
                    records: try session.recordCount(in: s.id), isCurrent: s.contains(today))
            },
            today: today)
    }
}

extension CardApp {
    /// A template shipped inside czk (`Seeds/templates/NAME`): calendar.yaml, classes.csv …
    public static func template(_ name: String) -> String? {
        DefaultFiles.files(in: "Seeds/templates")[name]
    }
}
