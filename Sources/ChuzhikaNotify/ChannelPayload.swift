import ChuzhikaApp
import ChuzhikaCore
import Crypto
import Foundation

/// A message as its channel takes it: the URL to post to, the headers and the JSON body.
///
/// - 企业微信 group robot: `{"msgtype":"markdown","markdown":{"content":…}}`.
/// - 钉钉 group robot: `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`; with a secret
///   (加签), the URL carries `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(secret,
///   "timestamp\nsecret")), URL-encoded, as 钉钉 documents.
/// - JSON webhook: the message's fields; with a secret, `X-Czk-Signature: sha256=<hex>` is the
///   HMAC-SHA256 of `<X-Czk-Timestamp>.<body>`, so a receiver can refuse a forged or replayed call.
///
/// Every request carries `Idempotency-Key`: the event's key, the same on every try.
public struct ChannelPayload: Sendable {
    public let url: String
    public let headers: [(String, String)]
    public let body: Data

    public static func make(_ message: NotificationMessage, now: Date = Date()) throws -> ChannelPayload {
        let channel = message.channel
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var headers = [("Content-Type", "application/json; charset=utf-8"), ("Idempotency-Key", message.key),
                       ("User-Agent", "czk-notify")]
        var url = channel.target
        let body: Data
        switch channel.format {
        case .wecom:
            body = try JSONSerialization.data(withJSONObject: [
                "msgtype": "markdown", "markdown": ["content": message.text],
            ], options: [.sortedKeys])
        case .dingtalk:
            body = try JSONSerialization.data(withJSONObject: [
                "msgtype": "markdown", "markdown": ["title": message.title, "text": message.text],
            ], options: [.sortedKeys])
            if let secret = channel.secret {
                let sign = Data(HMAC<SHA256>.authenticationCode(for: Data("\(milliseconds)\n\(secret)".utf8),
                                                                 using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
                url += (url.contains("?") ? "&" : "?") + "timestamp=\(milliseconds)&sign=\(percentEncoded(sign))"
            }
        case .json, .email:
            let document = JSONMessage(id: message.key, title: message.title, text: message.text, link: message.link,
                                       counts: message.counts, items: message.items, group: channel.isGroup)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(document)
            if let secret = channel.secret {
                headers.append(("X-Czk-Timestamp", String(milliseconds)))
                headers.append(("X-Czk-Signature", "sha256=" + signature(of: body, timestamp: milliseconds, secret: secret)))
            }
        }
        return ChannelPayload(url: url, headers: headers, body: body)
    }

    /// The JSON webhook's signature: hex HMAC-SHA256 of `timestamp.body` under `secret`.
    public static func signature(of body: Data, timestamp: Int64, secret: String) -> String {
        let signed = Data("\(timestamp).".utf8) + body
        return HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The JSON webhook's body.
struct JSONMessage: Codable {
    let id: String
    let title: String
    let text: String
    let link: String?
    let counts: [String: Int]
    let items: [NotificationMessage.Item]
    let group: Bool
}
