import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk login ID`: opens a session; the token goes to the session file (mode 0600).
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "登录：之后的命令都以您的身份执行。",
        discussion: "密码输入时不回显；脚本用 --password-stdin 从标准输入读一行。\n连续 5 次输错，账号锁定 15 分钟。")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("学号或工号。", valueName: "学号或工号"))
    var id: String

    @Flag(help: "从标准输入读一行作为密码。")
    var passwordStdin = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let password = PasswordInput.read(prompt: "密码：", fromStdin: passwordStdin)
            let result = try app.login(id, password: password)
            try SessionFile.write(result.token, database: database.path)
            if output.chosen == .json {
                return Console.out(try JSONRenderer.render(WhoAmI(result.principal, expiresAt: result.expiresAt)))
            }
            Console.out("已登录：\(result.principal.label)，\(WhoAmI.roles(result.principal))；有效至 \(result.expiresAt)")
        }
    }
}

/// `czk logout`: ends the session in the database and removes the file.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "退出登录（数据库中的登录同时作废）。")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try runReporting {
            if let token = SessionFile.read() { try database.openApp().logout(token: token) }
            SessionFile.remove()
            Console.out("已退出登录。")
        }
    }
}

/// `czk whoami`: who the commands run as.
struct WhoAmICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "显示当前登录的人和角色。")

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let me = try login.principal(app)
            if output.chosen == .json { return Console.out(try JSONRenderer.render(WhoAmI(me, expiresAt: nil))) }
            let acting = me.actingAdmin.map { "（管理员 \($0.rawValue) 代操作）" } ?? ""
            Console.out("\(me.label)\(acting)：\(WhoAmI.roles(me))")
        }
    }
}

/// `czk passwd`: changes one's own password.
struct PasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "修改自己的密码（至少 8 个字符）。")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "从标准输入读两行：原密码、新密码。")
    var passwordStdin = false

    func run() throws {
        try runReporting {
            let app = try database.openApp()
            guard let token = SessionFile.read() else { throw AppError.notLoggedIn }
            let me = try app.principal(token: token)
            let old = PasswordInput.read(prompt: "原密码：", fromStdin: passwordStdin)
            let new = PasswordInput.read(prompt: "新密码：", fromStdin: passwordStdin)
            if !passwordStdin, PasswordInput.read(prompt: "再输入一次：", fromStdin: false) != new { throw AppError.passwordMismatch }
            try app.changePassword(of: me, old: old, new: new)
            Console.out("密码已修改。")
        }
    }
}

/// Who someone is, for `whoami` and `login --json`.
struct WhoAmI: Encodable {
    let code: String
    let name: String
    let kind: String
    let isAdmin: Bool
    let roles: [String]
    let actingAdmin: String?
    let expiresAt: String?

    init(_ p: Principal, expiresAt: String?) {
        code = p.code
        name = p.name
        kind = p.student == nil ? "staff" : "student"
        isAdmin = p.isAdmin
        roles = p.assignments.map { "\($0.role.chineseName) \(Self.reach($0.reach))" }
        actingAdmin = p.actingAdmin?.rawValue
        self.expiresAt = expiresAt
    }

    static func reach(_ reach: Assignment.Reach) -> String {
        switch reach {
        case .schoolClass(let c): c.rawValue
        case .course(let course, let c): "\(course.rawValue)@\(c.rawValue)"
        case .department(let d): d.rawValue
        case .major(let m): m.rawValue
        }
    }

    static func roles(_ p: Principal) -> String {
        if let student = p.student { return "学生，\(student.schoolClass.rawValue) 班" }
        var parts = p.isAdmin ? ["管理员"] : []
        parts += Dictionary(grouping: p.assignments, by: \.role).sorted { $0.key.rawValue < $1.key.rawValue }.map { role, list in
            "\(role.chineseName)（\(list.map { reach($0.reach) }.joined(separator: "、"))）"
        }
        return parts.isEmpty ? "教职工，暂无任职" : parts.joined(separator: "，")
    }
}
