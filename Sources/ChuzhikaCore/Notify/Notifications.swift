/// Something a person must hear of (及时反馈, 发布预警信息): a warning opened, escalated, left
/// unacknowledged past its rule's `overdue_days`, or ended; or a sheet a teacher owes past its
/// due day. Written to the outbox (`notification`) in the same transaction as the change that
/// caused it (for what time alone makes overdue, by the sweep that finds it); delivered later,
/// at least once, under its key.
public struct OutboxEvent: Hashable, Codable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case opened, escalated, overdue, resolved
        /// A recording obligation past its due day with no record (采分逾期).
        case recordingOverdue

        public var chineseName: String {
            switch self {
            case .opened: "新预警"
            case .escalated: "预警升级"
            case .overdue: "预警逾期未确认"
            case .resolved: "预警已解除"
            case .recordingOverdue: "采分逾期"
            }
        }
    }

    /// What the event is about: a warning, or what one staff member owes.
    public enum About: Hashable, Codable, Sendable {
        case warning(id: Int64, category: WarningCategory, level: WarningLevel)
        /// `detail` says what is owed, without any student's name: 采分点, 时段, 班级 and how many.
        case recording(recipient: StaffID, detail: String)
    }

    /// The outbox row's id (0 before it is stored).
    public let id: Int64
    /// Unique per event: the idempotency key every delivery of it carries (`warning-12-opened-1`).
    public let key: String
    public let kind: Kind
    public let about: About
    /// The warning's rule, or the owed scoring point.
    public let rule: String
    /// The student's 学号, or the class's code for a class warning and for what is owed.
    public let subject: String
    public let createdAt: String

    public init(id: Int64 = 0, key: String, kind: Kind, about: About, rule: String, subject: String, createdAt: String) {
        self.id = id
        self.key = key
        self.kind = kind
        self.about = about
        self.rule = rule
        self.subject = subject
        self.createdAt = createdAt
    }

    /// A warning's event.
    public init(
        id: Int64 = 0, key: String, kind: Kind, warning: Int64, rule: String, category: WarningCategory, level: WarningLevel,
        subject: String, createdAt: String
    ) {
        self.init(id: id, key: key, kind: kind, about: .warning(id: warning, category: category, level: level), rule: rule,
                  subject: subject, createdAt: createdAt)
    }

    public var warning: Int64? {
        if case .warning(let id, _, _) = about { id } else { nil }
    }

    public var category: WarningCategory? {
        if case .warning(_, let category, _) = about { category } else { nil }
    }

    public var level: WarningLevel? {
        if case .warning(_, _, let level) = about { level } else { nil }
    }

    /// The one staff member told of what they owe; nil for a warning (its rule says who).
    public var recipient: StaffID? {
        if case .recording(let staff, _) = about { staff } else { nil }
    }

    /// Urgent by default (told at once, not in the morning's digest): a 红 warning, and a 心理
    /// warning at 橙 or 红. What is owed waits for the digest.
    public var isUrgent: Bool {
        guard case .warning(_, let category, let level) = about else { return false }
        return level == .red || (category == .psychological && level >= .orange)
    }
}

/// Where one staff member is told: a group robot (企业微信, 钉钉), a JSON webhook, or e-mail.
public struct NotifyChannel: Hashable, Codable, Sendable {
    public enum Format: String, CaseIterable, Codable, Sendable {
        case wecom, dingtalk, json, email
    }

    public let id: Int64
    public let staff: StaffID
    public let format: Format
    /// The webhook URL, or the e-mail address.
    public let target: String
    /// 钉钉's signing secret, or the JSON webhook's HMAC key.
    public let secret: String?
    /// A group chat (every 企业微信 and 钉钉 robot; a JSON webhook added with `--group`): never a
    /// student's name, 学号 or any 心理/理财 detail — only counts and a link.
    public let isGroup: Bool
    public let addedBy: String
    public let addedAt: String

    public init(
        id: Int64 = 0, staff: StaffID, format: Format, target: String, secret: String?, isGroup: Bool, addedBy: String,
        addedAt: String
    ) {
        self.id = id
        self.staff = staff
        self.format = format
        self.target = target
        self.secret = secret
        self.isGroup = isGroup
        self.addedBy = addedBy
        self.addedAt = addedAt
    }
}

/// When a staff member is told: urgent items at once and the rest in a daily digest (the default),
/// or everything at once.
public struct NotifyPreference: Hashable, Codable, Sendable {
    public enum Immediate: String, CaseIterable, Codable, Sendable {
        /// 红, and 心理 at 橙 or 红, at once; the rest in the digest.
        case urgent
        /// Everything at once; no digest.
        case all
    }

    public let staff: StaffID
    public let immediate: Immediate
    /// The digest's time of day, Beijing time (`08:00`).
    public let digestAt: String

    public init(staff: StaffID, immediate: Immediate = .urgent, digestAt: String = "08:00") {
        self.staff = staff
        self.immediate = immediate
        self.digestAt = digestAt
    }
}

/// One event on its way to one channel.
public struct Delivery: Hashable, Codable, Sendable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        /// Not yet tried, or waiting for its next try.
        case pending
        case sent
        /// Given up after too many failures (dead letter): `czk notify status` shows its last error.
        case dead

        public var chineseName: String {
            switch self {
            case .pending: "待发送"
            case .sent: "已发送"
            case .dead: "已放弃"
            }
        }
    }

    public let id: Int64
    public let event: Int64
    public let channel: Int64
    public let status: Status
    public let attempts: Int
    /// When it is (next) due, in seconds since 1970: now, the next digest, or a retry's time.
    public let dueAt: Int
    /// Held for the recipient's daily digest.
    public let isDigest: Bool
    public let lastError: String?
    public let sentAt: String?

    public init(
        id: Int64, event: Int64, channel: Int64, status: Status, attempts: Int, dueAt: Int, isDigest: Bool, lastError: String?,
        sentAt: String?
    ) {
        self.id = id
        self.event = event
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.dueAt = dueAt
        self.isDigest = isDigest
        self.lastError = lastError
        self.sentAt = sentAt
    }
}

/// The college's SMTP relay for e-mail channels (`czk notify smtp`), kept by the admin.
public struct MailRelay: Sendable, Codable, Equatable {
    public let host: String
    public let port: Int
    /// The sender address the messages carry.
    public let from: String
    /// A login, when the relay asks for one (sent only over STARTTLS).
    public let user: String?
    public let password: String?

    public init(host: String, port: Int, from: String, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.from = from
        self.user = user
        self.password = password
    }
}
