import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaSeeding
import Foundation

// Release-mode benchmarks on a generated whole school. Prints a Markdown report for BENCHMARKS.md.
// Usage: swift run -c release czk-bench [--students 20000] [--semesters 1|2] [--sessions 1…12] [--db /tmp/bench.sqlite]
//        swift run -c release czk-bench --risk-quality 4000     (the labelled cohort's table)
//        swift run -c release czk-bench --sheet-memory 1000000  (streamed import: rows/s and peak memory)
//        swift run -c release czk-bench --floors [--runs 10] [--import-rows 100000]
//                                          (each operation as a process against sqlite3 as a process)
//        swift run -c release czk-bench --portal [--seconds 20]   (czk serve under wrk, on the --db a run left)
//        swift run -c release czk-bench --reuse --repeat [--day 2026-07-08] [--applies 2]
//                                          (record, account, correction, rules apply repeated on the --db a run left)
// Whole-process timings use the main package's release czk: run `swift build -c release --static-swift-stdlib` at the
// top of the repository first (skipped, and said so, when it is missing).

func option(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }

/// This process's CPU time so far, user and system: steadier than wall time on a shared machine,
/// and on PostgreSQL it separates the client's work from the time spent waiting for the server.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let micro = Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + micro / 1e6
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

let studentCount = Int(option("--students", "20000"))!
let semesterCount = Int(option("--semesters", "1"))!
let path = option("--db", NSTemporaryDirectory() + "czk-bench.sqlite")
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
if CommandLine.arguments.contains("--sheet-memory") {
    try sheetMemory(rows: Int(option("--sheet-memory", "1000000"))!, root: root)
    exit(0)
}
if CommandLine.arguments.contains("--risk-quality") {
    try riskQuality(students: Int(option("--risk-quality", "4000"))!)
    exit(0)
}

let calendar = SchoolCalendar(semesters: [
    Semester(academicYear: "2024-2025", ordinal: 2, start: LocalDate("2025-03-01")!, end: LocalDate("2025-08-31")!,
             teachingStart: LocalDate("2025-03-03")!, teachingWeeks: 18),
    Semester(academicYear: "2025-2026", ordinal: 1, start: LocalDate("2025-09-01")!, end: LocalDate("2026-02-28")!,
             teachingStart: LocalDate("2025-09-08")!, teachingWeeks: 18),
    Semester(academicYear: "2025-2026", ordinal: 2, start: LocalDate("2026-03-01")!, end: LocalDate("2026-08-31")!,
             teachingStart: LocalDate("2026-03-02")!, teachingWeeks: 18),
])
/// The semesters of records: 2025-2026-1 (one semester), or the whole year 2025-2026 (`--semesters 2`).
let generated = Array(calendar.semesters.dropFirst().prefix(semesterCount))
// Just after the teaching weeks of the last semester generated: its semester-end points are in,
// warnings are evaluated on a whole semester (2026-01-15 for one semester).
let today = generated.last!.teachingEnd.adding(days: 4)
/// Sessions a week of each course (`--sessions 12` with `--semesters 2`: ~50 M records at 20,000 students).
let sessionsPerCourse = Int(option("--sessions", "1"))!

if CommandLine.arguments.contains("--floors") {
    try floors(database: path, root: root, roster: SchoolGenerator.roster(students: studentCount),
               today: today, semester: generated.last!.id, runs: Int(option("--runs", "10"))!, importRows: Int(option("--import-rows", "100000"))!)
    exit(0)
}
if CommandLine.arguments.contains("--portal") {
    try portalLoad(database: path, root: root, students: SchoolGenerator.roster(students: studentCount).students,
                   seconds: Int(option("--seconds", "20"))!)
    exit(0)
}

