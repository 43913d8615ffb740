import ChuzhikaCore
import Foundation
import ChuzhikaRules
import ChuzhikaStore

/// Notifications (issue 25): channels and preferences per staff member, the outbox's events
/// planned into deliveries, due messages, and what came of each try. The transport (HTTP,
/// SMTP) is the caller's (`ChuzhikaNotify`); everything here is one transaction at a time.
extension CardApp {
    /// How many tries before a delivery is given up (dead letter), and the first retry's delay;
    /// each next delay doubles (1, 2, 4 … minutes, at most 6 hours).
    public static let deliveryAttempts = 10
    static let firstRetry = 60
    /// How long a message being sent is kept from other senders (seconds).
    public static let deliveryLease = 120

    // MARK: - Channels and preferences

    /// Adds a channel for `staff`: the admin for anyone, a staff member for themselves.
    public func addChannel(
        for code: String, format: NotifyChannel.Format, target: String, secret: String?, group: Bool, by principal: Principal
    ) throws -> NotifyChannel {
        let staff = StaffID(rawValue: TypedText.normalized(code))
        let target = target.trimmingSpaces
        try AppError.refuseControlCharacters(target, field: format == .email ? "邮箱地址（--email）" : "网址（--webhook）")
        if let secret { try AppError.refuseControlCharacters(secret, field: "密钥（--secret）") }
        switch format {
        case .email:
            let parts = target.split(separator: "@")
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !target.contains(" "), !target.contains("<"),
                  !target.contains(">") else {
                throw AppError.badSetting("邮箱地址“\(target)”不对：应形如 name@college.edu.cn")
            }
            guard try mailRelay() != nil else { throw AppError.badSetting("还没有设置学校的邮件中继：请管理员先运行 czk notify smtp") }
        case .wecom, .dingtalk, .json:
            guard target.hasPrefix("https://") || target.hasPrefix("http://"), target.count > 10 else {
                throw AppError.badSetting("网址“\(target)”不对：应以 https:// 开头（企业微信、钉钉群机器人的 Webhook 地址）")
            }
        }
        if format == .wecom, secret != nil { throw AppError.badSetting("企业微信群机器人没有签名密钥：请去掉 --secret") }
        return try refusalsAudited(principal, "notify channel add", subject: staff.rawValue) {
            try mayKeepChannels(of: staff, principal)
            return try database.write { session in
                guard try session.staff(staff) != nil else { throw AppError.unknownSubject(staff.rawValue) }
                // Every robot of a 企业微信 or 钉钉 group posts into a group; e-mail reaches one person.
                let isGroup = format == .wecom || format == .dingtalk || (format == .json && group)
                let channel = NotifyChannel(staff: staff, format: format, target: target, secret: secret, isGroup: isGroup,
                                            addedBy: principal.auditActor, addedAt: clock.now())
                let id = try session.addChannel(channel)
                try session.append(entry(principal, principal.code, "notify channel add", staff.rawValue, .ok,
                                         "渠道 \(id)：\(format.rawValue)\(isGroup ? "（群）" : "")"))
                return try session.channel(id) ?? channel
            }
        }
    }

    /// The channels the principal keeps: everyone's for the admin, else their own.
    public func channels(of code: String?, by principal: Principal) throws -> [NotifyChannel] {
        let staff = code.map { StaffID(rawValue: TypedText.normalized($0)) } ?? principal.staff?.id
        if let staff { try mayKeepChannels(of: staff, principal) } else { guard principal.isAdmin else { throw AppError.forbidden("学生没有通知渠道") } }
        return try database.read { try $0.channels(of: code == nil && principal.isAdmin ? nil : staff) }
    }

    public func removeChannel(_ id: Int64, by principal: Principal) throws {
        try refusalsAudited(principal, "notify channel remove", subject: "渠道 \(id)") {
            try database.write { session in
                guard let channel = try session.channel(id) else { throw AppError.notFound("通知渠道 \(id)") }
                try mayKeepChannels(of: channel.staff, principal)
                _ = try session.removeChannel(id, by: principal.auditActor, at: clock.now())
                try session.append(entry(principal, principal.code, "notify channel remove", channel.staff.rawValue, .ok, "渠道 \(id)"))
            }
        }
    }

