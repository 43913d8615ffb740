import ChuzhikaCore
import ChuzhikaStore

extension CardApp {
    static let minimumPasswordLength = 8

    /// Gives a person of the roster (a 工号 or 学号) a login. Admins only.
    public func addUser(_ rawCode: String, password: String, by admin: Principal) throws {
        let code = TypedText.normalized(rawCode)
        try requireAdmin(admin, to: "开通登录", action: "users add", subject: code)
        try Self.check(password)
        let hash = try hasher.hash(password)
        try database.write { session in
            guard let person = try person(code, session: session) else { throw AppError.unknownSubject(code) }
            if try session.login(code) != nil {
                throw AppError.forbidden("\(person.label) 已有登录账号；改密码请用 czk users reset-password")
            }
            try session.saveLogin(code, kind: person.student == nil ? "staff" : "student", passwordHash: hash)
            try session.append(entry(admin, admin.code, "users add", code, .ok, "开通登录"))
        }
    }

    /// Sets a new password for someone and ends their open sessions. Admins only.
    public func resetPassword(_ rawCode: String, password: String, by admin: Principal) throws {
        let code = TypedText.normalized(rawCode)
        try requireAdmin(admin, to: "重置密码", action: "users reset-password", subject: code)
        try Self.check(password)
        let hash = try hasher.hash(password)
        try database.write { session in
            guard let login = try session.login(code) else { throw AppError.noSuchLogin(code) }
            try session.saveLogin(code, kind: login.personKind, passwordHash: hash)
            try session.revokeSessions(of: code, at: clock.epoch())
            try session.append(entry(admin, admin.code, "users reset-password", code, .ok, "重置密码，注销其登录"))
        }
    }

    /// Disables (or enables again) a login; disabling ends its sessions. Admins only.
    public func setUserDisabled(_ rawCode: String, _ disabled: Bool, by admin: Principal) throws {
        let code = TypedText.normalized(rawCode)
        try requireAdmin(admin, to: disabled ? "停用账号" : "启用账号", action: disabled ? "users disable" : "users enable", subject: code)
        try database.write { session in
            guard try session.login(code) != nil else { throw AppError.noSuchLogin(code) }
            try session.setLoginDisabled(code, disabled)
            if disabled { try session.revokeSessions(of: code, at: clock.epoch()) }
            try session.append(entry(admin, admin.code, disabled ? "users disable" : "users enable", code, .ok, ""))
        }
    }

    /// Every login, for the admin.
    public func users(by admin: Principal) throws -> [UserLine] {
        try requireAdmin(admin, to: "查看账号", action: "users list", subject: "")
        let now = clock.epoch()
        return try database.read { session in
            try session.logins().map { login in
                let name = try person(login.personCode, session: session)?.name ?? "（已离开）"
                return UserLine(
                    code: login.personCode, name: name, kind: login.personKind == "staff" ? "教职工" : "学生",
                    isDisabled: login.isDisabled, isLocked: (login.lockedUntil ?? 0) > now,
                    lastLogin: login.lastSuccessAt.map { Clock.timestamp(epoch: $0) })
            }
        }
    }

    /// Changes one's own password, after checking the old one.
    public func changePassword(of principal: Principal, old: String, new: String) throws {
        try Self.check(new)
        let hash = try hasher.hash(new)
        try database.write { session in
            guard let login = try session.login(principal.code), PasswordHasher.verify(old, against: login.passwordHash) else {
                try session.append(entry(principal, principal.code, "passwd", principal.code, .failed, "原密码不对"))
                throw AppError.loginFailed
            }
            try session.saveLogin(principal.code, kind: login.personKind, passwordHash: hash)
            try session.append(entry(principal, principal.code, "passwd", principal.code, .ok, "修改密码"))
        }
    }

    /// The first admin's login, made by `czk init`.
    func createAdminLogin(_ admin: Staff, password: String, session: CardSession) throws {
        try Self.check(password)
        try session.saveLogin(admin.id.rawValue, kind: "staff", passwordHash: try hasher.hash(password))
    }

    /// Every person of a demo gets the published password, hashed once: the password is public
    /// in a demo, so one salt for all costs nothing, and hashing 262 people at 600,000 rounds
    /// each would add half a minute to `czk demo`.
    package func giveDemoLogins(password: String, session: CardSession) throws {
        let state = try session.rosterState()
        let people = state.staff.keys.map { ($0.rawValue, "staff") } + state.students.keys.map { ($0.rawValue, "student") }
        try session.saveLogins(people.map { (code: $0.0, kind: $0.1) }, passwordHash: try hasher.hash(password))
    }

    static func check(_ password: String) throws {
        guard password.count >= minimumPasswordLength else { throw AppError.passwordTooShort }
    }

    /// Refuses anyone but an admin, auditing the refusal.
    func requireAdmin(_ principal: Principal, to what: String, action: String, subject: String) throws {
        guard principal.isAdmin else {
            let error = AppError.adminRequired(staff: principal.label, action: what)
            try audit(principal, action, subject: subject, .refused, error.errorDescription ?? "")
            throw error
        }
    }
}