// --reuse: keep an earlier run's database and time only the reads (for tuning a query).
let reuse = CommandLine.arguments.contains("--reuse") && CardApp.exists(path: path)
/// `--db postgres://…`: the same measures on PostgreSQL (no sqlite3 floors; no file size).
let onPostgres = path.hasPrefix("postgres")
if !reuse {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

let roster = SchoolGenerator.roster(students: studentCount)
let rules = try RuleDirectory.read(root.appendingPathComponent("ScoringRules").path)
// Logins with the cheap test hasher: the bench measures the card, not PBKDF2.
let app = try CardApp.open(path: path, clock: .fixed(today), hasher: .testing)
var principals: [String: Principal] = [:]
/// Each person logged in once, as a teacher would be for a week of work.
@MainActor func principal(_ code: String) throws -> Principal {
    if let known = principals[code] { return known }
    let found = try app.login(code, password: "bench").principal
    principals[code] = found
    return found
}
var report: [(String, String)] = []
if reuse && CommandLine.arguments.contains("--repeat") {
    report = try repeatedOperations(app: app, roster: roster, rules: rules, day: LocalDate(option("--day", "2026-07-08"))!,
                                    applies: Int(option("--applies", "2"))!, principal: principal)
    print("| measure | result |\n|---|---|")
    for (name, value) in report { print("| \(name) | \(value) |") }
    exit(0)
}

if !reuse {
let loadTime = try seconds { try app.loadSchool(SchoolSeed(name: "bench", roster: roster, calendar: calendar), rules: rules, kind: "bench", password: "bench") }
report.append(("roster: \(roster.students.count) students, \(roster.classes.count) classes, \(roster.staff.count) staff", String(format: "%.2f s", loadTime)))

var generator = DemoRecords(roster: roster, calendar: calendar)
generator.sessionsPerCourse = sessionsPerCourse
var recordCount = 0
var importTime = 0.0
var importCPU = 0.0
for semester in generated {
    for chunk in stride(from: 0, to: roster.classes.count, by: 10) {
        let classes = Array(roster.classes[chunk..<min(chunk + 10, roster.classes.count)])
        let drafts = generator.generate(for: semester, classes: classes)
        recordCount += drafts.count
        // Each teacher imports their own sheet, as logged-in people do.
        let sheets = Dictionary(grouping: drafts, by: \.staff.rawValue)
        for code in sheets.keys { _ = try principal(code) }
        let cpu = cpuSeconds()
        importTime += try seconds {
            for (code, sheet) in sheets { _ = try app.importRecords(sheet, by: principal(code)) }
        }
        importCPU += cpuSeconds() - cpu
        FileHandle.standardError.write(Data("\r\(semester.id.rawValue): \(chunk + classes.count)/\(roster.classes.count) classes, \(recordCount) records".utf8))
    }
}
FileHandle.standardError.write(Data("\n".utf8))
report.append(("import \(recordCount) records (checks + ledger + warnings + audit), one sheet per teacher per 10 classes",
               String(format: "%.1f s, %.0f records/s; this process's CPU %.1f s", importTime, Double(recordCount) / importTime, importCPU)))
// Course results (5 courses each, last semester) and the special-group register, from the labelled cohort.
let cohort = RiskCohort(roster: roster, calendar: calendar, today: today, withRecords: false)
let cohortTime = try seconds { _ = try app.loadRiskCohort(cohort) }
report.append(("course results (\(cohort.results.count)) + register (\(cohort.register.count)) + first full risk scan",
               String(format: "%.1f s", cohortTime)))
}

var accountTimes: [Double] = []
var rng = SplitMix64(seed: 7)
for _ in 0..<200 {
    let student = roster.students[Int.random(in: 0..<roster.students.count, using: &rng)]
    let admin = try principal("A001")
    accountTimes.append(try seconds { _ = try app.account(of: student.id.rawValue, by: admin) })
}
report.append(("czk account (200 random students) p50 / p95 / max",
               "\(ms(percentile(accountTimes, 0.5))) / \(ms(percentile(accountTimes, 0.95))) / \(ms(accountTimes.max()!))"))

let admin = try principal("A001")
let classTime = try seconds { _ = try app.classCard(roster.classes[0].id.rawValue, by: admin, semester: generated.last!.id.rawValue) }
report.append(("czk class (19 class points + rank among \(roster.classes.count / 2) cohort classes)", String(format: "%.2f s", classTime)))

let headTeacher = try principal("H0")
let dueOne = try seconds { _ = try app.due(for: nil, by: headTeacher, on: LocalDate("2026-03-20")) }
report.append(("czk due --as one 班主任", ms(dueOne)))
var allItems = 0
let dueAll = try seconds { allItems = try app.due(for: nil, by: admin, on: LocalDate("2026-03-20")).items.count }
report.append(("czk due --as admin (everyone, \(allItems) items)", String(format: "%.2f s", dueAll)))
report += try riskMeasures()
if reuse {
    print("| measure | result |\n|---|---|")
    for (name, value) in report { print("| \(name) | \(value) |") }
    exit(0)
}

// One new value for each of 20 students of the first class, by its 教研室, logged in beforehand.
let research = try principal("Y-M1")
var recordTimes: [Double] = []
for student in roster.students[1...20] {
    recordTimes.append(try seconds {
        _ = try app.record(RecordDraft(staff: StaffID(rawValue: "Y-M1"), point: "career.internship_praise",
                                       subject: student.id.rawValue, value: "2", date: LocalDate("2026-01-08")), by: research)
    })
}
report.append(("czk record (one new value: checks, ledger post, risk re-evaluation of the student and class, audit) p50 / max of 20",
               "\(ms(percentile(recordTimes, 0.5))) / \(ms(recordTimes.max()!))"))
let gpaTime = try seconds {
    var draft = RecordDraft(staff: StaffID(rawValue: "H0"), point: "academic.full_attendance",
                            subject: roster.students[0].id.rawValue, value: "80", date: LocalDate("2025-10-17"))
    draft.isCorrection = true
    draft.correctionReason = "bench"
    _ = try app.record(draft, by: headTeacher)
}
report.append(("czk record --correct (weekly rate point: re-scores the semester)", ms(gpaTime)))

let changed = bandChange(rules, version: "bench.2", points: 10)
var applied: RulesApplyReport?
let applyTime = try seconds { applied = try app.applyRules(changed, by: admin) }
report.append(("czk rules apply (band change; \(applied?.recomputed ?? 0) keys, \(applied?.entriesAppended ?? 0) entries, \(applied?.subjectsMoved ?? 0) moved)",
               String(format: "%.1f s", applyTime)))

if !onPostgres {
    let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    report.append(("database file (WAL checkpointed by SQLite)", String(format: "%.0f MB", Double(size) / 1_048_576)))
}

print("| measure | result |\n|---|---|")
for (name, value) in report { print("| \(name) | \(value) |") }
