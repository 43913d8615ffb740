import ArgumentParser
import ChuzhikaApp
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
            对外服务请放在 HTTPS 反向代理之后。
            Ctrl-C 或 SIGTERM 停止，进行中的请求会先完成。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("监听地址。", valueName: "地址"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("端口。", valueName: "端口"))
    var port = 8080

    @Flag(help: "门户在 HTTPS 反向代理之后：Cookie 只经 HTTPS 发送。")
    var behindHttps = false

    @Flag(help: "每个请求记一行日志（方法和路径，不含 Cookie）。")
    var verbose = false

    func run() throws {
        let app = try database.openApp()
        var logger = Logger(label: "czk.serve")
        logger.logLevel = verbose ? .debug : .info
        Console.err("网页门户：http://\(host):\(port)/ （Ctrl-C 停止）")
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        let (host, port, secure) = (host, port, behindHttps)
        Task {
            do {
                try await Portal.run(app, host: host, port: port, secureCookies: secure, logger: logger)
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
