import ChuzhikaApp
import Logging
import ServiceLifecycle

/// Delivery inside `czk serve`: a run of ``NotifyRunner`` every `interval`, beside the portal,
/// in the same service group. On SIGTERM the wait is cut short and the loop ends after the run
/// under way (whose messages are recorded; one cut off mid-send is sent again by the next run,
/// under the same key).
public struct NotifyService: Service {
    let app: CardApp
    /// The sender of one run: made again for each, so that a relay the admin sets or changes with
    /// `czk notify smtp` is used from the next run on, without restarting `czk serve`.
    let sender: @Sendable () throws -> any MessageSender
    let interval: Duration
    let logger: Logger

    public init(_ app: CardApp, sender: any MessageSender, every interval: Duration, logger: Logger) {
        self.init(app, every: interval, logger: logger, sender: { sender })
    }

    /// Webhooks, and e-mail through the relay the college has set at the time of each run.
    public init(_ app: CardApp, every interval: Duration, logger: Logger) {
        self.init(app, every: interval, logger: logger, sender: { try ChannelSender(for: app) })
    }

    init(_ app: CardApp, every interval: Duration, logger: Logger, sender: @escaping @Sendable () throws -> any MessageSender) {
        self.app = app
        self.sender = sender
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                let summary = try await NotifyRunner.run(app, sender: try sender())
                if summary.sent + summary.failed + summary.overdue + summary.recordingOverdue > 0 {
                    logger.info("""
                        预警通知：已发送 \(summary.sent) 条，失败 \(summary.failed) 条，新的逾期未确认 \(summary.overdue) 条，\
                        新的采分逾期 \(summary.recordingOverdue) 项
                        """)
                }
            } catch {
                logger.error("预警通知没有发出：\(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
