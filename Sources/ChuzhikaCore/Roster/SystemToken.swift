/// A college system's key to the integration API (教务, 学工, 一卡通 …): what it may do (scopes), how
/// far it reaches (the college, one class or one 系部), until when. Only its hash is kept; the
/// token itself is shown once, when the admin makes it (`czk tokens add`).
public struct SystemToken: Hashable, Codable, Sendable {
    /// What a token may do: one scope per kind of call. None reaches 心理 or 理财 detail but
    /// `warnings:sensitive`, which names it.
    public enum Scope: String, CaseIterable, Codable, Sendable, Comparable {
        case resultsWrite = "results:write"
        case rosterWrite = "roster:write"
        case recordsWrite = "records:write"
        case warningsRead = "warnings:read"
        case warningsSensitive = "warnings:sensitive"
        case accountsRead = "accounts:read"

        public var chineseName: String {
            switch self {
            case .resultsWrite: "推送课程成绩"
            case .rosterWrite: "推送花名册变动"
            case .recordsWrite: "推送采分记录"
            case .warningsRead: "读取预警"
            case .warningsSensitive: "读取心理、理财预警"
            case .accountsRead: "读取储值卡"
            }
        }

        public static func < (lhs: Scope, rhs: Scope) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// How far a token reaches.
    public enum Reach: Hashable, Codable, Sendable {
        case college
        case schoolClass(ClassID)
        case department(DepartmentID)

        public var chineseName: String {
            switch self {
            case .college: "全校"
            case .schoolClass(let id): "班级 \(id.rawValue)"
            case .department(let id): "系部 \(id.rawValue)"
            }
        }
    }

    public let id: Int64
    public let name: String
    public let scopes: Set<Scope>
    public let reach: Reach
    /// The last day it is accepted; nil for no end.
    public let expiresOn: LocalDate?
    public let createdBy: String
    public let createdAt: String
    public let revokedBy: String?
    public let revokedAt: String?

    public init(
        id: Int64 = 0, name: String, scopes: Set<Scope>, reach: Reach, expiresOn: LocalDate?, createdBy: String, createdAt: String,
        revokedBy: String? = nil, revokedAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.reach = reach
        self.expiresOn = expiresOn
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedBy = revokedBy
        self.revokedAt = revokedAt
    }

    /// Accepted on `day`: not revoked, not past its last day.
    public func isValid(on day: LocalDate) -> Bool {
        revokedAt == nil && (expiresOn.map { day <= $0 } ?? true)
    }

    /// The code the audit log and the records name it by: `接口:教务系统`.
    public var actorCode: String { "接口:\(name)" }
}
