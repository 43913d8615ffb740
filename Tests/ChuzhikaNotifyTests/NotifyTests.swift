import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

import ChuzhikaNotify

/// Notifications (issue 25) on the engine the tests run on: the outbox, privacy by channel,
/// delivery through a receiver on loopback that goes down and comes back, a sender that dies
/// mid-delivery, retries, the dead letter and the digest.
@Suite struct NotifyTests {
    /// The test school on a clock the test moves: noon UTC (20:00 in Beijing) of 2025-10-15.
    func school() throws -> (CardApp, ManualTime) {
        let time = ManualTime()
        let app = try TestSchool.make()
        return (CardApp(database: app.database, clock: .manual(LocalDate("2025-10-15")!, time)), time)
    }

    /// One warning of each category on 张三 (S11, class C1: 班主任 H1, 辅导员 F1).
    func flagEveryCategory(_ app: CardApp) throws -> [WarningCategory: Int64] {
        var ids: [WarningCategory: Int64] = [:]
        for category in WarningCategory.allCases {
            ids[category] = try app.flagRisk("S11", category: category, reason: "理由-\(category.rawValue)-保密内容", by: app.principal("F1"))
        }
        return ids
    }

    /// The 采分逾期 events in the outbox for one staff member (what they owe past its due day).
    func owedKeys(_ app: CardApp, of staff: String = "F1") throws -> [String] {
        try app.database.read { try $0.outboxEvents(after: 0, limit: 10_000) }
            .filter { $0.kind == .recordingOverdue && $0.recipient?.rawValue == staff }.map(\.key)
    }

