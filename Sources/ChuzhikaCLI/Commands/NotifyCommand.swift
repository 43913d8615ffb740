import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaNotify
import Foundation

/// `czk notify channel|prefs|portal|run|status`: telling staff of warnings in time (issue 25).
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "预警通知：渠道、提醒方式、发送和发送情况。",
        discussion: """
            预警产生、升级、逾期未确认、解除时，储值卡在同一事务里写下一条通知；
            采分过了截止日还没录的，每天一次记作“采分逾期”，只通知负责的老师。
            czk notify run（供 cron 定时运行）把它们发给相关老师的渠道（企业微信、
            钉钉、JSON Webhook、邮件）：红色和心理橙色以上立即发，其余每天 08:00
            汇总成一条摘要（czk notify prefs 可改）。群渠道只发条数和链接，不含
            姓名、学号和心理、理财内容。
            """,
        subcommands: [Channel.self, Prefs.self, Portal.self, SMTP.self, Run.self, Status.self])
}

extension NotifyCommand {
    struct Channel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "channel", abstract: "通知渠道：添加、列出、移除、测试。",
            subcommands: [Add.self, List.self, Remove.self, Test.self], defaultSubcommand: List.self)
    }

    struct Prefs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prefs", abstract: "提醒方式：哪些立即发，摘要几点发。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("老师的工号。", valueName: "工号"))
        var staff: String

        @Option(help: ArgumentHelp("urgent（红、心理橙以上）或 all。", valueName: "范围"))
        var immediate = "urgent"

        @Option(help: ArgumentHelp("每日摘要的时间（北京时间）。", valueName: "HH:MM"))
        var digestAt = "08:00"

        func validate() throws {
            guard NotifyPreference.Immediate(rawValue: immediate) != nil else {
                throw ValidationError("--immediate 应为 urgent 或 all，写的是 \(immediate)")
            }
        }

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let preference = try app.setPreference(for: staff, immediate: NotifyPreference.Immediate(rawValue: immediate) ?? .urgent, digestAt: digestAt, by: try login.principal(app))
                Console.out(preference.immediate == .all
                    ? "已设置：\(preference.staff.rawValue) 的预警全部立即发送。"
                    : "已设置：\(preference.staff.rawValue) 的红色和心理橙色以上预警立即发送，其余每天 \(preference.digestAt) 汇总发送。")
            }
        }
    }

    struct Portal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "portal", abstract: "通知里链接的门户地址（管理员）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("门户地址；写 none 清除。", valueName: "地址"))
        var address: String

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let cleared = address == "none"
                try app.setPortalAddress(cleared ? nil : address, by: try login.principal(app))
                Console.out(cleared ? "已清除门户地址：通知里只说“请登录储值卡查看”。" : "已设置门户地址：通知里的链接指向 \(address)。")
            }
        }
    }

    struct SMTP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "smtp", abstract: "邮件渠道经过的学校邮件中继（管理员）。",
            discussion: """
                例：czk notify smtp smtp.college.edu.cn:587 --from czk@college.edu.cn --user czk --password-stdin
                中继提供 STARTTLS 时总会使用；设了 --user 而中继不提供 STARTTLS 时不发送。
                写 none 清除。
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("中继的地址和端口，如 smtp.college.edu.cn:587。", valueName: "地址:端口"))
        var relay: String

        @Option(help: ArgumentHelp("发件地址，如 czk@college.edu.cn。", valueName: "邮箱"))
        var from: String?

        @Option(help: ArgumentHelp("中继要求登录时的用户名。", valueName: "用户名"))
        var user: String?

        @Flag(help: "从标准输入读一行作为中继的密码。")
        var passwordStdin = false

        func validate() throws {
            guard relay != "none" else { return }
            guard let colon = relay.lastIndex(of: ":"), Int(relay[relay.index(after: colon)...]) != nil else {
                throw ValidationError("中继应写成 地址:端口，如 smtp.college.edu.cn:587，写的是 \(relay)")
            }
            guard from != nil else { throw ValidationError("请用 --from 写出发件地址") }
            if passwordStdin && user == nil { throw ValidationError("--password-stdin 须与 --user 一起用") }
        }

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let principal = try login.principal(app)
                guard relay != "none" else {
                    try app.setMailRelay(nil, by: principal)
                    return Console.out("已清除邮件中继：邮件渠道暂不发送。")
                }
                let colon = relay.lastIndex(of: ":")!
                let password = passwordStdin ? readLine(strippingNewline: true) : nil
                let settings = MailRelay(host: String(relay[..<colon]), port: Int(relay[relay.index(after: colon)...]) ?? 25,
                                         from: from ?? "", user: user, password: password)
                try app.setMailRelay(settings, by: principal)
                Console.out("已设置邮件中继 \(settings.host):\(settings.port)，发件地址 \(settings.from)。"
                    + "\n下一步：czk notify channel add 工号 --email 邮箱，再 czk notify channel test 渠道号")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "发送到期的通知（供 cron 定时运行，如每 5 分钟）。",
            discussion: "失败的按 1、2、4……分钟（最长 6 小时）重试，\(CardApp.deliveryAttempts) 次后放弃；\n每次发送都记入审计日志。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let sender = try ChannelSender(for: app)
                let summary = try AsyncCommand.wait { try await NotifyRunner.run(app, sender: sender) }
                if output.chosen == .json { return Console.out(try JSONRenderer.render(summary)) }
                Console.out("预警逾期未确认 \(summary.overdue) 条、采分逾期 \(summary.recordingOverdue) 项，已记入待发；新安排发送 \(summary.planned) 次；"
                    + "已发送 \(summary.sent) 条，失败 \(summary.failed) 条（稍后重试，见 czk notify status）。")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "发送情况和最近的错误（管理员）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let status = try app.notifyStatus(by: try login.principal(app))
                let headers = ["发送号", "通知号", "渠道", "状态", "已试次数", "最近的错误"]
                let rows = status.failing.map {
                    [String($0.id), String($0.event), String($0.channel), $0.status.chineseName, String($0.attempts), $0.lastError ?? ""]
                }
                try output.printListing(
                    status, headers: headers, rows: rows,
                    empty: "待发送 \(status.pending)，已发送 \(status.sent)，已放弃 \(status.dead)；最近没有失败。",
                    footer: "待发送 \(status.pending)，已发送 \(status.sent)，已放弃 \(status.dead)。")
            }
        }
    }
}

extension NotifyCommand.Channel {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "为老师添加一个通知渠道。",
            discussion: """
                例：czk notify channel add F201 --webhook https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… --format wecom
                    czk notify channel add F201 --webhook https://oapi.dingtalk.com/robot/send?access_token=… --format dingtalk --secret SEC…
                    czk notify channel add F201 --webhook https://xg.college.edu.cn/hooks/czk --format json --secret 共享密钥
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("老师的工号。", valueName: "工号"))
        var staff: String

        @Option(help: ArgumentHelp("Webhook 地址：群机器人，或学校自己的系统。", valueName: "网址"))
        var webhook: String?

        @Option(help: ArgumentHelp("wecom（企业微信）、dingtalk 或 json。", valueName: "格式"))
        var format = "json"

        @Option(help: ArgumentHelp("钉钉的加签密钥，或 JSON Webhook 的 HMAC-SHA256 密钥。", valueName: "密钥"))
        var secret: String?

        @Flag(help: "此 JSON Webhook 通向一个群：只发条数和链接。")
        var group = false

        @Option(help: ArgumentHelp("邮箱地址（经学校的邮件中继发送）。", valueName: "邮箱"))
        var email: String?

        func validate() throws {
            guard (webhook == nil) != (email == nil) else { throw ValidationError("请写 --webhook 网址 或 --email 邮箱，二者选一") }
            guard let chosen = NotifyChannel.Format(rawValue: format), chosen != .email else {
                throw ValidationError("--format 应为 wecom、dingtalk 或 json，写的是 \(format)")
            }
            if email != nil, chosen != .json { throw ValidationError("--format 只用于 --webhook") }
        }

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let channel = try app.addChannel(
                    for: staff, format: email == nil ? NotifyChannel.Format(rawValue: format) ?? .json : .email, target: webhook ?? email ?? "", secret: secret, group: group,
                    by: try login.principal(app))
                Console.out("已添加渠道 \(channel.id)：\(channel.staff.rawValue) 的\(NotifyCommand.describe(channel))。"
                    + "\n下一步：czk notify channel test \(channel.id)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出通知渠道（管理员看全部，老师看自己的）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("只看这位老师的。", valueName: "工号"))
        var staff: String?

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let channels = try app.channels(of: staff, by: try login.principal(app))
                // The address is shown without its path and query: they hold the robot's key.
                let headers = ["渠道", "工号", "类型", "地址", "签名", "添加人", "添加时间"]
                let rows = channels.map {
                    [String($0.id), $0.staff.rawValue, NotifyCommand.describe($0), NotifyCommand.shownTarget($0), $0.secret == nil ? "无" : "有",
                     $0.addedBy, $0.addedAt]
                }
                try output.printListing(channels.map(ListedChannel.init), headers: headers, rows: rows, empty: "还没有通知渠道。",
                                        footer: "共 \(channels.count) 个渠道。")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "停用一个通知渠道（记录保留）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("渠道号（见 czk notify channel list）。", valueName: "渠道号"))
        var id: Int64

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                try app.removeChannel(id, by: try login.principal(app))
                Console.out("已停用渠道 \(id)：之后的通知不再发往那里。")
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test", abstract: "向渠道发一条测试消息（不含任何学生信息）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("渠道号。", valueName: "渠道号"))
        var id: Int64

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let channel = try app.channel(id, by: try login.principal(app))
                let message = try app.testMessage(for: channel)
                let sender = try ChannelSender(for: app)
                if let error = try AsyncCommand.wait({ await sender.send(message) }) {
                    throw CLIError.notDelivered("测试消息没有送达渠道 \(id)：\(error)")
                }
                Console.out("测试消息已送达渠道 \(id)（\(NotifyCommand.describe(channel))）。")
            }
        }
    }
}

