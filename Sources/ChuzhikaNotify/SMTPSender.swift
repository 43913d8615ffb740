import ChuzhikaApp
import ChuzhikaCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// E-mail through the college's SMTP relay: EHLO, STARTTLS when the relay offers it (the relay's
/// certificate is checked against the system's roots), AUTH PLAIN when a user is set (only over
/// TLS), then one message in UTF-8.
///
/// Written by hand over SwiftNIO and NIOSSL (both already built for PostgreSQL): no SMTP client
/// library is among the packages this project may use. It speaks only what a relay needs.
public struct SMTPSender: Sendable {
    public let relay: MailRelay
    let timeout: TimeAmount

    public init(relay: MailRelay, timeout: TimeAmount = .seconds(20)) {
        self.relay = relay
        self.timeout = timeout
    }

    /// Sends `message` to its channel's address; nil when the relay accepted it, else why not.
    public func send(_ message: NotificationMessage) async -> String? {
        do {
            try await deliver(SMTPSender.mail(message, from: relay.from))
            return nil
        } catch let failure as SMTPFailure {
            return failure.text
        } catch {
            return "无法连接邮件中继 \(relay.host):\(relay.port)：\(error)"
        }
    }

    /// The message as the relay takes it: headers, then the text in Base64 (UTF-8).
    static func mail(_ message: NotificationMessage, from: String) -> SMTPMail {
        func encoded(_ text: String) -> String { "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?=" }
        let body = message.text + (message.link.map { "\n\n\($0)" } ?? "") + "\n"
        let lines = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.timeZone = TimeZone(identifier: "Asia/Shanghai")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let key = message.key.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let text = [
            "From: \(encoded("储值卡")) <\(from)>", "To: <\(message.channel.target)>", "Subject: \(encoded(message.title))",
            "Date: \(date.string(from: Date()))", "Message-ID: <\(key).\(message.channel.id)@czk>", "Idempotency-Key: \(message.key)",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", lines,
        ].joined(separator: "\r\n")
        return SMTPMail(from: from, to: message.channel.target, text: text)
    }

    func deliver(_ mail: SMTPMail) async throws {
        let relay = relay
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
        let (channel, conversation) = try await bootstrap.connect(host: relay.host, port: relay.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                (channel, try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel))
            }
        }
        try await conversation.executeThenClose { inbound, outbound in
            var reader = SMTPReader(inbound.makeAsyncIterator())
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            func expect(_ code: Int, after what: String) async throws -> [String] {
                let (answer, lines) = try await reader.reply()
                guard answer == code else { throw SMTPFailure(text: "邮件中继拒绝了 \(what)：\(answer) \(lines.joined(separator: " "))") }
                return lines
            }
            _ = try await expect(220, after: "连接")
            var offers = try await { try await say("EHLO czk"); return try await expect(250, after: "EHLO") }()
            var secure = false
            if offers.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) {
                try await say("STARTTLS")
                _ = try await expect(220, after: "STARTTLS")
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                let tls = try NIOSSLClientHandler(context: context, serverHostname: relay.host)
                try await channel.pipeline.addHandler(tls, position: .first)
                secure = true
                try await say("EHLO czk")
                offers = try await expect(250, after: "EHLO")
            }
            if let user = relay.user {
                guard secure else { throw SMTPFailure(text: "邮件中继没有提供 STARTTLS：不会以明文发送密码") }
                let token = Data("\u{0}\(user)\u{0}\(relay.password ?? "")".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)")
                _ = try await expect(235, after: "登录（AUTH）")
            }
            try await say("MAIL FROM:<\(mail.from)>")
            _ = try await expect(250, after: "发件人 \(mail.from)")
            try await say("RCPT TO:<\(mail.to)>")
            _ = try await expect(250, after: "收件人 \(mail.to)")
            try await say("DATA")
            _ = try await expect(354, after: "DATA")
            // A line that starts with "." is doubled (RFC 5321 §4.5.2); Base64 lines never do.
            let text = mail.text.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try await say(text + "\r\n.")
            _ = try await expect(250, after: "邮件内容")
            try await say("QUIT")
        }
    }
}

struct SMTPMail: Sendable {
    let from: String
    let to: String
    let text: String
}

struct SMTPFailure: Error {
    let text: String
}

/// Reads the relay's replies: lines `250-…` go on, `250 …` ends one.
struct SMTPReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func line() async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                return line
            }
            guard let buffer = try await iterator.next() else { throw SMTPFailure(text: "邮件中继中途断开了连接") }
            pending += String(buffer: buffer)
        }
    }

    mutating func reply() async throws -> (Int, [String]) {
        var lines: [String] = []
        while true {
            let line = try await line()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPFailure(text: "邮件中继的回答看不懂：\(line)") }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, lines) }
        }
    }
}
