import ChuzhikaCore
import Foundation
import Yams

/// The demo college as read from Seeds/demo-school: roster and calendar.
public struct SchoolSeed: Sendable {
    public let name: String
    public let roster: Roster
    public let calendar: SchoolCalendar

    public init(name: String, roster: Roster, calendar: SchoolCalendar) {
        self.name = name
        self.roster = roster
        self.calendar = calendar
    }
}

/// Reads a seeds folder (school.yaml, calendar.yaml, classes.csv, staff.csv, assignments.csv,
/// students.csv), reporting every problem with its file and line.
public enum SeedLoader {
    public static func load(folder: String) throws -> SchoolSeed {
        var problems: [Diagnostic] = []
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func text(_ name: String) -> String {
            guard let data = FileManager.default.contents(atPath: path(name)) else {
                problems.append(Diagnostic(SourceLocation(file: path(name), line: 1), "找不到文件 \(name)"))
                return ""
            }
            return String(decoding: data, as: UTF8.self)
        }
        func sheet(_ name: String, _ required: [String]) -> Sheet {
            let (sheet, diagnostics) = Sheet.parse(text(name), file: path(name), required: required)
            problems += diagnostics
            return sheet
        }
        var roster = Roster()
        func yaml(_ name: String) -> Node? {
            do {
                return try Yams.compose(yaml: text(name))
            } catch {
                problems.append(Diagnostic(SourceLocation(file: path(name), line: 1), "YAML 无法解析：\(error)"))
                return nil
            }
        }
        let school = yaml("school.yaml")
        let calendarYAML = yaml("calendar.yaml")
        // Scalars are read as written: a date stays the text 2025-09-01.
        func entries(_ key: String, in root: Node?) -> [[String: String]] {
            (root?.mapping?[key]?.sequence ?? []).map { item in
                var fields: [String: String] = [:]
                for (k, v) in item.mapping ?? [:] { fields[k.string ?? ""] = v.string ?? "" }
                return fields
            }
        }
        roster.departments = entries("departments", in: school).compactMap { e in
            e["code"].map { Department(id: DepartmentID(rawValue: $0), name: e["name"] ?? $0) }
        }
        roster.majors = entries("majors", in: school).compactMap { e in
            guard let code = e["code"], let dept = e["department"] else { return nil }
            return Major(id: MajorID(rawValue: code), name: e["name"] ?? code, department: DepartmentID(rawValue: dept))
        }
        roster.courses = entries("courses", in: school).compactMap { e in
            e["code"].map { Course(id: CourseID(rawValue: $0), name: e["name"] ?? $0) }
        }
        var semesters: [Semester] = []
        for e in entries("semesters", in: calendarYAML) {
            guard let year = e["year"], let ordinal = e["ordinal"].flatMap(Int.init),
                let start = e["start"].flatMap(LocalDate.init), let end = e["end"].flatMap(LocalDate.init),
                let teaching = e["teaching_start"].flatMap(LocalDate.init), let weeks = e["teaching_weeks"].flatMap(Int.init)
            else {
                problems.append(Diagnostic(SourceLocation(file: path("calendar.yaml"), line: 1), "学期信息不完整：\(e)"))
                continue
            }
            semesters.append(Semester(academicYear: year, ordinal: ordinal, start: start, end: end,
                                      teachingStart: teaching, teachingWeeks: weeks))
        }
        for row in sheet("classes.csv", ["code", "name", "major", "cohort"]).rows {
            guard let code = row["code"], let major = row["major"], let cohort = row["cohort"].flatMap(Int.init) else {
                problems.append(Diagnostic(SourceLocation(file: path("classes.csv"), line: row.line), "班级信息不完整"))
                continue
            }
            roster.classes.append(SchoolClass(id: ClassID(rawValue: code), name: row["name"] ?? code, major: MajorID(rawValue: major),
                                              cohort: Cohort(enrollmentYear: cohort, programYears: row["program_years"].flatMap(Int.init) ?? 3)))
        }
        for row in sheet("students.csv", ["code", "name", "class"]).rows {
            guard let code = row["code"], let name = row["name"], let c = row["class"] else {
                problems.append(Diagnostic(SourceLocation(file: path("students.csv"), line: row.line), "学生信息不完整"))
                continue
            }
            roster.students.append(Student(id: StudentID(rawValue: code), name: name, schoolClass: ClassID(rawValue: c)))
        }
        for row in sheet("staff.csv", ["code", "name"]).rows {
            guard let code = row["code"], let name = row["name"] else { continue }
            roster.staff.append(Staff(id: StaffID(rawValue: code), name: name, isAdmin: row["admin"] == "yes"))
        }
        for row in sheet("assignments.csv", ["staff", "role"]).rows {
            guard let assignment = assignment(row, file: path("assignments.csv"), problems: &problems) else { continue }
            roster.assignments.append(assignment)
        }
        guard problems.isEmpty else { throw AppError.inputProblems(problems) }
        return SchoolSeed(name: school?.mapping?["name"]?.string ?? "演示学校", roster: roster, calendar: SchoolCalendar(semesters: semesters))
    }

    static func assignment(_ row: Sheet.Row, file: String, problems: inout [Diagnostic]) -> Assignment? {
        let location = SourceLocation(file: file, line: row.line)
        guard let staff = row["staff"], let roleText = row["role"], let role = OwnerRole(name: roleText) else {
            problems.append(Diagnostic(location, "未知的角色 \(row["role"] ?? "")"))
            return nil
        }
        let reach: Assignment.Reach
        if let course = row["course"], let c = row["class"] {
            reach = .course(CourseID(rawValue: course), in: ClassID(rawValue: c))
        } else if let c = row["class"] {
            reach = .schoolClass(ClassID(rawValue: c))
        } else if let d = row["department"] {
            reach = .department(DepartmentID(rawValue: d))
        } else if let m = row["major"] {
            reach = .major(MajorID(rawValue: m))
        } else {
            problems.append(Diagnostic(location, "任职没有写班级、系部或专业"))
            return nil
        }
        return Assignment(staff: StaffID(rawValue: staff), role: role, reach: reach)
    }
}