    /// A channel the principal may test (their own, or any for the admin).
    public func channel(_ id: Int64, by principal: Principal) throws -> NotifyChannel {
        try refusalsAudited(principal, "notify channel test", subject: "渠道 \(id)") {
            guard let channel = try database.read({ try $0.channel(id) }) else { throw AppError.notFound("通知渠道 \(id)") }
            try mayKeepChannels(of: channel.staff, principal)
            return channel
        }
    }

    /// A test message for a channel: no student in it, whatever the channel.
    public func testMessage(for channel: NotifyChannel) throws -> NotificationMessage {
        let portal = try database.read { try $0.meta(Self.portalKey) }
        return NotificationMessage(
            key: "test-\(channel.id)-\(clock.epoch())", channel: channel, title: "储值卡·测试消息",
            text: "【储值卡】这是一条测试消息：此渠道可以收到储值卡的预警通知。", link: portal, counts: [:], items: [], deliveries: [])
    }

    /// The portal's address as people open it (`https://czk.college.edu.cn`), for the links in
    /// messages (admin only); nil clears it.
    public func setPortalAddress(_ address: String?, by principal: Principal) throws {
        guard principal.isAdmin else { throw AppError.adminRequired(staff: principal.code, action: "设置门户地址") }
        let address = address.map { String($0.trimmingSpaces.reversed().drop { $0 == "/" }.reversed()) }
        if let address {
            try AppError.refuseControlCharacters(address, field: "门户地址")
            guard address.hasPrefix("https://") || address.hasPrefix("http://"), !address.contains(" ") else {
                throw AppError.badSetting("门户地址“\(address)”不对：应形如 https://czk.college.edu.cn")
            }
        }
        try database.write { session in
            try session.setMeta(Self.portalKey, address ?? "")
            try session.append(entry(principal, principal.code, "notify portal", "门户地址", .ok, address ?? "（清除）"))
        }
    }

    static let portalKey = "notify.portal"
    static let relayKey = "notify.smtp"

