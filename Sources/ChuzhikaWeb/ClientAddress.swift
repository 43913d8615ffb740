import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16); an IPv4-mapped IPv6 address is its IPv4 one.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    /// The address written as text (`192.0.2.7`, `2001:db8::1`), or nil when it is not one.
    init?(_ text: some StringProtocol) {
        let text = String(text).trimmingCharacters(in: .whitespaces)
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            bytes = all.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] ? Array(all.suffix(4)) : all
        } else {
            return nil
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    var isIPv4: Bool { bytes.count == 4 }

    /// Whether the first `bits` bits agree with `other`'s (same family only).
    func matches(_ other: IPAddress, bits: Int) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        var left = bits
        for (a, b) in zip(bytes, other.bytes) where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xff : ~(0xff >> UInt8(left))
            if a & mask != b & mask { return false }
            left -= 8
        }
        return true
    }

    /// What the login throttle counts by: an IPv4 address, or an IPv6 address's /64 — one home or
    /// one phone is handed a whole /64, so counting single IPv6 addresses would count nothing.
    var throttleKey: String {
        isIPv4 ? description : IPAddress(bytes: Array(bytes.prefix(8)) + Array(repeating: 0, count: 8)).description + "/64"
    }

    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = bytes
        let family = isIPv4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The reverse proxies (`czk serve --trusted-proxy`) whose `X-Forwarded-For` the portal believes.
///
/// Without any, the header is never read: anyone can send it. With some, the client is the
/// right-most address in the header that is not itself a trusted proxy — the address the last
/// trusted proxy saw; what a client wrote further left is never believed.
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        let address: IPAddress
        let bits: Int
    }

    let ranges: [Range]

    public init() { ranges = [] }

    /// Addresses or networks (`10.0.0.5`, `10.0.0.0/24`, `::1`).
    ///
    /// - Throws: ``InvalidProxy`` naming the first entry that is neither.
    public init(_ entries: [String]) throws(InvalidProxy) {
        var ranges: [Range] = []
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1)
            guard let first = parts.first, let address = IPAddress(first) else { throw InvalidProxy(entry: entry) }
            let maximum = address.bytes.count * 8
            let bits = parts.count == 2 ? Int(parts[1]) : maximum
            guard let bits, (0...maximum).contains(bits) else { throw InvalidProxy(entry: entry) }
            ranges.append(Range(address: address, bits: bits))
        }
        self.ranges = ranges
    }

    /// A `--trusted-proxy` value that is no address.
    public struct InvalidProxy: Error, CustomStringConvertible {
        public let entry: String
        public var description: String { "--trusted-proxy 的值“\(entry)”不是 IP 地址或网段（如 127.0.0.1、10.0.0.0/24、::1）" }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    func contains(_ address: IPAddress) -> Bool {
        ranges.contains { address.matches($0.address, bits: $0.bits) }
    }

    /// The client a request came from: `peer` (the socket's other end) unless it is a trusted
    /// proxy, else the right-most untrusted address of `forwardedFor` (every `X-Forwarded-For`
    /// value, in order). Nil when there is no peer address at all (the tests' channel).
    func client(peer: String?, forwardedFor: [String]) -> IPAddress? {
        guard let peer = peer.flatMap({ IPAddress($0) }) else { return nil }
        guard contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        var client = peer
        for hop in hops.reversed() {
            // A malformed entry is where the trustworthy part of the chain ends: the last address
            // known to be right stands for the client.
            guard let address = IPAddress(hop) else { return client }
            client = address
            if !contains(address) { return address }
        }
        return client
    }
}
