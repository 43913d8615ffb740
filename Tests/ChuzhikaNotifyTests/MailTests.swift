import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaNotify
import ChuzhikaTestSupport
import Foundation
import Testing

/// E-mail through an SMTP relay on loopback (aiosmtpd from PyPI, started by the test as
/// PostgreSQL is; `.ci/run` installs it and sets CZK_TEST_SMTP=required).
@Suite(.enabled(if: SMTPReceiver.isAvailable, "python3 with aiosmtpd is needed (pip install aiosmtpd)"))
struct MailTests {
    @Test func warningsReachAnEMailChannelOnceEachThroughTheRelayAndSayNothingOfAPsychologicalOne() async throws {
        let receiver = try SMTPReceiver()
        defer { receiver.stop() }
        let base = try TestSchool.make()
        let app = CardApp(database: base.database, clock: .manual(LocalDate("2025-10-15")!, ManualTime()))
        let admin = try app.admin()
        #expect(throws: AppError.self, "no relay yet") {
            _ = try app.addChannel(for: "F1", format: .email, target: "f1@college.edu.cn", secret: nil, group: false, by: admin)
        }
        try app.setMailRelay(MailRelay(host: "127.0.0.1", port: receiver.port, from: "czk@college.edu.cn"), by: admin)
        #expect(throws: AppError.self) {
            _ = try app.addChannel(for: "F1", format: .email, target: "not-an-address", secret: nil, group: false, by: admin)
        }
        let channel = try app.addChannel(for: "F1", format: .email, target: "f1@college.edu.cn", secret: nil, group: false, by: admin)
        #expect(!channel.isGroup)
        _ = try app.setPreference(for: "F1", immediate: .all, digestAt: "08:00", by: admin)
        let academic = try app.flagRisk("S11", category: .academic, reason: "甲", by: app.principal("F1"))
        let psychological = try app.flagRisk("S12", category: .psychological, reason: "乙-保密", by: app.principal("F1"))

        let sender = try ChannelSender(for: app)
        let summary = try await NotifyRunner.run(app, sender: sender)
        // F1 also owes the class's 心理 screening sheets: one mail per sheet, naming no student.
        let owedByF1 = try app.database.read { try $0.outboxEvents(after: 0, limit: 10_000) }
            .filter { $0.recipient?.rawValue == "F1" }.count
        #expect(summary.sent == 2 + owedByF1 && summary.failed == 0 && owedByF1 > 0)
        #expect(try await NotifyRunner.run(app, sender: sender).sent == 0)

        let everything = try receiver.received()
        #expect(everything.count == 2 + owedByF1)
        let owed = everything.filter { $0.header("Idempotency-Key")?.hasPrefix("due-F1-") == true }
        #expect(owed.count == owedByF1)
        #expect(owed.allSatisfy { $0.body.contains("采分逾期") && !$0.body.contains("S1") && !$0.body.contains("张三") })
        let mails = everything.filter { $0.header("Idempotency-Key")?.hasPrefix("warning-") == true }
        #expect(mails.count == 2)
        #expect(mails.allSatisfy { $0.from == "czk@college.edu.cn" && $0.to == ["f1@college.edu.cn"] })
        let byKey = Dictionary(mails.map { ($0.header("Idempotency-Key") ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byKey["warning-\(academic)-opened"]?.body.contains("张三（S11）") == true)
        let sensitive = byKey["warning-\(psychological)-opened"]?.body ?? ""
        #expect(sensitive.hasPrefix("【储值卡】您有 1 条新的心理预警，请登录"), "\(sensitive)")
        #expect(!sensitive.contains("李四") && !sensitive.contains("S12") && !sensitive.contains("保密"))
    }

    @Test func aRelayThatIsDownLeavesTheMessagePendingWithItsError() async throws {
        let base = try TestSchool.make()
        let app = CardApp(database: base.database, clock: .manual(LocalDate("2025-10-15")!, ManualTime()))
        let admin = try app.admin()
        try app.setMailRelay(MailRelay(host: "127.0.0.1", port: 1, from: "czk@college.edu.cn"), by: admin)
        _ = try app.addChannel(for: "F1", format: .email, target: "f1@college.edu.cn", secret: nil, group: false, by: admin)
        _ = try app.setPreference(for: "F1", immediate: .all, digestAt: "08:00", by: admin)
        _ = try app.flagRisk("S11", category: .academic, reason: "甲", by: app.principal("F1"))
        let summary = try await NotifyRunner.run(app, sender: try ChannelSender(for: app))
        let owedByF1 = try app.database.read { try $0.outboxEvents(after: 0, limit: 10_000) }
            .filter { $0.recipient?.rawValue == "F1" }.count
        #expect(summary.failed == 1 + owedByF1)
        let status = try app.notifyStatus(by: admin)
        #expect(status.pending == summary.failed && status.failing.first?.lastError?.contains("127.0.0.1:1") == true)
    }
}

/// `.ci/smtp-receiver` on a free port, for one test.
final class SMTPReceiver: @unchecked Sendable {
    struct Mail: Decodable {
        let from: String
        let to: [String]
        let data: String

        /// The message's lines ("\r\n" is one Character to Swift: split on the scalars).
        var lines: [String] {
            data.unicodeScalars.split(omittingEmptySubsequences: false) { $0 == "\n" }
                .map { String(String.UnicodeScalarView($0.filter { $0 != "\r" })) }
        }

        func header(_ name: String) -> String? {
            lines.first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
        }

        /// The Base64 body, decoded.
        var body: String {
            guard let blank = lines.firstIndex(of: "") else { return "" }
            return Data(base64Encoded: lines[(blank + 1)...].joined()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    static let script = Repository.root.appendingPathComponent(".ci/smtp-receiver").path

    static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["CZK_TEST_SMTP"] == "required" { return true }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import aiosmtpd"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }()

    let port = Int.random(in: 20_000..<60_000)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("czk-smtp-\(UUID().uuidString).jsonl")
    private let process = Process()

    init() throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, String(port), file.path]
        process.standardOutput = output
        try process.run()
        let ready = output.fileHandleForReading.availableData
        guard String(decoding: ready, as: UTF8.self).contains("ready") else { throw CocoaError(.fileReadUnknown) }
    }

    func received() throws -> [Mail] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Mail.self, from: Data($0.utf8)) }
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: file)
    }
}