    /// The college's SMTP relay (admin only); nil clears it.
    public func setMailRelay(_ relay: MailRelay?, by principal: Principal) throws {
        guard principal.isAdmin else { throw AppError.adminRequired(staff: principal.code, action: "设置邮件中继") }
        if let relay {
            for (text, field) in [(relay.host, "中继地址"), (relay.from, "发件地址（--from）"), (relay.user ?? "", "用户名（--user）")] {
                try AppError.refuseControlCharacters(text, field: field)
            }
            guard !relay.host.isEmpty, !relay.host.contains(" "), (1...65_535).contains(relay.port) else {
                throw AppError.badSetting("邮件中继“\(relay.host):\(relay.port)”不对：应形如 smtp.college.edu.cn:587")
            }
            guard relay.from.split(separator: "@").count == 2, !relay.from.contains(" ") else {
                throw AppError.badSetting("发件地址“\(relay.from)”不对：应形如 czk@college.edu.cn")
            }
        }
        let stored = try relay.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } ?? ""
        try database.write { session in
            try session.setMeta(Self.relayKey, stored)
            try session.append(entry(principal, principal.code, "notify smtp", "邮件中继",
                                     .ok, relay.map { "\($0.host):\($0.port)，发件 \($0.from)" + ($0.user == nil ? "" : "，用户 \($0.user!)") } ?? "（清除）"))
        }
    }

    /// The relay e-mail goes through, if the admin set one.
    public func mailRelay() throws -> MailRelay? {
        guard let stored = try database.read({ try $0.meta(Self.relayKey) }), !stored.isEmpty else { return nil }
        return try? JSONDecoder().decode(MailRelay.self, from: Data(stored.utf8))
    }

    public func setPreference(
        for code: String, immediate: NotifyPreference.Immediate, digestAt: String, by principal: Principal
    ) throws -> NotifyPreference {
        let staff = StaffID(rawValue: TypedText.normalized(code))
        guard Self.minutes(of: digestAt) != nil else { throw AppError.badSetting("摘要时间“\(digestAt)”不对：应为 HH:MM，如 08:00") }
        return try refusalsAudited(principal, "notify prefs", subject: staff.rawValue) {
            try mayKeepChannels(of: staff, principal)
            let preference = NotifyPreference(staff: staff, immediate: immediate, digestAt: digestAt)
            try database.write { session in
                guard try session.staff(staff) != nil else { throw AppError.unknownSubject(staff.rawValue) }
                try session.setPreference(preference, by: principal.auditActor, at: clock.now())
                try session.append(entry(principal, principal.code, "notify prefs", staff.rawValue, .ok,
                                         "\(immediate.rawValue)，摘要 \(digestAt)"))
            }
            return preference
        }
    }

    private func mayKeepChannels(of staff: StaffID, _ principal: Principal) throws {
        guard principal.isAdmin || principal.staff?.id == staff else {
            throw AppError.forbidden("只有管理员或 \(staff.rawValue) 本人可以设置其通知")
        }
    }

    // MARK: - The outbox into deliveries

    /// Puts in the outbox the open warnings nobody has acknowledged within their rule's
    /// `overdue_days` (once each); returns how many.
    public func sweepOverdueWarnings() throws -> Int {
        try database.write { session in
            let book = try ruleBooks(in: session).latest
            var told = 0
            for (warning, _, _) in try session.allWarnings(activeOnly: true) where warning.status == .open && !warning.isNoData {
                let rule = book.risks.first { $0.id == warning.rule }
                guard warning.openedOn.days(until: clock.today()) > (rule?.overdueDays ?? 7) else { continue }
                let key = "warning-\(warning.id)-overdue"
                if try session.enqueue(OutboxEvent(key: key, kind: .overdue, warning: warning.id, rule: warning.rule,
                                                   category: warning.category, level: warning.level, subject: warning.subject.code,
                                                   createdAt: clock.now())) {
                    told += 1
                }
            }
            return told
        }
    }

    /// Puts in the outbox the sheets teachers owe past their due day in the current semester: one
    /// event per teacher, 采分点, 时段 and 班级 (a per-student point counts its missing students and
    /// never names them), once each. What is owed changes only when a day ends, so this looks once
    /// a day; returns how many events it added.
    public func sweepOverdueRecording() throws -> Int {
        let today = clock.today()
        // `czk serve` runs this every minute: once swept today, nothing more is read.
        guard try database.read({ try $0.meta(Self.recordingSweptKey) }) != "\(today)" else { return 0 }
        let calendar = try calendar()
        guard let semester = calendar.semester(containing: today) else { return 0 }
        let book = try ruleBook(for: semester.id)
        return try database.write { session in
            guard try session.meta(Self.recordingSweptKey) != "\(today)" else { return 0 }
            try session.setMeta(Self.recordingSweptKey, "\(today)")
            let obligations = try Obligations(session: session, calendar: calendar, semester: semester, day: today)
            var classNames: [ClassID: String] = [:]
            for (schoolClass, _) in obligations.classes { classNames[schoolClass.id] = schoolClass.name }
            var told = 0
            // Everyone who holds an assignment (an admin who is also a 班主任 owes that class's sheets).
            for person in try session.allStaff() {
                let owed = try obligations.owed(by: person, book: book, periods: { $0.dueOn < today }).filter { !$0.isRecorded }
                let sheets = Dictionary(grouping: owed) { "\($0.item.pointID)|\($0.item.periodKey)|\($0.schoolClass.rawValue)" }
                for (_, sheet) in sheets.sorted(by: { $0.key < $1.key }) {
                    let first = sheet[0], item = first.item, schoolClass = first.schoolClass.rawValue
                    let missing = item.subject == schoolClass ? "未录入" : "\(sheet.count) 名学生未录入"
                    let detail = "\(item.pointName)（\(item.period)）\(classNames[first.schoolClass] ?? schoolClass)：\(missing)，"
                        + "应于 \(item.dueOn) 前录入"
                    let event = OutboxEvent(
                        key: "due-\(person.id.rawValue)-\(item.pointID)-\(item.periodKey)-\(schoolClass)", kind: .recordingOverdue,
                        about: .recording(recipient: person.id, detail: detail), rule: item.pointID, subject: schoolClass,
                        createdAt: clock.now())
                    if try session.enqueue(event) { told += 1 }
                }
            }
            return told
        }
    }

    static let recordingSweptKey = "notify.recordingSwept"

    /// Plans a delivery for every outbox event not yet planned, to every channel of every staff
    /// member the event's rule notifies (for 心理 and 理财 only the student's 辅导员): at once or
    /// for the next digest, by their preference. Returns how many deliveries were planned.
    public func planDeliveries() throws -> Int {
        var planned = 0
        while true {
            let (added, more) = try database.write { session -> (Int, Bool) in
                try session.holdOutbox()
                let cursor = Int64(try session.meta("notify.planned") ?? "0") ?? 0
                let events = try session.outboxEvents(after: cursor, limit: 500)
                guard let last = events.last else { return (0, false) }
                let book = try ruleBooks(in: session).latest
                var reach = RecipientFinder(session: session, today: clock.today())
                var added = 0
                for event in events {
                    for staff in try reach.recipients(of: event, rule: book.risks.first { $0.id == event.rule }) {
                        let preference = try session.preference(of: staff) ?? NotifyPreference(staff: staff)
                        let now = preference.immediate == .all || event.isUrgent
                        // The digest after the event itself: one planned late still goes in that
                        // morning's digest (then due at once), not the next day's.
                        let happened = Clock.epoch(of: event.createdAt) ?? clock.epoch()
                        let due = now ? clock.epoch() : Self.nextDigest(after: happened, at: preference.digestAt)
                        for channel in try session.channels(of: staff) {
                            try session.addDelivery(event: event.id, channel: channel.id, dueAt: due, isDigest: !now)
                            added += 1
                        }
                    }
                }
                try session.setMeta("notify.planned", String(last.id))
                return (added, events.count == 500)
            }
            planned += added
            if !more { return planned }
        }
    }

    // MARK: - Due messages and what came of them

    /// The messages due now: one per immediate delivery, one per channel for its digest.
    ///
    /// The deliveries taken are leased for ``deliveryLease`` seconds: another `czk notify run` (cron
    /// beside `czk serve`) leaves them alone meanwhile, and if this process dies before it records
    /// the result, they are tried again when the lease ends (at least once; the key lets the
    /// receiver drop the second copy).
    public func dueMessages(limit: Int = 500) throws -> [NotificationMessage] {
        try database.write { session in
            let book = try ruleBooks(in: session).latest
            let portal = try session.meta(Self.portalKey).flatMap { $0.isEmpty ? nil : $0 }
            var names: [String: String] = [:]
            func told(_ event: OutboxEvent) throws -> NotificationText.Told {
                if names[event.subject] == nil {
                    names[event.subject] = try session.student(StudentID(rawValue: event.subject))?.name
                        ?? session.schoolClass(ClassID(rawValue: event.subject))?.name ?? event.subject
                }
                return NotificationText.Told(event: event, name: names[event.subject] ?? event.subject,
                                             ruleName: book.risks.first { $0.id == event.rule }?.name ?? event.rule)
            }
            var messages: [NotificationMessage] = []
            var digests: [Int64: [(Delivery, NotificationText.Told)]] = [:]
            var channels: [Int64: NotifyChannel?] = [:]
            for delivery in try session.dueDeliveries(by: clock.epoch(), limit: limit) {
                // Another sender (cron beside `czk serve`) may have taken it since it was read.
                guard try session.leaseDelivery(delivery.id, dueBy: clock.epoch(), until: clock.epoch() + Self.deliveryLease) else { continue }
                if channels[delivery.channel] == nil { channels[delivery.channel] = try session.channel(delivery.channel) }
                guard let channel = channels[delivery.channel] ?? nil, let event = try session.outboxEvent(delivery.event) else {
                    try session.updateDelivery(delivery.id, status: .dead, attempts: delivery.attempts, dueAt: delivery.dueAt,
                                               lastError: "渠道已停用", sentAt: nil)
                    continue
                }
                if delivery.isDigest {
                    digests[channel.id, default: []].append((delivery, try told(event)))
                } else {
                    messages.append(NotificationText.single(try told(event), channel: channel, origin: portal, deliveries: [delivery.id]))
                }
            }
            for (id, told) in digests.sorted(by: { $0.key < $1.key }) {
                guard let channel = channels[id] ?? nil else { continue }
                messages.append(NotificationText.digest(told.map(\.1), channel: channel, origin: portal, day: clock.today(),
                                                        deliveries: told.map(\.0.id)))
            }
            return messages
        }
    }

    /// Records a try: sent, or failed (`error`) and due again after a doubling delay, or given up
    /// after ``deliveryAttempts`` tries. Every try is in the audit log.
    public func recordDelivery(_ message: NotificationMessage, error: String?) throws {
        try database.write { session in
            var gaveUp = false
            for delivery in try session.deliveries(message.deliveries) where delivery.status == .pending {
                let attempts = delivery.attempts + 1
                if error == nil {
                    try session.updateDelivery(delivery.id, status: .sent, attempts: attempts, dueAt: delivery.dueAt, lastError: nil,
                                               sentAt: clock.now())
                } else {
                    let dead = attempts >= Self.deliveryAttempts
                    gaveUp = gaveUp || dead
                    let delay = min(Self.firstRetry << min(attempts - 1, 20), 6 * 3600)
                    try session.updateDelivery(delivery.id, status: dead ? .dead : .pending, attempts: attempts,
                                               dueAt: clock.epoch() + delay, lastError: error, sentAt: nil)
                }
            }
            let channel = message.channel
            let detail = "渠道 \(channel.id)（\(channel.format.rawValue)），\(message.key)，\(message.deliveries.count) 条"
                + (error.map { "：\($0)" + (gaveUp ? "；已放弃" : "") } ?? "")
            try session.append(AuditEntry(at: clock.now(), actor: "czk notify", actingAs: nil, action: "notify send",
                                          subject: channel.staff.rawValue, outcome: error == nil ? .ok : .failed, detail: detail))
        }
    }

    /// Deliveries by status, and the latest ones with their last error (admin only).
    public func notifyStatus(by principal: Principal, latest limit: Int = 20) throws -> NotifyStatus {
        guard principal.isAdmin else { throw AppError.forbidden("只有管理员可以查看通知的发送情况") }
        return try database.read { session in
            let counts = try session.deliveryCounts()
            return NotifyStatus(
                pending: counts[.pending] ?? 0, sent: counts[.sent] ?? 0, dead: counts[.dead] ?? 0,
                failing: try session.deliveries(limit: limit).filter { $0.lastError != nil && $0.status != .sent },
                outboxPlanned: Int64(try session.meta("notify.planned") ?? "0") ?? 0)
        }
    }

    // MARK: - Time

    /// The first time of day `at` (Beijing time, UTC+8) after `epoch`, in seconds since 1970.
    static func nextDigest(after epoch: Int, at: String) -> Int {
        let minutes = minutes(of: at) ?? 8 * 60
        let beijing = epoch + 8 * 3600
        let dayStart = beijing - ((beijing % 86_400) + 86_400) % 86_400
        var next = dayStart + minutes * 60
        if next <= beijing { next += 86_400 }
        return next - 8 * 3600
    }

    static func minutes(of time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0..<24).contains(hours), (0..<60).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }
}

