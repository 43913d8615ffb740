import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bare TCP connection to the portal, for what a well-behaved HTTP client never does: send
/// half a request and wait, announce a body and not send it.
final class RawClient {
    private let fd: Int32

    /// Connects to `localhost:port` (IPv4, else IPv6); reads give up after `timeout` seconds.
    init(port: Int, timeout: Int = 5) throws {
        var info: UnsafeMutablePointer<addrinfo>?
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        guard getaddrinfo("localhost", String(port), &hints, &info) == 0, let first = info else { throw Failure.connect }
        defer { freeaddrinfo(info) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            let fd = socket(current.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
            if fd >= 0, connect(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 {
                var limit = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                self.fd = fd
                return
            }
            if fd >= 0 { close(fd) }
            node = current.pointee.ai_next
        }
        throw Failure.connect
    }

    enum Failure: Error { case connect }

    deinit { close(fd) }

    func write(_ text: String) {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)  // a closed connection is a result here, not a signal
        #else
        let flags: Int32 = 0
        #endif
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
    }

    /// What the server sent until it closed, the head of a response was complete, or the time ran
    /// out; `closed` tells whether the server closed the connection.
    func receive() -> (text: String, closed: Bool) {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), false) }
            received += buffer.prefix(count)
            let text = String(decoding: received, as: UTF8.self)
            if text.contains("\r\n\r\n") { return (text, false) }
        }
    }

    /// The status of the response, or nil when none came in time.
    func status() -> Int? {
        let head = receive().text
        guard head.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(head.dropFirst(9).prefix(3))
    }
}