extension NotifyCommand {
    static func describe(_ channel: NotifyChannel) -> String {
        switch channel.format {
        case .wecom: "企业微信群机器人"
        case .dingtalk: "钉钉群机器人"
        case .json: channel.isGroup ? "JSON Webhook（群）" : "JSON Webhook"
        case .email: "邮件"
        }
    }

    /// A webhook without its path and query (they hold the robot's key), or the e-mail address.
    static func shownTarget(_ channel: NotifyChannel) -> String {
        guard channel.format != .email, let url = URLComponents(string: channel.target), let host = url.host else { return channel.target }
        return "\(url.scheme ?? "https")://\(host)/…"
    }
}

/// A channel as `--json` lists it: no secret, no robot key.
private struct ListedChannel: Encodable {
    let id: Int64
    let staff: String
    let format: String
    let isGroup: Bool
    let target: String
    let signed: Bool
    let addedBy: String
    let addedAt: String

    init(_ channel: NotifyChannel) {
        id = channel.id
        staff = channel.staff.rawValue
        format = channel.format.rawValue
        isGroup = channel.isGroup
        target = NotifyCommand.shownTarget(channel)
        signed = channel.secret != nil
        addedBy = channel.addedBy
        addedAt = channel.addedAt
    }
}


/// Runs async work from a synchronous command and waits for it.
enum AsyncCommand {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, Error>?
    func set(_ value: Result<T, Error>) { lock.withLock { result = value } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}
