import ArgumentParser
import ChuzhikaAPI
import ChuzhikaApp
import ChuzhikaNotify
import ChuzhikaWeb
import Foundation
import Logging

/// `czk serve`: the web portal for students and counselors, on the same database, rules,
/// access policy and audit as the command line.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动网页门户（学生看储值卡，辅导员处理预警）。",
        discussion: """
            用与 czk login 相同的账号登录。默认只在本机 127.0.0.1 监听；
            对外服务请放在 HTTPS 反向代理之后，并用 --trusted-proxy 写出代理的地址：
            只有来自这些地址的请求才读 X-Forwarded-For，取其中最右边一个
            不是可信代理的地址作为用户地址；不设则从不读该头。
            同一端口的 /api/v1 是给教务、学工等系统的接口（令牌见 czk tokens）；
            文档在 /api/v1/openapi.yaml。
            Ctrl-C 或 SIGTERM 停止，进行中的请求会先完成。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("监听地址。", valueName: "地址"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("端口。", valueName: "端口"))
    var port = 8080

    @Flag(help: "门户在 HTTPS 反向代理之后：Cookie 只经 HTTPS 发送。")
    var behindHttps = false

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "可信的反向代理地址或网段，可重复（见上）。",
            valueName: "地址"))
    var trustedProxies: [String] = []

    @Flag(help: "每个请求记一行日志（方法和路径，不含 Cookie）。")
    var verbose = false

    @Option(help: ArgumentHelp("每隔几秒发送预警通知；0 则不发。", valueName: "秒"))
    var notifyEvery = 60

    @Option(help: ArgumentHelp("接口每令牌每秒最多调用几次；0 关闭。", valueName: "次"))
    var apiRate = IntegrationAPI.defaultRate

    func validate() throws {
        do { _ = try TrustedProxies(trustedProxies) } catch { throw ValidationError(error.description) }
        guard notifyEvery >= 0 else { throw ValidationError("--notify-every 应为 0 或正整数（秒），写的是 \(notifyEvery)") }
        guard apiRate >= 0 else { throw ValidationError("--api-rate 应为 0 或正整数（每秒次数），写的是 \(apiRate)") }
    }

    func run() throws {
        var options = PortalOptions()
        options.secureCookies = behindHttps
        options.trustedProxies = try TrustedProxies(trustedProxies)
        let app = try database.openApp()
        var logger = Logger(label: "czk.serve")
        logger.logLevel = verbose ? .debug : .info
        Console.err("网页门户：http://\(host):\(port)/ （Ctrl-C 停止）")
        if behindHttps && trustedProxies.isEmpty {
            Console.err("提示：未设 --trusted-proxy，所有人都算作代理的地址，登录限流会把大家当成一个人；请用 --trusted-proxy 指明代理的地址。")
        }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        let (host, port) = (host, port)
        let services = notifyEvery == 0 ? [] : [NotifyService(app, every: .seconds(notifyEvery), logger: logger)]
        let mounts = apiRate == 0 ? [] : [IntegrationAPI.mount(app, perSecond: apiRate)]
        Task {
            do {
                try await Portal.run(app, host: host, port: port, options: options, logger: logger, services: services, mounts: mounts)
            } catch {
                failure.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }
}

/// The server's error, handed from its task back to the command.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { stored = error } }
}
