import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaSeeding
import Foundation

/// `--sheet-memory 1000000`: `czk import` (the release binary, as a whole process) of a
/// per-session 考勤 sheet of 10,000 rows and of N rows, with every check, the ledger and the
/// warnings on: time, rows/s and peak memory, beside `sqlite3 .import` of the same CSV into a
/// bare table. A streamed sheet's memory must not grow with its length.
func sheetMemory(rows: Int, root: URL) throws {
    let runs = try importRuns(sizes: [10_000, rows], root: root)
    guard let first = runs.first else { return }
    print("| sheet rows | CSV size | czk import | rows/s | peak memory | sqlite3 .import (floor) | floor rows/s | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs {
        print("| \(run.rows.formatted()) | \(String(format: "%.1f MB", Double(run.bytes) / 1e6)) | \(String(format: "%.1f s", run.seconds)) "
            + "| \(Int(Double(run.rows) / run.seconds).formatted()) | \(String(format: "%.0f MB", Double(run.peakKiB) / 1024)) "
            + "(\(String(format: "%.2f×", Double(run.peakKiB) / Double(first.peakKiB)))) | \(String(format: "%.2f s", run.floorSeconds)) "
            + "| \(Int(Double(run.rows) / run.floorSeconds).formatted()) | \(String(format: "%.1f×", run.seconds / run.floorSeconds)) |")
    }
}

/// One `czk import` of a generated per-session sheet, beside `sqlite3 .import` of the same CSV.
struct ImportRun {
    let rows: Int
    let bytes: Int
    let seconds: Double
    let peakKiB: Int
    let floorSeconds: Double
    /// sqlite3 putting the same rows into the school's own `record` table, with its
    /// indexes, in one `INSERT … SELECT` (no checks, no ledger): what the schema alone costs.
    let tableFloorSeconds: Double
}