    @Test func aWarningChangeAndItsNotificationAreOneTransaction() throws {
        let (app, _) = try school()
        let id = try app.flagRisk("S11", category: .academic, reason: "连续两周未交作业", by: app.principal("H1"))
        let outbox = try app.database.read { try $0.outboxEvents(after: 0, limit: 100) }
        #expect(outbox.map(\.key) == ["warning-\(id)-opened"])
        #expect(outbox.first?.kind == .opened && outbox.first?.subject == "S11")
        // A refused second flag writes nothing, and neither does a write that fails after the event.
        #expect(throws: AppError.self) { _ = try app.flagRisk("S11", category: .academic, reason: "再次", by: app.principal("H1")) }
        struct Failed: Error {}
        #expect(throws: Failed.self) {
            try app.database.write { session in
                _ = try session.enqueue(OutboxEvent(key: "warning-\(id)-resolved", kind: .resolved, warning: id, rule: "manual.学业",
                                                   category: .academic, level: .yellow, subject: "S11", createdAt: "2025-10-15T12:00:00Z"))
                throw Failed()
            }
        }
        #expect(try app.database.read { try $0.outboxEvents(after: 0, limit: 100) }.count == 1)
        // Resolving tells once; the same key again is not a second event.
        _ = try app.actOnRisk(id, .resolve(reason: "已补交"), by: app.principal("H1"))
        #expect(try app.database.write { session in
            try session.enqueue(OutboxEvent(key: "warning-\(id)-resolved", kind: .resolved, warning: id, rule: "manual.学业",
                                            category: .academic, level: .yellow, subject: "S11", createdAt: "2025-10-15T12:00:00Z"))
        } == false)
        #expect(try app.database.read { try $0.outboxEvents(after: 0, limit: 100) }.map(\.kind) == [.opened, .resolved])
    }

    @Test func groupChannelsNeverCarryANameAnIDOrSensitiveDetailAndPersonalOnesNoSensitiveDetail() throws {
        let (app, _) = try school()
        let admin = try app.admin()
        var channels: [NotifyChannel] = []
        for staff in ["F1", "H1"] {
            channels.append(try app.addChannel(for: staff, format: .json, target: "http://127.0.0.1:9/p", secret: "k", group: false, by: admin))
            channels.append(try app.addChannel(for: staff, format: .json, target: "http://127.0.0.1:9/g", secret: nil, group: true, by: admin))
            channels.append(try app.addChannel(for: staff, format: .wecom, target: "http://127.0.0.1:9/w", secret: nil, group: false, by: admin))
            channels.append(try app.addChannel(for: staff, format: .dingtalk, target: "http://127.0.0.1:9/d", secret: "s", group: false,
                                               by: admin))
            _ = try app.setPreference(for: staff, immediate: .all, digestAt: "08:00", by: admin)
        }
        #expect(channels.filter(\.isGroup).count == 6, "every 企业微信 and 钉钉 robot is a group")
        let ids = try flagEveryCategory(app)
        _ = try app.planDeliveries()
        let messages = try app.dueMessages()
        let byChannel = Dictionary(grouping: messages, by: \.channel.id)
        for channel in channels {
            let received = byChannel[channel.id] ?? []
            // The 班主任 hears of 学业, 就业 and 违纪 only; the 辅导员 of all five.
            let expected: Set<WarningCategory> = channel.staff.rawValue == "F1" ? Set(WarningCategory.allCases)
                : [.academic, .employment, .discipline]
            #expect(Set(received.map(\.key)) == Set(expected.map { "warning-\(ids[$0]!)-opened" }), "channel \(channel.id)")
            for message in received {
                let category = WarningCategory.allCases.first { "warning-\(ids[$0]!)-opened" == message.key }!
                let sent = String(decoding: try ChannelPayload.make(message).body, as: UTF8.self) + message.text
                #expect(!sent.contains("保密内容"), "a warning's reason went out: \(sent)")
                let named = category == .academic || category == .employment
                if channel.isGroup || !named {
                    #expect(!sent.contains("张三") && !sent.contains("S11"), "\(category) to \(channel.format) named the student: \(sent)")
                } else {
                    #expect(message.text.contains("张三（S11）"), "a personal channel names the student for \(category)")
                }
                if channel.isGroup && category.isSensitive {
                    #expect(!sent.contains(category.rawValue), "a group heard of a \(category.rawValue) warning: \(sent)")
                }
                if !channel.isGroup && !named {
                    #expect(message.text.hasPrefix("【储值卡】您有 1 条新的\(category.rawValue)预警，请登录"))
                }
            }
        }
    }

    @Test func eachEventReachesEachChannelKindOnceAfterAnOutageAndASenderKilledMidDelivery() async throws {
        let (app, time) = try school()
        let admin = try app.admin()
        let receiver = Receiver()
        try await Application(router: receiver.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                let base = "http://127.0.0.1:\(client.port!)"
                let json = try app.addChannel(for: "F1", format: .json, target: base + "/json", secret: "共享密钥", group: false, by: admin)
                let wecom = try app.addChannel(for: "F1", format: .wecom, target: base + "/wecom?key=k", secret: nil, group: false, by: admin)
                let ding = try app.addChannel(for: "F1", format: .dingtalk, target: base + "/ding?access_token=t", secret: "SEC1",
                                              group: false, by: admin)
                _ = try app.setPreference(for: "F1", immediate: .all, digestAt: "08:00", by: admin)
                let sender = WebhookSender()

                // opened, then resolved; a second warning left open past 7 days: overdue.
                let first = try app.flagRisk("S11", category: .academic, reason: "甲", by: app.principal("F1"))
                let second = try app.flagRisk("S12", category: .psychological, reason: "乙", by: app.principal("F1"))
                _ = try app.actOnRisk(first, .resolve(reason: "已解决"), by: app.principal("F1"))
                time.advance(8 * 86_400)
                var keys = ["warning-\(first)-opened", "warning-\(first)-resolved", "warning-\(second)-opened", "warning-\(second)-overdue"]

                // The receiver is down: every try fails and waits; nothing is lost.
                receiver.setDown(true)
                var summary = try await NotifyRunner.run(app, sender: sender)
                // F1 also owes the class's 心理 screening sheets: told as 采分逾期, one event per sheet.
                let owed = try owedKeys(app)
                #expect(summary.recordingOverdue >= owed.count && !owed.isEmpty)
                keys += owed
                let firstTries = 3 * keys.count
                #expect(summary.overdue == 1 && summary.sent == 0 && summary.failed == firstTries)
                time.advance(61)
                summary = try await NotifyRunner.run(app, sender: sender)
                #expect(summary.failed == firstTries, "retried after the first delay")
                #expect(summary.recordingOverdue == 0, "what is owed is told once")
                #expect(receiver.delivered.isEmpty)

                // It comes back an hour later: everything arrives, once per channel.
                receiver.setDown(false)
                time.advance(3600)
                summary = try await NotifyRunner.run(app, sender: sender)
                #expect(summary.sent == firstTries && summary.failed == 0)
                summary = try await NotifyRunner.run(app, sender: sender)
                #expect(summary.sent == 0, "nothing is sent twice")

                // A sender dies after sending, before recording: the lease runs out, the message goes
                // again under the same key, and the receiver keeps it once.
                let third = try app.flagRisk("S13", category: .employment, reason: "丙", by: app.principal("F1"))
                keys.append("warning-\(third)-opened")
                _ = try app.planDeliveries()
                for message in try app.dueMessages() { #expect(await sender.send(message) == nil) }
                #expect(try await NotifyRunner.run(app, sender: sender).sent == 0, "leased to the dead sender")
                time.advance(CardApp.deliveryLease + 1)
                #expect(try await NotifyRunner.run(app, sender: sender).sent == 3)

                for channel in ["/json", "/wecom", "/ding"] {
                    let got = receiver.delivered.filter { $0.path == channel }
                    #expect(Set(got.map(\.key)) == Set(keys), "\(channel) got \(got.map(\.key))")
                    #expect(got.count == keys.count + 1, "one duplicate, from the killed sender, with its key")
                }
                let all = receiver.delivered
                let signed = all.filter { $0.path != "/wecom" }
                #expect(signed.count == 2 * (keys.count + 1) && signed.allSatisfy(\.signatureValid), "a signature did not check")
                let status = try app.notifyStatus(by: admin)
                #expect(status.pending == 0 && status.dead == 0 && status.sent == firstTries + 3)
                let audit = try app.database.read { try $0.audit(subject: "F1", by: "czk notify", since: nil, limit: 10_000) }
                    .filter { $0.action == "notify send" }.count
                #expect(audit == firstTries * 2 + firstTries + 3, "every try is in the audit log")
                _ = (json, wecom, ding)
            }
    }

    /// A cron `czk notify run` beside `czk serve`'s service, while counselors flag warnings: two
    /// senders, each with its own connection to the college as a process would have, running at
    /// once. Every event reaches the channel exactly once (the lease, not luck), and `czk check`
    /// is clean afterwards.
    @Test func twoSendersAtOnceBesideWritersDeliverEachEventOnce() async throws {
        let (base, stores) = try TestStores.shared(3) { try TestSchool.make(store: $0) }
        let time = ManualTime()
        let apps = stores.map { CardApp(database: $0, clock: .manual(LocalDate("2025-10-15")!, time)) }
        let admin = try base.admin()
        let receiver = Receiver()
        try await Application(router: receiver.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                _ = try base.addChannel(for: "F1", format: .json, target: "http://127.0.0.1:\(client.port!)/json", secret: "共享密钥",
                                        group: false, by: admin)
                _ = try base.setPreference(for: "F1", immediate: .all, digestAt: "08:00", by: admin)
                let flags = ["S11", "S12", "S13"].flatMap { code in WarningCategory.allCases.map { (code, $0) } }
                let writer = Task.detached {
                    for (code, category) in flags {
                        _ = try apps[2].flagRisk(code, category: category, reason: "并发", by: apps[2].principal("F1"))
                    }
                }
                let sender = WebhookSender()
                async let first: Void = { for _ in 0..<6 { _ = try await NotifyRunner.run(apps[0], sender: sender) } }()
                async let second: Void = { for _ in 0..<6 { _ = try await NotifyRunner.run(apps[1], sender: sender) } }()
                try await writer.value
                _ = try await (first, second)
                // Whatever the writer added after the last runs began.
                _ = try await NotifyRunner.run(apps[0], sender: sender)

                let outbox = try base.database.read { try $0.outboxEvents(after: 0, limit: 10_000) }
                let expected = outbox.filter { $0.kind != .recordingOverdue || $0.recipient?.rawValue == "F1" }.map(\.key)
                let got = receiver.delivered.map(\.key)
                #expect(got.count == expected.count && Set(got) == Set(expected), "sent twice or never: \(got.sorted())")
                #expect(outbox.filter { $0.kind == .opened }.count >= flags.count)
                let unsigned = receiver.delivered.filter { !$0.signatureValid }
                #expect(unsigned.isEmpty)
                let status = try base.notifyStatus(by: admin)
                #expect(status.pending == 0 && status.dead == 0 && status.sent == expected.count)
                let report = try apps[0].check()
                #expect(report.problems == [], "czk check after two senders: \(report.problems)")
            }
    }

    /// `czk serve` delivers in the background (`NotifyService`), and a graceful stop (SIGTERM)
    /// cuts its wait short instead of waiting out the interval.
    @Test func theServiceBesideThePortalDeliversAndStopsGracefully() async throws {
        let (app, _) = try school()
        let admin = try app.admin()
        let receiver = Receiver()
        try await Application(router: receiver.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                _ = try app.addChannel(for: "F1", format: .json, target: "http://127.0.0.1:\(client.port!)/json", secret: "共享密钥",
                                       group: false, by: admin)
                _ = try app.setPreference(for: "F1", immediate: .all, digestAt: "08:00", by: admin)
                let id = try app.flagRisk("S11", category: .academic, reason: "甲", by: app.principal("F1"))
                let logger = Logger(label: "czk.test")
                let group = ServiceGroup(configuration: .init(services: [NotifyService(app, every: .seconds(600), logger: logger)],
                                                              logger: logger))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    // F1's overdue sheets may arrive first: wait for the warning itself.
                    for _ in 0..<200 where !receiver.delivered.contains(where: { $0.key.hasPrefix("warning-") }) {
                        try await Task.sleep(for: .milliseconds(25))
                    }
                    #expect(receiver.delivered.map(\.key).filter { !$0.hasPrefix("due-") } == ["warning-\(id)-opened"])
                    let asked = ContinuousClock.now
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    #expect(ContinuousClock.now - asked < .seconds(5), "the 600-second wait was not cut short")
                }
            }
    }

    @Test func aChannelThatNeverAnswersEndsAsADeadLetterWithItsError() async throws {
        let (app, time) = try school()
        let admin = try app.admin()
        _ = try app.addChannel(for: "F1", format: .json, target: "http://127.0.0.1:9/closed", secret: nil, group: false, by: admin)
        _ = try app.setPreference(for: "F1", immediate: .all, digestAt: "08:00", by: admin)
        _ = try app.flagRisk("S11", category: .academic, reason: "甲", by: app.principal("F1"))
        // (AsyncHTTPClient retries a refused connection until the deadline: a short one here.)
        let sender = WebhookSender(timeout: .milliseconds(300))
        for _ in 0..<CardApp.deliveryAttempts {
            _ = try await NotifyRunner.run(app, sender: sender)
            time.advance(6 * 3600 + 1)
        }
        let status = try app.notifyStatus(by: admin)
        #expect(status.dead == 1 + (try owedKeys(app)).count && status.pending == 0)
        #expect(status.failing.first?.attempts == CardApp.deliveryAttempts)
        #expect(status.failing.first?.lastError?.contains("127.0.0.1:9") == true)
        #expect(try await NotifyRunner.run(app, sender: sender).failed == 0, "a dead letter is not tried again")
        #expect(throws: AppError.self) { _ = try app.notifyStatus(by: app.principal("F1")) }
    }

    @Test func aDigestGathersTheDayInOneMessageAtEightBeijingTimeAndUrgentOnesGoAtOnce() throws {
        let (app, time) = try school()
        let admin = try app.admin()
        let channel = try app.addChannel(for: "H1", format: .json, target: "http://127.0.0.1:9/p", secret: nil, group: false, by: admin)
        let group = try app.addChannel(for: "H1", format: .wecom, target: "http://127.0.0.1:9/w", secret: nil, group: false, by: admin)
        for code in ["S11", "S12", "S13"] {
            _ = try app.flagRisk(code, category: .academic, reason: "未交作业", by: app.principal("H1"))
        }
        #expect(try app.planDeliveries() == 6)
        #expect(try app.dueMessages().isEmpty, "yellow warnings wait for the digest")
        time.advance(11 * 3600 + 59 * 60)  // 23:59 UTC, 07:59 in Beijing
        #expect(try app.dueMessages().isEmpty)
        time.advance(60)
        let digests = try app.dueMessages()
        #expect(digests.count == 2, "one digest per channel")
        let groupDigest = digests.first { $0.channel.id == group.id }
        #expect(groupDigest?.text.contains("新预警 3 条") == true)
        let groupBody = try groupDigest.map { String(decoding: try ChannelPayload.make($0).body, as: UTF8.self) } ?? ""
        #expect(!groupBody.contains("S1") && !groupBody.contains("王五") && !groupBody.contains("未交作业"), "\(groupBody)")
        let digest = digests.filter { $0.channel.id == channel.id }
        #expect(digest.count == 1)
        #expect(digest.first?.channel.id == channel.id && digest.first?.deliveries.count == 3)
        #expect(digest.first?.text.contains("新预警 3 条") == true)
        #expect(digest.first?.text.contains("王五（S13）") == true)
        // Urgent by default: a 红 warning is told at once (an event of the outbox, as a scan writes it).
        let id = try app.flagRisk("S21", category: .academic, reason: "x", by: app.principal("H2"))
        _ = try app.addChannel(for: "H2", format: .json, target: "http://127.0.0.1:9/q", secret: nil, group: false, by: admin)
        _ = try app.database.write { session in
            try session.enqueue(OutboxEvent(key: "warning-\(id)-escalated-red", kind: .escalated, warning: id, rule: "manual.学业",
                                            category: .academic, level: .red, subject: "S21", createdAt: "2025-10-16T00:00:00Z"))
        }
        _ = try app.planDeliveries()
        let now = try app.dueMessages().filter { $0.channel.staff.rawValue == "H2" }
        #expect(now.map(\.key) == ["warning-\(id)-escalated-red"])
    }

    /// A sheet past its due day with no record is told to its owner once, as one 采分逾期 per
    /// 采分点, 时段 and 班级 (never naming a student), in the morning's digest; a group hears only
    /// that something is owed; what is recorded in time is never told.
    @Test func overdueSheetsAreToldToTheirOwnerOnceWithoutNamingAStudent() throws {
        let time = ManualTime()
        let base = try TestSchool.make(today: "2025-09-19")  // Friday of teaching week 2
        let app = CardApp(database: base.database, clock: .manual(LocalDate("2025-09-19")!, time))
        let admin = try app.admin()
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "100", on: "2025-09-12"))
        let personal = try app.addChannel(for: "H1", format: .json, target: "http://127.0.0.1:9/p", secret: nil, group: false, by: admin)
        let group = try app.addChannel(for: "H1", format: .wecom, target: "http://127.0.0.1:9/w", secret: nil, group: false, by: admin)
        _ = try app.addChannel(for: "F1", format: .json, target: "http://127.0.0.1:9/f", secret: nil, group: false, by: admin)

        #expect(try app.sweepOverdueRecording() > 0)
        #expect(try app.sweepOverdueRecording() == 0, "once a day")
        let events = try app.database.read { try $0.outboxEvents(after: 0, limit: 1000) }.filter { $0.kind == .recordingOverdue }
        let week1 = events.filter { $0.key == "due-H1-academic.full_attendance-2025-2026-1:W01-C1" }
        #expect(week1.count == 1, "\(events.map(\.key))")
        #expect(week1.first?.recipient == StaffID(rawValue: "H1") && week1.first?.subject == "C1")
        guard case .recording(_, let detail)? = week1.first?.about else {
            Issue.record("the overdue sheet is not a recording event: \(String(describing: week1.first))")
            return
        }
        #expect(detail.contains("2 名学生未录入") && detail.contains("2025-09-12"), "\(detail)")
        #expect(!events.contains { $0.key.contains("W02") }, "due today is not overdue")
        #expect(Set(events.compactMap(\.recipient)).isSuperset(of: [StaffID(rawValue: "H1")]))

        // Planned for each owner's own channels only, for the morning's digest.
        #expect(try app.planDeliveries() > 0)
        #expect(try app.dueMessages().isEmpty, "采分逾期 waits for the digest")
        time.advance(12 * 3600)  // 08:00 Beijing
        let digests = try app.dueMessages()
        let mine = digests.filter { $0.channel.staff.rawValue == "H1" }
        #expect(mine.count == 2)
        #expect(!digests.contains { $0.channel.staff.rawValue == "F1" && $0.text.contains("全勤率") }, "H1's sheet told to F1")
        let text = mine.first { $0.channel.id == personal.id }?.text ?? ""
        #expect(text.contains("采分逾期") && text.contains("全勤率") && text.contains("2 名学生未录入"), "\(text)")
        let groupText = try mine.first { $0.channel.id == group.id }.map { String(decoding: try ChannelPayload.make($0).body, as: UTF8.self) } ?? ""
        #expect(groupText.contains("采分逾期") && !groupText.contains("全勤率") && !groupText.contains("C1"), "\(groupText)")
        for message in digests {
            #expect(!message.text.contains("S12") && !message.text.contains("李四") && !message.text.contains("王五"), "\(message.text)")
        }
        for message in digests { try app.recordDelivery(message, error: nil) }

        // Week 2 recorded in full on its due day: never told. The next day's sweep adds nothing for it.
        for student in ["S11", "S12", "S13"] {
            _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", student, "100", on: "2025-09-19"))
        }
        time.advance(12 * 3600)
        _ = try app.sweepOverdueRecording()
        let later = try app.database.read { try $0.outboxEvents(after: 0, limit: 1000) }
        #expect(!later.contains { $0.key == "due-H1-academic.full_attendance-2025-2026-1:W02-C1" })
        #expect(later.filter { $0.key == "due-H1-academic.full_attendance-2025-2026-1:W01-C1" }.count == 1)
    }

    @Test func channelsAreKeptByTheAdminOrTheirOwnerAndAddressesAreChecked() throws {
        let (app, _) = try school()
        #expect(throws: AppError.self) {
            _ = try app.addChannel(for: "F1", format: .json, target: "http://127.0.0.1:9/x", secret: nil, group: false, by: app.principal("H1"))
        }
        #expect(throws: AppError.self) {
            _ = try app.addChannel(for: "F1", format: .json, target: "ftp://x", secret: nil, group: false, by: app.principal("F1"))
        }
        #expect(throws: AppError.self) {
            _ = try app.addChannel(for: "F1", format: .wecom, target: "https://qyapi.weixin.qq.com/x", secret: "s", group: false,
                                   by: app.principal("F1"))
        }
        let own = try app.addChannel(for: "F1", format: .json, target: "https://x.edu.cn/hook", secret: nil, group: false, by: app.principal("F1"))
        #expect(try app.channels(of: nil, by: app.principal("F1")).map(\.id) == [own.id])
        #expect(throws: AppError.self) { try app.removeChannel(own.id, by: app.principal("H1")) }
        try app.removeChannel(own.id, by: app.principal("F1"))
        #expect(try app.channels(of: nil, by: app.admin()).isEmpty)
        #expect(throws: AppError.self) { _ = try app.setPreference(for: "F1", immediate: .all, digestAt: "8点", by: app.principal("F1")) }
    }
}

