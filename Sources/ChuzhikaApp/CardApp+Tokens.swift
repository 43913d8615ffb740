import ChuzhikaCore
import ChuzhikaStore
import Foundation

/// System tokens for the integration API (issue 26): made, listed and revoked by the admin; a
/// call with one acts as that system's principal, through the same access policy and audit as a
/// person, within its scopes and its reach.
extension CardApp {
    /// What `czk tokens add` hands back: the token, shown this once, and what was stored.
    public struct IssuedToken: Sendable {
        public let secret: String
        public let token: SystemToken
    }

    /// Makes a token (admin only). `roster:write` reaches the whole college (the roster is the
    /// admin's); a class or a 系部 must exist; the last day must not be past.
    public func addToken(
        name rawName: String, scopes: Set<SystemToken.Scope>, schoolClass: String? = nil, department: String? = nil,
        expiresOn: LocalDate? = nil, by principal: Principal
    ) throws -> IssuedToken {
        let name = rawName.trimmingSpaces
        try requireAdmin(principal, to: "发放接口令牌", action: "tokens add", subject: name)
        try AppError.refuseControlCharacters(name, field: "令牌名称")
        guard !name.isEmpty, name.count <= 64, !name.contains(" ") else {
            throw AppError.badSetting("令牌名称“\(name)”不对：写系统的名字，不含空格，至多 64 个字，如 教务系统")
        }
        guard !scopes.isEmpty else {
            throw AppError.badSetting("至少给一个范围：--scope " + SystemToken.Scope.allCases.map(\.rawValue).joined(separator: ","))
        }
        guard schoolClass == nil || department == nil else { throw AppError.badSetting("--class 和 --department 只能写一个") }
        if let expiresOn, expiresOn < clock.today() { throw AppError.badSetting("到期日 \(expiresOn) 已经过去：请写今天或以后的日期") }
        if scopes.contains(.warningsSensitive) && !scopes.contains(.warningsRead) {
            throw AppError.badSetting("warnings:sensitive 要与 warnings:read 一起给")
        }
        return try database.write { session in
            var reach = SystemToken.Reach.college
            if let schoolClass {
                let id = ClassID(rawValue: TypedText.normalized(schoolClass))
                guard try session.schoolClass(id) != nil else { throw AppError.unknownClass(id.rawValue) }
                reach = .schoolClass(id)
            } else if let department {
                let id = DepartmentID(rawValue: TypedText.normalized(department))
                guard try session.departments().contains(where: { $0.id == id }) else { throw AppError.notFound("系部 \(id.rawValue)") }
                reach = .department(id)
            }
            if scopes.contains(.rosterWrite) && reach != .college {
                throw AppError.badSetting("roster:write 只能给全校范围的令牌（花名册由管理员维护）：去掉 --class / --department")
            }
            let (secret, hash) = PasswordHasher.newToken()
            let made = SystemToken(name: name, scopes: scopes, reach: reach, expiresOn: expiresOn, createdBy: principal.auditActor,
                                   createdAt: clock.now())
            let id = try session.addToken(made, hash: hash)
            // What a system records is signed by it: records name their author on the roster.
            let author = StaffID(rawValue: made.actorCode)
            if scopes.contains(.recordsWrite), try session.staff(author) == nil {
                try session.apply([RosterChange(.addStaff(Staff(id: author, name: "接口：\(name)"), on: clock.today()), kind: .staff,
                                                action: .added, code: author.rawValue, name: "接口：\(name)",
                                                detail: "接口令牌 \(id) 所写记录的署名", line: 0)],
                                  source: "czk tokens add", by: principal.auditActor, at: clock.now())
            }
            try session.append(entry(principal, principal.code, "tokens add", name, .ok,
                                     "令牌 \(id)：\(scopes.sorted().map(\.rawValue).joined(separator: ","))，\(reach.chineseName)"
                                         + (expiresOn.map { "，至 \($0)" } ?? "")))
            return IssuedToken(secret: "czk_" + secret, token: try session.token(id) ?? made)
        }
    }

    /// Every token, revoked ones too (admin only): never a secret, nor its hash.
    public func tokens(by principal: Principal) throws -> [SystemToken] {
        try requireAdmin(principal, to: "查看接口令牌", action: "tokens list", subject: "")
        return try database.read { try $0.tokens() }
    }

