import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// What two (here eight) teachers can do at once, on whichever engine the suite runs on: each
/// writer opens the college as a process would, they start together, and the card must end as
/// if they had written one after another — `czk check` clean, every balance inside its bands.
@Suite struct ConcurrentWritersTests {
    static let writers = 8
    static let days = ["2025-09-08", "2025-09-09", "2025-09-10", "2025-09-11", "2025-09-12", "2025-09-15"]

    /// Runs `body` on `count` threads released together; rethrows the first failure.
    static func together(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let failures = Collected<String>()
        for n in 0..<count {
            done.enter()
            let thread = Thread {
                start.wait()
                do { try body(n) } catch { failures.add("写入者 \(n)：\(error)") }
                done.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        for _ in 0..<count { start.signal() }
        done.wait()
        if let first = failures.all.first { throw AppError.scoringFailed(point: "并发写入", message: first) }
    }

    /// What the writers' threads hand back, collected under a lock.
    final class Collected<Element>: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [Element] = []
        func add(_ element: Element) { lock.withLock { list.append(element) } }
        var all: [Element] { lock.withLock { list } }
    }

    @Test func eightSheetsOfOnePointForTheSameStudentsPostEveryRecordOnce() throws {
        let (_, stores) = try TestStores.shared(Self.writers) { try TestSchool.make(store: $0) }
        let apps = stores.map { CardApp(database: $0, clock: .fixed(LocalDate("2025-10-15")!)) }
        // Each writer its own session number on the same days: no two rows share a period, every
        // row lands on the same three students' 准时率 (one rate, one credit key each).
        try Self.together(Self.writers) { n in
            for (i, day) in Self.days.enumerated() {
                let drafts = ["S11", "S12", "S13"].map { student in
                    TestSchool.draft("K1", "academic.punctuality", student, (n + i + Int(student.utf8.last!)) % 3 == 0 ? "否" : "是",
                                     on: day, session: n + 1)
                }
                _ = try apps[n].importRecords(drafts)
            }
        }
        let report = try apps[0].check()
        #expect(report.problems == [], "czk check after \(Self.writers) writers: \(report.problems)")
        #expect(report.records == Self.writers * Self.days.count * 3)
        for student in ["S11", "S12", "S13"] {
            let points = try apps[0].account(of: student).points.first { $0.id == "academic.punctuality" }?.points
            #expect(points.map { $0 >= Points(-4) && $0 <= Points(6) } == true, "准时率 of \(student): \(String(describing: points))")
        }
    }

    @Test func eightLoopsOfSingleRecordsOnTheSameStudentsEndClean() throws {
        let (_, stores) = try TestStores.shared(Self.writers) { try TestSchool.make(store: $0) }
        let apps = stores.map { CardApp(database: $0, clock: .fixed(LocalDate("2025-10-15")!)) }
        try Self.together(Self.writers) { n in
            for day in Self.days.prefix(4) {
                for student in ["S11", "S12"] {
                    _ = try apps[n].record(TestSchool.draft("K1", "academic.punctuality", student, n % 2 == 0 ? "是" : "否",
                                                           on: day, session: n + 1))
                }
            }
        }
        let report = try apps[0].check()
        #expect(report.problems == [], "czk check after \(Self.writers) record loops: \(report.problems)")
        // Half the sessions late: 50 % → the lowest band of 准时率, the same as one writer would post.
        for student in ["S11", "S12"] {
            let points = try apps[0].account(of: student).points.first { $0.id == "academic.punctuality" }?.points
            #expect(points == Points(-4), "准时率 of \(student)")
        }
    }

    @Test func theSameSheetImportedEightTimesAtOnceIsWrittenOnceAndRefusedNowhere() throws {
        let (_, stores) = try TestStores.shared(Self.writers) { try TestSchool.make(store: $0) }
        let apps = stores.map { CardApp(database: $0, clock: .fixed(LocalDate("2025-10-15")!)) }
        let drafts = Self.days.flatMap { day in
            ["S11", "S12", "S13"].map { TestSchool.draft("K1", "academic.punctuality", $0, "是", on: day, session: 2) }
        }
        let summaries = Collected<ImportSummary>()
        // A double-clicked upload, two staff with the same sheet: rows another import committed
        // meanwhile are "unchanged", not "repeated within the sheet".
        try Self.together(Self.writers) { n in summaries.add(try apps[n].importRecords(drafts)) }
        #expect(summaries.all.map(\.records).reduce(0, +) == drafts.count)
        #expect(summaries.all.map { $0.records + $0.unchanged } == Array(repeating: drafts.count, count: Self.writers))
        #expect(try apps[0].check().isClean)
    }

    @Test func repairRepostsABalanceDamagedBehindTheWritePath() throws {
        let app = try TestSchool.make()
        for day in Self.days.prefix(3) {
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", "S11", "是", on: day, session: 1))
        }
        // Damage as a lost update leaves it: a second credit beside the right one.
        try app.database.write { session in
            let entry = LedgerEntry(subject: .student(StudentID(rawValue: "S11")), point: PointID(rawValue: "academic.punctuality"),
                                    domain: .academic, semester: SemesterID(rawValue: "2025-2026-1"), key: "race",
                                    points: Points(6), kind: .credit, record: nil, ruleVersion: "x", reason: "lost update",
                                    createdBy: nil)
            try session.append([entry], at: "2025-10-15T10:00:00Z")
        }
        #expect(try app.check().problems.map(\.kind) == ["记账"])
        #expect(throws: AppError.self) { try app.repairLedger(by: app.principal("H1")) }
        let repaired = try app.repairLedger(by: app.admin())
        #expect(repaired.repairs.map(\.subject) == ["S11"])
        #expect(repaired.repairs.first?.change == Points(-6))
        #expect(try app.check().isClean)
        #expect(try app.account(of: "S11").points.first { $0.id == "academic.punctuality" }?.points == Points(6))
        let audit = try app.database.read { try $0.audit(subject: nil, by: nil, since: nil, limit: 5) }
        #expect(audit.contains { $0.action == "check repair" && $0.outcome == .ok })
    }
}
