import ChuzhikaCore

/// One message on its way to one channel: a single event, or a digest of several. What it says
/// depends on who may read the channel (``NotificationText``); the transport only wraps it.
public struct NotificationMessage: Sendable, Equatable {
    /// Sent with every try (the event's key, or the digest's): a receiver applies it once.
    public let key: String
    public let channel: NotifyChannel
    public let title: String
    public let text: String
    /// The portal page to open, when the college set its address (`czk serve --origin`).
    public let link: String?
    /// The events it tells of, as a group may know them (counts only) or a person (`items`).
    public let counts: [String: Int]
    public let items: [Item]
    /// The deliveries this message settles.
    public let deliveries: [Int64]

    public struct Item: Sendable, Equatable, Codable {
        public let kind: String
        public let category: String
        public let level: String?
        /// A student's 学号 and name, or a class's code and name: only for a person's channel, and
        /// never for a 心理 or 理财 warning.
        public let subject: String?
        public let name: String?
        public let rule: String?
    }
}

/// What a message may say, by the channel's audience (issue 25 item 5):
///
/// - a group chat (企业微信, 钉钉 robots; a JSON webhook marked as a group): counts and a link
///   only — never a student's name or 学号, and for 心理 and 理财 not even the category;
/// - a person's own channel: names for 学业 and 就业 warnings; for 违纪, 心理 and 理财 only
///   "您有 1 条新的心理预警，请登录查看：链接".
enum NotificationText {
    struct Told {
        let event: OutboxEvent
        /// The student's (or class's) name.
        let name: String
        let ruleName: String
    }

    static func single(_ told: Told, channel: NotifyChannel, origin: String?, deliveries: [Int64]) -> NotificationMessage {
        let event = told.event
        let body: String, link: String?
        switch event.about {
        case .recording(_, let detail):
            // What a teacher owes names no student; a group still hears only that something is owed.
            link = origin.map { "\($0)/due" }
            body = channel.isGroup ? "\(event.kind.chineseName)：1 项采分未按期录入" : "\(event.kind.chineseName)：\(detail)"
        case .warning(let id, let category, let level):
            link = origin.map { "\($0)/risks/\(id)" }
            if channel.isGroup {
                body = "\(event.kind.chineseName)：\(groupCount(category, level))"
            } else if !isNamed(category) {
                body = "您有 1 条\(sensitivePhrase(event.kind, category))"
            } else {
                body = "\(event.kind.chineseName)：\(told.name)（\(event.subject)）\(category.rawValue)·\(level.rawValue)，\(told.ruleName)"
            }
        }
        return NotificationMessage(
            key: event.key, channel: channel, title: "储值卡·\(event.kind.chineseName)", text: "【储值卡】" + body + lookHere(link),
            link: link, counts: [event.kind.rawValue: 1], items: [item(told, channel: channel)], deliveries: deliveries)
    }

    /// A day's events for one channel in one message, grouped by kind: new, escalated, overdue
    /// and ended warnings, then the sheets owed past their due day.
    static func digest(_ all: [Told], channel: NotifyChannel, origin: String?, day: LocalDate, deliveries: [Int64]) -> NotificationMessage {
        let link = origin.map { all.allSatisfy { $0.event.kind == .recordingOverdue } ? "\($0)/due" : "\($0)/risks" }
        var lines = ["【储值卡】\(day) 预警摘要"]
        var counts: [String: Int] = [:]
        for kind in OutboxEvent.Kind.allCases {
            let told = all.filter { $0.event.kind == kind }
            guard !told.isEmpty else { continue }
            counts[kind.rawValue] = told.count
            lines.append("\(kind.chineseName) \(told.count) \(kind == .recordingOverdue ? "项" : "条")")
            guard !channel.isGroup else { continue }
            for one in told {
                switch one.event.about {
                case .recording(_, let detail):
                    lines.append("· \(detail)")
                case .warning(_, let category, let level):
                    lines.append(!isNamed(category)
                        ? "· \(category.rawValue)预警 1 条"
                        : "· \(one.name)（\(one.event.subject)）\(category.rawValue)·\(level.rawValue)，\(one.ruleName)")
                }
            }
        }
        return NotificationMessage(
            key: "digest-\(channel.id)-\(day)-\(deliveries.min() ?? 0)", channel: channel, title: "储值卡·预警摘要",
            text: lines.joined(separator: "\n") + lookHere(link), link: link, counts: counts,
            items: all.map { item($0, channel: channel) }, deliveries: deliveries)
    }

    private static func item(_ told: Told, channel: NotifyChannel) -> NotificationMessage.Item {
        let event = told.event
        switch event.about {
        case .recording(_, let detail):
            return NotificationMessage.Item(
                kind: event.kind.rawValue, category: "采分", level: nil, subject: channel.isGroup ? nil : event.subject,
                name: channel.isGroup ? nil : told.name, rule: channel.isGroup ? nil : detail)
        case .warning(_, let category, let level):
            let named = !channel.isGroup && isNamed(category)
            let categoryShown = !(channel.isGroup && category.isSensitive)
            return NotificationMessage.Item(
                kind: event.kind.rawValue, category: categoryShown ? category.rawValue : "预警",
                level: categoryShown && !category.isSensitive ? level.rawValue : nil, subject: named ? event.subject : nil,
                name: named ? told.name : nil, rule: named ? told.ruleName : nil)
        }
    }

    /// A person's channel names the student for 学业 and 就业 warnings only (issue 25 item 5);
    /// 违纪 is told like 心理 and 理财: that there is one, and where to look.
    static func isNamed(_ category: WarningCategory) -> Bool {
        category == .academic || category == .employment
    }

    private static func groupCount(_ category: WarningCategory, _ level: WarningLevel) -> String {
        category.isSensitive ? "1 条需要您处理的预警" : "\(category.rawValue)预警（\(level.rawValue)）1 条"
    }

    private static func sensitivePhrase(_ kind: OutboxEvent.Kind, _ category: WarningCategory) -> String {
        let category = category.rawValue
        return switch kind {
        case .opened: "新的\(category)预警"
        case .escalated: "\(category)预警已升级"
        case .overdue: "\(category)预警逾期未确认"
        case .resolved: "\(category)预警已解除"
        case .recordingOverdue: "采分逾期"
        }
    }

    private static func lookHere(_ link: String?) -> String {
        link.map { "，请登录查看：\($0)" } ?? "，请登录储值卡查看（czk risks、czk due）"
    }
}