/// Imports a per-session 考勤 sheet of each size into a fresh 2,000-student school with the
/// release czk (every check, the ledger and warnings on), and the same CSV with sqlite3.
/// - Parameter keep: a folder to leave each size's school (before the import, `sheet-N.sqlite`)
///   and sheet (`考勤-N.csv`) in, for profiling the import by hand; nil removes them.
func importRuns(sizes: [Int], root: URL, keep: String? = option("--keep", "").nilIfEmpty) throws -> [ImportRun] {
    let czk = root.appendingPathComponent(".build/release/czk").path
    guard FileManager.default.isExecutableFile(atPath: czk) else {
        print("Build the release czk first: swift build -c release --static-swift-stdlib (at the top of the repository)")
        return []
    }
    let work = keep ?? NSTemporaryDirectory() + "czk-sheet-\(getpid())"
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
    let rules = try RuleDirectory.read(root.appendingPathComponent("ScoringRules").path)
    let semester = Semester(academicYear: "2025-2026", ordinal: 1, start: LocalDate("2025-09-01")!, end: LocalDate("2026-02-28")!,
                            teachingStart: LocalDate("2025-09-08")!, teachingWeeks: 18)
    // One course teacher (T001) teaching one course in 25 classes of 80: 2,000 students.
    var roster = Roster()
    let department = DepartmentID(rawValue: "D1"), major = MajorID(rawValue: "M1"), course = CourseID(rawValue: "X01")
    roster.departments = [Department(id: department, name: "信息工程系")]
    roster.majors = [Major(id: major, name: "软件技术", department: department)]
    roster.courses = [Course(id: course, name: "程序设计")]
    roster.staff = [Staff(id: StaffID(rawValue: "A001"), name: "管理员", isAdmin: true), Staff(id: StaffID(rawValue: "T001"), name: "任课教师")]
    for index in 0..<25 {
        let id = ClassID(rawValue: "C\(String(format: "%02d", index))")
        roster.classes.append(SchoolClass(id: id, name: "软件\(index)班", major: major, cohort: Cohort(enrollmentYear: 2024)))
        roster.assignments.append(Assignment(staff: StaffID(rawValue: "T001"), role: .courseTeacher, reach: .course(course, in: id)))
        for n in 0..<80 {
            roster.students.append(Student(id: StudentID(rawValue: "24\(String(format: "%02d", index))\(String(format: "%03d", n))"),
                                           name: "学生\(index)-\(n)", schoolClass: id))
        }
    }
    // Teaching days × sessions 1–8: 720 slots in the semester.
    let slots = (1...18).flatMap { week in
        (0..<5).flatMap { day in (1...8).map { (semester.span(ofWeek: week).start.adding(days: day), $0) } }
    }
    let environment = ["HOME": work, "CZK_TODAY": "2026-01-15"]
    var runs: [ImportRun] = []
    for size in sizes {
        let db = "\(work)/import-\(size).sqlite"
        let app = try CardApp.open(path: db, clock: .fixed(LocalDate("2026-01-15")!), hasher: .testing)
        try app.loadSchool(SchoolSeed(name: "sheet", roster: roster, calendar: SchoolCalendar(semesters: [semester])), rules: rules,
                           kind: "bench", password: "bench")
        let csv = "\(work)/考勤-\(size).csv"
        FileManager.default.createFile(atPath: csv, contents: nil)
        let out = FileHandle(forWritingAtPath: csv)!
        out.write(Data("学号,采分点,数值,日期,节次,课程\n".utf8))
        var written = 0
        var chunk = ""
        slotLoop: for (date, session) in slots {
            for (n, student) in roster.students.enumerated() {
                guard written < size else { break slotLoop }
                chunk += "\(student.id.rawValue),academic.punctuality,\((n + session) % 9 == 0 ? "否" : "是"),\(date),\(session),X01\n"
                written += 1
            }
            out.write(Data(chunk.utf8))
            chunk = ""
        }
        // A size that is not a whole number of slots ends inside one: its rows too.
        out.write(Data(chunk.utf8))
        try out.close()
        let bytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        _ = try runProcess(czk, ["login", "T001", "--db", db, "--password-stdin"], environment: environment, input: "bench\n")
        let tableFloorDB = "\(work)/table-floor-\(size).sqlite"
        _ = try runProcess("/usr/bin/sqlite3", [db, ".backup \(tableFloorDB)"])
        if let keep {
            _ = try runProcess("/usr/bin/sqlite3", [db, ".backup \(keep)/sheet-\(size).sqlite"])
        }
        let run = try runProcess(czk, ["import", csv, "--db", db], environment: environment)
        // The floor: sqlite3 reading the same CSV into a bare table, as a whole process.
        let floorDB = "\(work)/floor-\(size).sqlite"
        let floor = try runProcess("/usr/bin/sqlite3", [floorDB, ".mode csv", ".import \(csv) rows"])
        try? FileManager.default.removeItem(atPath: floorDB)
        let tableFloor = try runProcess("/usr/bin/sqlite3", [tableFloorDB, ".mode csv", ".import \(csv) sheet", """
            INSERT OR IGNORE INTO scoringPoint(code) VALUES ('academic.punctuality');
            INSERT INTO record(subjectKind, subjectId, scoringPointId, periodKey, semesterId, valueText, valueNumber, date,
              session, courseId, recordedBy, recordedAt, source)
            SELECT 0, s.id, (SELECT id FROM scoringPoint WHERE code = 'academic.punctuality'), x."日期" || '#' || x."节次",
              '2025-2026-1', x."数值", x."数值" = '是', x."日期", x."节次", (SELECT id FROM course WHERE code = 'X01'),
              (SELECT id FROM staff WHERE code = 'T001'), '2026-01-15T10:00:00Z', 'sheet'
            FROM sheet x JOIN student s ON s.code = x."学号";
            """])
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: tableFloorDB + suffix) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        if keep == nil { try? FileManager.default.removeItem(atPath: csv) }
        runs.append(ImportRun(rows: size, bytes: bytes, seconds: run.seconds, peakKiB: run.peakKiB, floorSeconds: floor.seconds,
                              tableFloorSeconds: tableFloor.seconds))
    }
    return runs
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
