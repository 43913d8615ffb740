import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaSeeding
import ChuzhikaStore
import Foundation

/// Runs a program and returns its wall time in seconds (posix_spawn: Foundation's Process adds
/// tens of milliseconds on Linux), failing loudly when it fails.
func timeProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Double {
    try runProcess(executable, arguments, environment: environment, input: input).seconds
}

/// Runs a whole process (posix_spawn: Foundation's Process adds ~45 ms on Linux); its wall time
/// and peak resident memory (from wait4).
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil
) throws -> (seconds: Double, peakKiB: Int) {
    var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
    let argv = [executable] + arguments
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var fds: [Int32] = [0, 0]
    if input != nil {
        _ = pipe(&fds)
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
    }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup($0) } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) }; env.removeAll() }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, executable, &actions, nil, cArgs, cEnv) == 0 else { throw CocoaError(.executableLoad) }
    if let input {
        close(fds[0])
        _ = input.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard status == 0 else { throw CocoaError(.executableLoad, userInfo: ["command": "\(argv)"]) }
    return (elapsed, usage.ru_maxrss)
}

/// Median and max of `runs` whole-process runs.
func medianMax(_ runs: Int, _ body: () throws -> Double) rethrows -> (Double, Double) {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try body()) }
    return (percentile(times, 0.5), times.max()!)
}

/// The warning measures of issue 8: the full scan against its SQL floor, and one counselor's list.
@MainActor func riskMeasures() throws -> [(String, String)] {
    var lines: [(String, String)] = []
    let admin = try principal("A001")
    var changes = 0
    let scan = try seconds { changes = try app.scanRisks(by: admin).count }
    // The floor: the same question as one plain SQL aggregate, in sqlite3 as a process (SQLite only).
    guard !onPostgres else {
        lines.append(("czk risks scan, all \(roster.students.count) students and \(roster.classes.count) classes (\(changes) changes)",
                      String(format: "%.2f s", scan)))
        let counselor = try principal("F0")
        var count = 0
        let inProcess = try seconds { count = try app.risks(by: counselor).count }
        lines.append(("czk risks for one 辅导员 (\(count) warnings), in process", ms(inProcess)))
        return lines
    }
    let (floor, _) = try medianMax(3) { try timeProcess("/usr/bin/sqlite3", [path, riskFloorSQL(generated.last!.id)]) }
    lines.append(("czk risks scan, all \(roster.students.count) students and \(roster.classes.count) classes (\(changes) changes) / sqlite3 aggregate floor",
                  String(format: "%.2f s / %.2f s = %.1f×", scan, floor, scan / floor)))

    let counselor = try principal("F0")
    var count = 0
    let inProcess = try seconds { count = try app.risks(by: counselor).count }
    lines.append(("czk risks for one 辅导员 (\(count) warnings), in process", ms(inProcess)))
    let czk = root.appendingPathComponent(".build/release/czk").path
    guard FileManager.default.isExecutableFile(atPath: czk) else {
        lines.append(("czk risks as a process", "skipped: run `swift build -c release --static-swift-stdlib` at the top first"))
        return lines
    }
    let home = NSTemporaryDirectory() + "czk-bench-home"
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let env = ["XDG_CONFIG_HOME": home, "CZK_TODAY": today.description]
    _ = try timeProcess(czk, ["login", "F0", "--password-stdin", "--db", path], environment: env, input: "bench\n")
    let (median, max) = try medianMax(10) { try timeProcess(czk, ["risks", "--db", path], environment: env) }
    let (version, _) = try medianMax(10) { try timeProcess(czk, ["--version"]) }
    let (sqlite, _) = try medianMax(10) {
        try timeProcess("/usr/bin/sqlite3", [path, """
            SELECT w.id, w.level, w.evidence FROM warning w JOIN student s ON s.id = w.studentId
              JOIN schoolClass c ON c.id = s.schoolClassId
            WHERE w.status IN ('open','acknowledged','followUp') AND c.code IN
              (SELECT c2.code FROM assignment a JOIN staff f ON f.id = a.staffId JOIN schoolClass c2 ON c2.id = a.schoolClassId
               WHERE f.code = 'F0' AND a.role = 'counselor') ORDER BY w.level;
            """])
    }
    lines.append(("czk risks for one 辅导员 as a process: median / max (czk --version alone; sqlite3 same question)",
                  "\(ms(median)) / \(ms(max)) (\(ms(version)); \(ms(sqlite)))"))
    return lines
}

/// The labelled cohort's quality table (ScoringRules/risks-quality.md).
func riskQuality(students: Int) throws {
    let roster = SchoolGenerator.roster(students: students)
    let calendar = DemoCalendar.make(firstYear: 2024, today: LocalDate("2026-12-01")!)
    let today = calendar.semester(containing: LocalDate("2026-12-01")!)!.teachingEnd.adding(days: 4)
    let app = try CardApp.inMemory(clock: .fixed(today))
    let rules = try RuleDirectory.read(root.appendingPathComponent("ScoringRules").path)
    try app.loadSchool(SchoolSeed(name: "cohort", roster: roster, calendar: calendar), rules: rules, kind: "cohort")
    let quality = try app.loadRiskCohort(RiskCohort(roster: roster, calendar: calendar, today: today))
    print("| 类别 | 风险学生 | 找出 | 召回率 | 接近阈值学生 | 其中误报 | 普通学生 | 其中误报 | 误报率 | 精确率 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for q in quality {
        print(String(format: "| %@ | %d | %d | %.1f%% | %d | %d | %d | %d | %.2f%% | %.1f%% |", q.category, q.atRisk, q.found,
                     q.recall * 100, q.nearMiss, q.nearMissFlagged, q.typical, q.typicalFlagged, q.falseAlarmRate * 100,
                     q.precision * 100))
    }
}