/// Deliveries at a glance, for `czk notify status`.
public struct NotifyStatus: Sendable, Codable {
    public let pending: Int
    public let sent: Int
    public let dead: Int
    /// Deliveries whose last try failed (waiting to retry, or given up), newest first.
    public let failing: [Delivery]
    public let outboxPlanned: Int64
}

/// Who hears of an event: the staff whose current assignments reach the subject's class in a
/// role the rule notifies (for 心理 and 理财, the 辅导员 only). Assignments are read once.
struct RecipientFinder {
    let session: CardSession
    let today: LocalDate
    private var assignments: [Assignment]?
    private var places: [ClassID: (SchoolClass, DepartmentID?)?] = [:]

    init(session: CardSession, today: LocalDate) {
        self.session = session
        self.today = today
    }

    mutating func recipients(of event: OutboxEvent, rule: RiskRule?) throws -> [StaffID] {
        if let staff = event.recipient {
            // What a teacher owes is told to that teacher, while they are on the staff.
            let stillHere = try session.staff(staff) != nil && (try session.staffEnd(staff).map { $0 > today } ?? true)
            return stillHere ? [staff] : []
        }
        guard let category = event.category else { return [] }
        let classID = try session.student(StudentID(rawValue: event.subject))?.schoolClass ?? ClassID(rawValue: event.subject)
        if places[classID] == nil {
            places[classID] = try session.schoolClass(classID).map { ($0, try session.department(ofMajor: $0.major)) }
        }
        guard let (schoolClass, department) = places[classID] ?? nil else { return [] }
        if assignments == nil {
            assignments = try session.allStaff().filter { try session.staffEnd($0.id).map { $0 > today } ?? true }
                .flatMap { try session.assignments(of: $0.id, on: today) }
        }
        let roles: [OwnerRole] = category.isSensitive ? [.counselor] : (rule?.notify ?? [.counselor, .headTeacher])
        var seen = Set<StaffID>()
        return (assignments ?? []).filter { roles.contains($0.role) && $0.covers(schoolClass, department: department) }
            .map(\.staff).filter { seen.insert($0).inserted }
    }
}
