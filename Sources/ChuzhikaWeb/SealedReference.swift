import Crypto
import Foundation

/// Opaque references for URLs: a 学号 or class code sealed (ChaCha20-Poly1305) with a key made
/// when the server starts, so that no address bar, history or proxy log shows whose card it is.
/// A reference that was altered, or made by another run of the server, opens to nothing (404).
struct SealedReference: Sendable {
    private let secret: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    func seal(_ kind: Kind, _ code: String) -> String {
        guard let box = try? ChaChaPoly.seal(Data("\(kind.rawValue)|\(code)".utf8), using: key) else { return "" }
        return box.combined.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func open(_ kind: Kind, _ reference: String) -> String? {
        var text = reference.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard reference.count < 200, let data = Data(base64Encoded: text),
            let box = try? ChaChaPoly.SealedBox(combined: data), let plain = try? ChaChaPoly.open(box, using: key),
            let value = String(data: plain, encoding: .utf8), value.hasPrefix("\(kind.rawValue)|")
        else { return nil }
        return String(value.dropFirst(kind.rawValue.count + 1))
    }

    enum Kind: String, Sendable {
        case student = "s"
        case schoolClass = "c"
    }
}
