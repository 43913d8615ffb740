import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `--floors`: issue 11's table. Each operation as a user runs it — the release `czk` as a whole
/// process — beside `sqlite3`, also a whole process, answering the same question with one
/// statement on the same database in the same run. Median and max of `runs` runs; peak RSS of
/// the czk process (wait4).
///
/// Needs the database a `--students N` run left at `--db` and the release czk.
///
/// - Parameter semester: the semester of `today` (the due list's question).
func floors(database path: String, root: URL, roster: Roster, today: LocalDate, semester: SemesterID, runs: Int, importRows: Int) throws {
    let czk = root.appendingPathComponent(".build/release/czk").path
    guard FileManager.default.isExecutableFile(atPath: czk), FileManager.default.fileExists(atPath: path) else {
        print("Needs the release czk (swift build -c release --static-swift-stdlib at the top) and a bench database at \(path) (czk-bench --students N)")
        return
    }
    let home = NSTemporaryDirectory() + "czk-floors-\(getpid())"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let env = ["XDG_CONFIG_HOME": home, "HOME": home, "CZK_TODAY": today.description, "CZK_DB": path]
    let student = roster.students[roster.students.count / 2].id.rawValue
    let schoolClass = roster.classes[0].id.rawValue
    func login(_ code: String) throws { _ = try runProcess(czk, ["login", code, "--password-stdin"], environment: env, input: "bench\n") }

    struct Line { let name: String, size: String, ours: (Double, Double), peak: Int, floor: Double, rows: Int? }
    var lines: [Line] = []
    func measure(_ name: String, size: String, as person: String, _ arguments: [String], sql: String, rows: Int? = nil) throws {
        try login(person)
        var peak = 0
        let ours = try medianMax(runs) {
            let run = try runProcess(czk, arguments, environment: env)
            peak = max(peak, run.peakKiB)
            return run.seconds
        }
        let (floor, _) = try medianMax(runs) { try runProcess("/usr/bin/sqlite3", [path, sql]).seconds }
        lines.append(Line(name: name, size: size, ours: ours, peak: peak, floor: floor, rows: rows))
    }
    let students = "\(roster.students.count) students"

    try measure("`czk --version` (start-up alone)", size: "—", as: "A001", ["--version"], sql: "SELECT 1;")
    try measure("`czk account \(student)`", size: students, as: "A001", ["account", student], sql: """
        SELECT semesterId, domain, SUM(points) FROM ledgerEntry
          WHERE subjectKind = 0 AND subjectId = (SELECT id FROM student WHERE code = '\(student)') GROUP BY 1, 2;
        SELECT r.date, p.code, r.valueText, s.name FROM record r JOIN scoringPoint p ON p.id = r.scoringPointId
          JOIN staff s ON s.id = r.recordedBy
          WHERE r.subjectKind = 0 AND r.subjectId = (SELECT id FROM student WHERE code = '\(student)') AND r.isSuperseded = 0
          ORDER BY r.date DESC, r.id DESC LIMIT 12;
        """)
    try measure("`czk risks` (one 辅导员, F0)", size: students, as: "F0", ["risks"], sql: """
        SELECT w.id, w.level, w.evidence FROM warning w JOIN student s ON s.id = w.studentId
          JOIN schoolClass c ON c.id = s.schoolClassId
        WHERE w.status IN ('open','acknowledged','followUp') AND c.code IN
          (SELECT c2.code FROM assignment a JOIN staff f ON f.id = a.staffId JOIN schoolClass c2 ON c2.id = a.schoolClassId
           WHERE f.code = 'F0' AND a.role = 'counselor') ORDER BY w.level;
        """)
    try measure("`czk class \(schoolClass)`", size: "\(roster.classes.count) classes", as: "A001", ["class", schoolClass], sql: """
        SELECT c.code, SUM(l.points) AS total FROM ledgerEntry l JOIN schoolClass c ON c.id = l.subjectId
          WHERE l.subjectKind = 1 AND l.semesterId = (SELECT MAX(semesterId) FROM ledgerEntry)
          GROUP BY c.code ORDER BY total DESC;
        SELECT p.code, SUM(l.points) FROM ledgerEntry l JOIN scoringPoint p ON p.id = l.scoringPointId
          WHERE l.subjectKind = 1 AND l.subjectId = (SELECT id FROM schoolClass WHERE code = '\(schoolClass)') GROUP BY p.code;
        """)
    try measure("`czk due` (one 班主任, H0)", size: "40 students", as: "H0", ["due"], sql: """
        SELECT p.code, s.code FROM scoringPoint p CROSS JOIN student s
          WHERE s.schoolClassId = (SELECT id FROM schoolClass WHERE code = '\(schoolClass)')
            AND NOT EXISTS (SELECT 1 FROM record r
              WHERE r.subjectKind = 0 AND r.subjectId = s.id AND r.scoringPointId = p.id AND r.semesterId = '\(semester.rawValue)');
        """)
    try measure("`czk risks scan` (every student and class)", size: students, as: "A001", ["risks", "scan"], sql: riskFloorSQL(semester))

    // The import: a per-session sheet into its own 2,000-student school (the bench database
    // stays as it was), records, ledger and warnings on, against sqlite3 `.import`.
    for run in try importRuns(sizes: [importRows], root: root) {
        lines.append(Line(name: "`czk import` per-session sheet (考勤, one course teacher)", size: "\(run.rows.formatted()) rows",
                          ours: (run.seconds, run.seconds), peak: run.peakKiB, floor: run.floorSeconds, rows: run.rows))
        // The same import against the schema's own floor: sqlite3 inserting the rows into `record`
        // with its indexes in one statement (what SQLite must do whatever czk checks).
        lines.append(Line(name: "(the same import against `record` with its indexes, filled by sqlite3 `INSERT … SELECT`)",
                          size: "\(run.rows.formatted()) rows", ours: (run.seconds, run.seconds), peak: run.peakKiB,
                          floor: run.tableFloorSeconds, rows: run.rows))
    }

    print("| operation | size | czk median / max | floor: sqlite3 median | ratio | rows/s (czk / floor) | peak RSS |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for line in lines {
        let rate = line.rows.map { rows in "\(Int(Double(rows) / line.ours.0).formatted()) / \(Int(Double(rows) / line.floor).formatted())" } ?? "—"
        print("| \(line.name) | \(line.size) | \(ms(line.ours.0)) / \(ms(line.ours.1)) | \(ms(line.floor)) | "
              + String(format: "%.1f×", line.ours.0 / line.floor) + " | \(rate) | \(line.peak / 1024) MB |")
    }
}

