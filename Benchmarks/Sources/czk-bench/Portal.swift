import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore
import Foundation

/// `--portal`: the release `czk serve` on the whole-school database, loaded by wrk on loopback:
/// 200 students, each with their own session, reading their own card page over 200 connections.
/// The floor is the same server answering its login page (HTTP, HTML, headers; no database),
/// measured in the same run with the same wrk settings.
///
/// Needs the database an earlier `czk-bench --students 20000` left at `--db`, the release czk
/// (`swift build -c release --static-swift-stdlib` at the top) and wrk (`apt-get install wrk`).
func portalLoad(database path: String, root: URL, students: [Student], seconds duration: Int) throws {
    let czk = root.appendingPathComponent(".build/release/czk").path
    guard FileManager.default.isExecutableFile(atPath: czk) else {
        print("Build the release czk first: swift build -c release --static-swift-stdlib (at the top of the repository)")
        return
    }
    guard CardApp.exists(path: path) else {
        print("No bench database at \(path): run `swift run -c release czk-bench --students 20000` first")
        return
    }
    guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
        print("wrk is missing: apt-get install wrk")
        return
    }
    let today = "2026-01-15"
    let work = NSTemporaryDirectory() + "czk-portal-\(getpid())"
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }

    // 200 students spread over the school, each logged in once (the session token is what the
    // portal's cookie carries).
    let app = try CardApp.open(path: path, clock: .fixed(LocalDate(today)!), hasher: .testing)
    let chosen = stride(from: 0, to: students.count, by: max(1, students.count / 200)).prefix(200).map { students[$0] }
    let tokens = try chosen.map { try app.login($0.id.rawValue, password: "bench").token }
    let lua = """
        local tokens = {\(tokens.map { "\"\($0)\"" }.joined(separator: ","))}
        local n = 0
        request = function()
          n = n + 1
          return wrk.format("GET", "/card", {["Cookie"] = "czk_session=" .. tokens[(n % #tokens) + 1]})
        end
        """
    try lua.write(toFile: "\(work)/cards.lua", atomically: true, encoding: .utf8)

    let port = 18_000 + Int(getpid() % 1000)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: czk)
    server.arguments = ["serve", "--port", String(port)]
    server.environment = ProcessInfo.processInfo.environment.merging(["CZK_DB": path, "CZK_TODAY": today, "HOME": work]) { $1 }
    server.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try server.run()
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    let base = "http://127.0.0.1:\(port)"
    for _ in 0..<100 where (try? capture("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/login"])) != "200" {
        usleep(100_000)
    }
    let page = try capture("/usr/bin/curl", ["-s", "-b", "czk_session=\(tokens[0])", base + "/card"])
    guard page.contains("的储值卡"), page.contains("data-chart=\"trend\"") else {
        print("The card page did not load for a logged-in student:\n\(page.prefix(400))")
        return
    }
    print("card page: \(page.utf8.count) bytes of HTML (tiles, trend chart, points, 12 latest records)\n")

    // Warm the page cache and the server, then measure.
    _ = try capture(wrk, ["-t2", "-c200", "-d3s", "-s", "\(work)/cards.lua", base + "/card"])
    let cards = try WrkResult(try capture(wrk, ["-t2", "-c200", "-d\(duration)s", "--latency", "-s", "\(work)/cards.lua", base + "/card"]))
    let floor = try WrkResult(try capture(wrk, ["-t2", "-c200", "-d\(duration)s", "--latency", base + "/login"]))
    let peak = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "?" } ?? "?"

    print("| page (200 connections, 2 wrk threads, \(duration) s) | requests/s | p50 | p99 | max | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    print(cards.row("`/card`, 200 students' own cards on the \(students.count)-student database"))
    print(floor.row("`/login` (floor: same server, no database)"))
    print(String(format: "\nratio (floor requests/s ÷ card requests/s): %.1f×; server peak memory %@ kB", floor.rate / cards.rate, String(peak)))
}

/// The numbers wrk prints.
struct WrkResult {
    var rate: Double
    var p50: String
    var p99: String
    var max: String
    var errors: Int

    init(_ text: String) throws {
        func line(_ prefix: String) -> [Substring] {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }?
                .split(separator: " ", omittingEmptySubsequences: true) ?? []
        }
        guard let rate = line("Requests/sec:").last.flatMap({ Double($0) }) else { throw CocoaError(.formatting, userInfo: ["wrk": text]) }
        self.rate = rate
        p50 = line("50%").last.map(String.init) ?? "?"
        p99 = line("99%").last.map(String.init) ?? "?"
        max = line("Latency").dropFirst(3).first.map(String.init) ?? "?"
        let socket = line("Socket errors:").compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }.reduce(0, +)
        errors = socket + (line("Non-2xx or 3xx responses:").last.flatMap { Int($0) } ?? 0)
    }

    func row(_ name: String) -> String {
        "| \(name) | \(String(format: "%.0f", rate)) | \(p50) | \(p99) | \(max) | \(errors) |"
    }
}

/// A command's standard output.
func capture(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
