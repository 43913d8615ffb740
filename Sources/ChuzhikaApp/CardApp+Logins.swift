import ChuzhikaCore
import ChuzhikaStore

/// A successful login: the token goes to the user's session file, never to the database.
public struct LoginResult: Sendable {
    public let token: String
    public let principal: Principal
    public let expiresAt: String
}

/// One login as the admin sees it.
public struct UserLine: Hashable, Codable, Sendable {
    public let code: String
    public let name: String
    public let kind: String
    public let isDisabled: Bool
    public let isLocked: Bool
    public let lastLogin: String?
}

extension CardApp {
    static let lockoutAttempts = 5
    static let lockoutSeconds = 15 * 60
    /// The college setting `sessionHours` (meta), else 12 hours.
    public static let defaultSessionHours = 12

    /// Checks a password and opens a session.
    ///
    /// Five failures for one ID within 15 minutes lock it for 15 minutes — whether or not the ID
    /// exists, so that the answer never tells. Every failure and every lock is audited.
    public func login(_ rawCode: String, password: String) throws -> LoginResult {
        let code = TypedText.normalized(rawCode)
        let now = clock.epoch()
        enum Outcome { case ok(LoginResult), failed, locked(Int) }
        let outcome: Outcome = try database.write { session in
            let stored = try session.login(code)
            let windowStart = max(now - Self.lockoutSeconds, stored?.lastSuccessAt.map { $0 + 1 } ?? 0)
            let recentFailures = try session.loginFailures(code, since: windowStart)
            if let until = stored?.lockedUntil, until > now {
                try session.append(entry(nil, code, "login", code, .refused, "账号锁定中"))
                return .locked(until - now)
            }
            if stored == nil, recentFailures >= Self.lockoutAttempts {
                try session.append(entry(nil, code, "login", code, .refused, "账号锁定中"))
                return .locked(Self.lockoutSeconds)
            }
            guard let stored, !stored.isDisabled, PasswordHasher.verify(password, against: stored.passwordHash),
                let principal = try person(code, session: session)
            else {
                try session.recordLoginFailure(code, at: now)
                try session.append(entry(nil, code, "login", code, .failed, "密码错误、账号不存在或已停用"))
                if recentFailures + 1 >= Self.lockoutAttempts {
                    if stored != nil { try session.lockLogin(code, until: now + Self.lockoutSeconds) }
                    try session.append(entry(nil, code, "lock", code, .ok, "连续 \(Self.lockoutAttempts) 次失败，锁定 15 分钟"))
                }
                return .failed
            }
            try session.recordLoginSuccess(code, at: now)
            let hours = (try session.meta("sessionHours")).flatMap(Int.init) ?? Self.defaultSessionHours
            let (token, hash) = PasswordHasher.newToken()
            try session.insertSession(tokenHash: hash, code: code, kind: stored.personKind, at: now, expiresAt: now + hours * 3600)
            try session.append(entry(principal, code, "login", code, .ok, "登录，\(hours) 小时内有效"))
            return .ok(LoginResult(token: token, principal: principal, expiresAt: Clock.timestamp(epoch: now + hours * 3600)))
        }
        switch outcome {
        case .ok(let result): return result
        case .failed: throw AppError.loginFailed
        case .locked(let seconds): throw AppError.loginLocked(minutes: (seconds + 59) / 60)
        }
    }

    /// The person a session token belongs to, as they stand today.
    public func principal(token: String) throws -> Principal {
        let now = clock.epoch()
        return try database.read { session in
            guard let stored = try session.session(tokenHash: PasswordHasher.tokenHash(token)) else { throw AppError.notLoggedIn }
            if stored.revokedAt != nil { throw AppError.sessionEnded(expired: false) }
            if stored.expiresAt <= now { throw AppError.sessionEnded(expired: true) }
            guard let login = try session.login(stored.personCode), !login.isDisabled,
                let principal = try person(stored.personCode, kind: login.personKind, session: session)
            else { throw AppError.sessionEnded(expired: false) }
            return principal
        }
    }