    /// Revokes a token at once (admin only); the next call with it is refused.
    public func revokeToken(_ id: Int64, by principal: Principal) throws -> SystemToken {
        try requireAdmin(principal, to: "吊销接口令牌", action: "tokens revoke", subject: "令牌 \(id)")
        return try database.write { session in
            guard let token = try session.token(id) else { throw AppError.notFound("令牌 \(id)") }
            guard try session.revokeToken(id, by: principal.auditActor, at: clock.now()) else {
                throw AppError.badSetting("令牌 \(id)（\(token.name)）已于 \(token.revokedAt ?? "") 吊销")
            }
            try session.append(entry(principal, principal.code, "tokens revoke", token.name, .ok, "令牌 \(id)"))
            return try session.token(id) ?? token
        }
    }

    /// The token a secret stands for, if it is valid today; nil for an unknown, revoked or
    /// expired one (the caller says only that it is refused).
    public func validToken(_ secret: String) throws -> SystemToken? {
        guard secret.hasPrefix("czk_"), secret.count == 68 else { return nil }
        let token = try database.read { try $0.token(hash: PasswordHasher.tokenHash(String(secret.dropFirst(4)))) }
        return token.flatMap { $0.isValid(on: clock.today()) ? $0 : nil }
    }

    /// The principal a token acts as for one scope: the access policy then decides as for a
    /// person. College-wide, the admin (who reads every card but no 心理 detail, and imports any
    /// result); within a class or 系部, the roles that hold it — 班主任 and 学工办 to read, 教研室 to
    /// import results, every recording role to record, and 辅导员 only with `warnings:sensitive`.
    public func principal(for token: SystemToken, scope: SystemToken.Scope) throws -> Principal {
        let staff = StaffID(rawValue: token.actorCode)
        let roles: [OwnerRole] = switch scope {
        case .resultsWrite: [.teachingOffice]
        case .recordsWrite: [.headTeacher, .counselor, .studentAffairs, .teachingOffice, .peTeacher]
        case .rosterWrite: []
        // A card read never shows 心理 content (the 辅导员's alone); the warnings feed shows 心理
        // and 理财 warnings only to a token whose scope names them.
        case .accountsRead: [.headTeacher, .studentAffairs]
        case .warningsRead, .warningsSensitive:
            [.headTeacher, .studentAffairs] + (token.scopes.contains(.warningsSensitive) ? [.counselor] : [])
        }
        let reaches: [Assignment.Reach] = switch token.reach {
        case .college: try database.read { try $0.departments() }.map { .department($0.id) }
        case .schoolClass(let id): [.schoolClass(id)]
        case .department(let id): [.department(id)]
        }
        // Recording needs its owners' roles, whatever the reach; reading and importing results
        // college-wide are the admin's.
        let isAdmin = token.reach == .college && scope != .recordsWrite
        let assignments = isAdmin ? [] : roles.flatMap { role in reaches.map { Assignment(staff: staff, role: role, reach: $0) } }
        return Principal(.staff(Staff(id: staff, name: token.name, isAdmin: isAdmin)), assignments: assignments, isSystem: true)
    }

    /// What became of a call made with an Idempotency-Key, for the one about to make it.
    public enum Claim: Sendable, Equatable {
        /// This caller holds the key: apply the batch, then ``finishCall(_:token:key:status:body:)``.
        case claimed
        /// Answered before (its request's hash, to compare with this one's).
        case answered(StoredAnswer)
        /// Another call with the key is still running.
        case inProgress
    }

    /// How long a claim stands before a retry may take it over (its process died mid-batch).
    public static let claimLifetime = 600

    /// Claims `key` for a call whose request hashes to `hash`: atomically, so that of two calls
    /// sent at once with the same key only one applies its batch.
    public func claimCall(token: SystemToken, key: String, hash: String) throws -> Claim {
        try database.write { session in
            if try session.claimAPIRequest(token: token.id, key: key, requestHash: hash, at: clock.now()) { return .claimed }
            guard let seen = try session.apiRequest(token: token.id, key: key) else { return .inProgress }
            if seen.status == 200 { return .answered(seen) }
            let stale = (Clock.epoch(of: seen.at) ?? 0) + Self.claimLifetime < clock.epoch()
            if seen.status == StoredAnswer.failed || (seen.status == StoredAnswer.inProgress && stale),
               try session.reclaimAPIRequest(token: token.id, key: key, requestHash: hash, at: clock.now(), seen: seen) {
                return .claimed
            }
            return .inProgress
        }
    }

    /// Records how a claimed call ended: its answer (200), or failed (-1: the key may be used again).
    public func finishCall(token: SystemToken, key: String, status: Int, body: String) throws {
        try database.write { try $0.finishAPIRequest(token: token.id, key: key, status: status, body: body) }
    }
}