/// A webhook receiver on loopback: it records what it accepted, checks signatures, and can be down.
final class Receiver: @unchecked Sendable {
    struct Got: Sendable {
        let path: String
        let key: String
        let signatureValid: Bool
    }

    private let lock = NSLock()
    private var isDown = false
    private var got: [Got] = []

    var delivered: [Got] { lock.withLock { got } }
    func setDown(_ down: Bool) { lock.withLock { isDown = down } }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/{kind}") { request, context -> Response in
            if self.lock.withLock({ self.isDown }) { return Response(status: .serviceUnavailable) }
            let body = try await request.body.collect(upTo: 1 << 20)
            let data = Data(buffer: body)
            let path = "/" + (context.parameters.get("kind") ?? "")
            let key = request.headers[.init("Idempotency-Key")!] ?? ""
            var valid = false
            if path == "/json", let stamp = request.headers[.init("X-Czk-Timestamp")!].flatMap(Int64.init),
               let signature = request.headers[.init("X-Czk-Signature")!] {
                valid = signature == "sha256=" + ChannelPayload.signature(of: data, timestamp: stamp, secret: "共享密钥")
            }
            if path == "/ding", let query = URLComponents(string: request.uri.description)?.queryItems,
               let stamp = query.first(where: { $0.name == "timestamp" })?.value, let sign = query.first(where: { $0.name == "sign" })?.value {
                let expected = Data(HMAC<SHA256>.authenticationCode(for: Data("\(stamp)\nSEC1".utf8), using: SymmetricKey(data: Data("SEC1".utf8))))
                valid = sign == expected.base64EncodedString()
            }
            self.lock.withLock { self.got.append(Got(path: path, key: key, signatureValid: valid)) }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":0,"errmsg":"ok"}"#)))
        }
        return router
    }
}
