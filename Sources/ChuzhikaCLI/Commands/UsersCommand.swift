import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk users add|list|disable|enable|reset-password`: logins, kept by the admin.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "登录账号：开通、列出、停用、重置密码（管理员）。",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self],
        defaultSubcommand: List.self)

    static func setDisabled(_ id: String, _ disabled: Bool, database: DatabaseOptions, login: SessionOptions) throws {
        try runReporting {
            let app = try database.openApp()
            try app.setUserDisabled(id, disabled, by: try login.principal(app))
            Console.out(disabled ? "已停用 \(id) 的登录。" : "已启用 \(id) 的登录。")
        }
    }
}

extension UsersCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "为花名册中的人开通登录。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("学号或工号。", valueName: "学号或工号"))
        var id: String

        @Flag(help: "从标准输入读一行作为初始密码。")
        var passwordStdin = false

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let admin = try login.principal(app)
                try app.addUser(id, password: PasswordInput.read(prompt: "初始密码：", fromStdin: passwordStdin), by: admin)
                Console.out("已为 \(id) 开通登录。")
            }
        }
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "重置密码并注销其登录。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("学号或工号。", valueName: "学号或工号"))
        var id: String

        @Flag(help: "从标准输入读一行作为新密码。")
        var passwordStdin = false

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let admin = try login.principal(app)
                try app.resetPassword(id, password: PasswordInput.read(prompt: "新密码：", fromStdin: passwordStdin), by: admin)
                Console.out("已重置 \(id) 的密码。")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "停用登录，并注销其所有登录。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("学号或工号。", valueName: "学号或工号"))
        var id: String

        func run() throws { try UsersCommand.setDisabled(id, true, database: database, login: login) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "重新启用停用的登录。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("学号或工号。", valueName: "学号或工号"))
        var id: String

        func run() throws { try UsersCommand.setDisabled(id, false, database: database, login: login) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出所有登录账号。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let users = try app.users(by: try login.principal(app))
                let headers = ["学号或工号", "姓名", "类别", "状态", "最近登录"]
                let rows = users.map {
                    [$0.code, $0.name, $0.kind, $0.isDisabled ? "停用" : $0.isLocked ? "锁定" : "正常", $0.lastLogin ?? ""]
                }
                try output.printListing(users, headers: headers, rows: rows, footer: "共 \(users.count) 个账号。")
            }
        }
    }
}

/// `czk audit`: the audit trail, for the admin.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "审计日志：谁、代谁、何时、做了什么、结果（管理员）。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var login: SessionOptions

    @Option(help: ArgumentHelp("只看关于某人或某物的（学号、班级、文件）。", valueName: "对象"))
    var subject: String?

    @Option(help: ArgumentHelp("只看某人做的（含被代操作的）。", valueName: "学号或工号"))
    var by: String?

    @Option(help: ArgumentHelp("从哪天起，如 2025-10-22。", valueName: "日期"), transform: DayOption.parse)
    var since: LocalDate?

    @Option(parsing: .unconditional, help: ArgumentHelp("最多显示几条（1 到 100000）。", valueName: "条数"))
    var limit = 200

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit 应为 1 到 100000 之间的整数，写的是 \(limit)") }
    }

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let entries = try app.auditTrail(subject: subject, by: by, since: since, limit: limit, reader: try login.principal(app))
            let headers = ["时间", "操作人", "代", "操作", "对象", "结果", "说明"]
            let rows = entries.map { [$0.at, $0.actor, $0.actingAs ?? "", $0.action, $0.subject, $0.outcome.chineseName, $0.detail] }
            try output.printListing(entries, headers: headers, rows: rows)
        }
    }
}
