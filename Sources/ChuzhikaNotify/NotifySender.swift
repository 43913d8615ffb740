import AsyncHTTPClient
import ChuzhikaApp
import ChuzhikaCore
import Foundation
import NIOCore
import NIOPosix

/// Sends one message to its channel and says what went wrong, if anything (nil: delivered).
public protocol MessageSender: Sendable {
    func send(_ message: NotificationMessage) async -> String?
}

/// Webhooks over HTTP(S) with AsyncHTTPClient: a 2xx answer is delivered, except a 企业微信 or 钉钉
/// answer whose `errcode` is not 0 (a wrong key, a refused signature, a rate limit).
public struct WebhookSender: MessageSender {
    let client: HTTPClient
    let timeout: TimeAmount

    public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    public func send(_ message: NotificationMessage) async -> String? {
        guard message.channel.format != .email else { return "邮件渠道由 SMTPSender 发送" }
        do {
            let payload = try ChannelPayload.make(message)
            var request = HTTPClientRequest(url: payload.url)
            request.method = .POST
            for (name, value) in payload.headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: payload.body))
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 64 * 1024)
            guard (200..<300).contains(response.status.code) else {
                return "HTTP \(response.status.code)：\(String(buffer: body).prefix(200))"
            }
            if message.channel.format == .wecom || message.channel.format == .dingtalk,
               let answer = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
               let code = answer["errcode"] as? Int, code != 0 {
                return "errcode \(code)：\(answer["errmsg"] as? String ?? "")"
            }
            return nil
        } catch {
            return "无法送达 \(ChannelPayload.hostOnly(message.channel.target))：\(error)"
        }
    }
}

extension ChannelPayload {
    /// A webhook's scheme and host, for messages: its path and query hold the robot's key.
    static func hostOnly(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "（网址无法解析）" }
        return "\(components.scheme ?? "https")://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}

/// Each channel by its kind: webhooks over HTTP, e-mail through the college's relay.
public struct ChannelSender: MessageSender {
    let webhook: WebhookSender
    let mail: SMTPSender?

    public init(webhook: WebhookSender = WebhookSender(), relay: MailRelay?) {
        self.webhook = webhook
        self.mail = relay.map { SMTPSender(relay: $0) }
    }

    /// Webhooks, and e-mail through the relay `app`'s college has set now.
    public init(for app: CardApp) throws {
        self.init(relay: try app.mailRelay())
    }

    public func send(_ message: NotificationMessage) async -> String? {
        guard message.channel.format == .email else { return await webhook.send(message) }
        guard let mail else { return "未设置邮件中继：请管理员运行 czk notify smtp" }
        return await mail.send(message)
    }
}

/// One run of delivery: the overdue sweep, planning, then every due message, a few at a time.
public enum NotifyRunner {
    public struct Summary: Sendable, Codable, Equatable {
        /// Warnings newly past their rule's `overdue_days` unacknowledged.
        public var overdue = 0
        /// Sheets newly past their due day unrecorded (one per 采分点, 时段, 班级 and teacher).
        public var recordingOverdue = 0
        public var planned = 0
        public var sent = 0
        public var failed = 0
    }

    /// - Parameter parallel: how many messages are on their way at once.
    public static func run(_ app: CardApp, sender: any MessageSender, parallel: Int = 8) async throws -> Summary {
        var summary = Summary()
        summary.overdue = try await blocking { try app.sweepOverdueWarnings() }
        summary.recordingOverdue = try await blocking { try app.sweepOverdueRecording() }
        summary.planned = try await blocking { try app.planDeliveries() }
        while true {
            let messages = try await blocking { try app.dueMessages() }
            guard !messages.isEmpty else { return summary }
            let results = await withTaskGroup(of: (Int, String?).self) { group in
                var results: [(Int, String?)] = []
                var next = 0
                while next < messages.count || !group.isEmpty {
                    while next < messages.count && next - results.count < parallel {
                        let index = next
                        group.addTask { (index, await sender.send(messages[index])) }
                        next += 1
                    }
                    if let done = await group.next() { results.append(done) }
                }
                return results
            }
            for (index, error) in results {
                try await blocking { try app.recordDelivery(messages[index], error: error) }
                if error == nil { summary.sent += 1 } else { summary.failed += 1 }
            }
            // A failed message is due again only after its delay: nothing more is due this run.
            if results.allSatisfy({ $0.1 != nil }) { return summary }
        }
    }

    /// The store's work off the cooperative threads (they are few, and `czk serve` shares them).
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