    /// An admin acting for someone (`--as`): that person, with the admin named for the audit trail.
    public func acting(as rawCode: String, by admin: Principal) throws -> Principal {
        let code = TypedText.normalized(rawCode)
        guard admin.isAdmin, let adminID = admin.staff?.id else {
            try audit(admin, "as", subject: code, .refused, "非管理员使用 --as")
            throw AppError.forbidden("只有管理员可以用 --as 代他人操作")
        }
        if code == admin.code { return admin }
        return try database.read { session in
            guard let person = try person(code, session: session) else { throw AppError.unknownSubject(code) }
            return Principal(person.person, assignments: person.assignments, actingAdmin: adminID)
        }
    }

    /// In a demo database only, `--as PERSON` without a login acts as that person: every demo
    /// password is the published `demo`, so a login would add nothing but typing. Audited.
    ///
    /// - Throws: ``AppError/notLoggedIn`` in any other database.
    public func demoActing(as rawCode: String) throws -> Principal {
        let code = TypedText.normalized(rawCode)
        let principal: Principal = try database.read { session in
            guard try session.meta("kind") == "demo" else { throw AppError.notLoggedIn }
            guard let person = try person(code, session: session) else { throw AppError.unknownSubject(code) }
            return person
        }
        try audit(principal, "demo --as", subject: code, .ok, "演示数据库中未登录，以 \(code) 身份操作")
        return principal
    }

    /// Ends a session in the database, not only in the file.
    public func logout(token: String) throws {
        let now = clock.epoch()
        try database.write { session in
            let hash = PasswordHasher.tokenHash(token)
            guard let stored = try session.session(tokenHash: hash) else { return }
            try session.revokeSession(tokenHash: hash, at: now)
            try session.append(entry(nil, stored.personCode, "logout", stored.personCode, .ok, ""))
        }
    }

    /// Loads a person by 工号 or 学号, with today's assignments.
    func person(_ code: String, kind: String? = nil, session: CardSession) throws -> Principal? {
        // A student's login (the portal's most frequent visitor) skips looking for staff.
        if kind != "student", let staff = try session.staff(StaffID(rawValue: code)) {
            if let left = try session.staffEnd(staff.id), left <= clock.today() { return nil }
            return Principal(.staff(staff), assignments: try session.assignments(of: staff.id, on: clock.today()))
        }
        if let student = try session.student(StudentID(rawValue: code)) { return Principal(.student(student)) }
        return nil
    }

    // MARK: - Audit

    func entry(
        _ principal: Principal?, _ actor: String, _ action: String, _ subject: String, _ outcome: AuditEntry.Outcome,
        _ detail: String
    ) -> AuditEntry {
        AuditEntry(
            at: clock.now(), actor: principal?.actingAdmin?.rawValue ?? principal?.code ?? actor,
            actingAs: principal?.actingAdmin == nil ? nil : principal?.code, action: action, subject: subject,
            outcome: outcome, detail: detail)
    }

    /// Appends one audit line in its own transaction (refusals: the refused work was rolled back).
    func audit(_ principal: Principal, _ action: String, subject: String, _ outcome: AuditEntry.Outcome, _ detail: String = "") throws {
        try database.appendAudit(entry(principal, principal.code, action, subject, outcome, detail))
    }

    /// Runs a use case; a refusal (no permission) is audited, then thrown as it was.
    func refusalsAudited<T>(_ principal: Principal, _ action: String, subject: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AppError where error.isRefusal {
            try audit(principal, action, subject: subject, .refused, error.errorDescription ?? "")
            throw error
        }
    }
}

extension AppError {
    /// Something asked for that does not exist (a 学号, a class, a warning): the portal answers
    /// 404 to these as to refusals, so that a page never tells whether a student exists.
    public var isUnknown: Bool {
        switch self {
        case .unknownSubject, .unknownClass, .notFound, .classNotStudent: true
        default: false
        }
    }

    /// A refusal for lack of permission (audited), as opposed to bad input.
    public var isRefusal: Bool {
        switch self {
        case .forbidden, .wrongOwner, .adminRequired, .notYourCourse: true
        default: false
        }
    }
}