/// The warning rules' question — each student's indicators against the thresholds — as one
/// plain SQL aggregate (the floor of a full risk scan), in today's semester.
func riskFloorSQL(_ semester: SemesterID) -> String { """
    WITH att AS (SELECT r.subjectId AS sid, 100 - AVG(r.valueNumber) AS absence FROM record r
                   JOIN scoringPoint p ON p.id = r.scoringPointId
                   WHERE p.code = 'academic.full_attendance' AND r.semesterId = '\(semester.rawValue)' AND r.subjectKind = 0
                     AND r.isSuperseded = 0 GROUP BY r.subjectId),
         vio AS (SELECT r.subjectId AS sid, SUM(r.valueNumber) AS n FROM record r
                   JOIN scoringPoint p ON p.id = r.scoringPointId
                   WHERE p.code = 'personal.violations' AND r.subjectKind = 0 AND r.isSuperseded = 0 GROUP BY r.subjectId),
         res AS (SELECT studentId AS sid, SUM(CASE WHEN gradeMark < 60 OR gradeText IN ('不合格', '缺考') THEN credits ELSE 0 END) AS failed
                   FROM courseResult GROUP BY studentId),
         grp AS (SELECT studentId AS sid, COUNT(*) AS n FROM groupEvent GROUP BY studentId)
    SELECT COUNT(*), SUM(att.absence >= 5), SUM(vio.n >= 4), SUM(res.failed >= 7), SUM(grp.n > 0)
    FROM student s LEFT JOIN att ON att.sid = s.id LEFT JOIN vio ON vio.sid = s.id
      LEFT JOIN res ON res.sid = s.id LEFT JOIN grp ON grp.sid = s.id;
    """
}
