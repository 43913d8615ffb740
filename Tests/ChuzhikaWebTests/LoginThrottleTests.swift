import Foundation
import Testing

@testable import ChuzhikaWeb

/// The login throttle's two counts, and whose address a request comes from.
@Suite struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("一次成功登录不清零该地址的失败次数")
    func aSuccessDoesNotClearTheAddress() {
        let throttle = LoginThrottle(.init(perAddress: 3))
        throttle.failed(address: "192.0.2.1", account: "S11", now: start)
        throttle.failed(address: "192.0.2.1", account: "S12", now: start)
        throttle.succeeded(address: "192.0.2.1", account: "F1")
        throttle.failed(address: "192.0.2.1", account: "H1", now: start)
        #expect(throttle.verdict(address: "192.0.2.1", account: "F1", now: start) == .addressHeld(minutes: 15))
        #expect(throttle.verdict(address: "192.0.2.9", account: "F1", now: start) == .allowed, "another address is not held")
        #expect(throttle.verdict(address: "192.0.2.1", account: "F1", now: start + 15 * 60) == .allowed, "15 minutes later")
    }

    @Test("同时发出的一批猜测不能一起通过同一次检查：尚未答复的尝试也算数")
    func aBurstOfParallelGuessesIsCountedBeforeTheAnswers() {
        let throttle = LoginThrottle(.init(perAddress: 20))
        // 100 requests arrive together, before any password hash has answered.
        let admitted = (0..<100).filter { n in throttle.admit(address: "a", account: "S\(n % 50)", now: start) == .allowed }
        #expect(admitted.count == 20, "the address's 20, not all 100")
        let sameAccount = (0..<10).filter { _ in throttle.admit(address: "b", account: "S11", now: start) == .allowed }
        #expect(sameAccount.count == 3, "three tries at one account before the first answer")
        // As the answers come, the slots free up or turn into failures.
        for _ in 0..<3 { throttle.failed(address: "b", account: "S11", now: start) }
        #expect(throttle.verdict(address: "b", account: "S11", now: start) == .accountHeld(failures: 3, minutes: 8))
        throttle.abandoned(address: "c", account: "S1")
        #expect(throttle.admit(address: "c", account: "S1", now: start) == .allowed)
        throttle.succeeded(address: "c", account: "S1")
        #expect((0..<3).allSatisfy { _ in throttle.admit(address: "c", account: "S1", now: start) == .allowed })
    }

    @Test("同一账号在同一地址上输错 3 次后等待 8 分钟，之后每错一次加倍，最长 1 小时；换一个网络不受影响")
    func oneAccountOnOneAddressWaitsLongerAndLonger() {
        let throttle = LoginThrottle()
        var now = start
        for _ in 0..<2 { throttle.failed(address: "a", account: "S11", now: now) }
        #expect(throttle.verdict(address: "a", account: "S11", now: now) == .allowed, "two typos cost nothing")
        throttle.failed(address: "a", account: "S11", now: now)
        #expect(throttle.verdict(address: "a", account: "S11", now: now) == .accountHeld(failures: 3, minutes: 8))
        #expect(throttle.verdict(address: "b", account: "S11", now: now) == .allowed, "the student on another network")
        #expect(throttle.verdict(address: "a", account: "S12", now: now) == .allowed, "another account from the same address")
        now += 8 * 60
        #expect(throttle.verdict(address: "a", account: "S11", now: now) == .allowed)
        throttle.failed(address: "a", account: "S11", now: now)
        #expect(throttle.verdict(address: "a", account: "S11", now: now) == .accountHeld(failures: 4, minutes: 16))
        #expect([5, 6, 7, 12].map { throttle.wait(after: $0) / 60 } == [32, 60, 60, 60])
        // The app locks an account at five failures within 15 minutes: one address never gets there.
        #expect(throttle.wait(after: 3) + throttle.wait(after: 4) > 15 * 60)
        throttle.succeeded(address: "a", account: "S11")
        #expect(throttle.verdict(address: "a", account: "S11", now: now) == .allowed, "the right password clears the pair")
    }

    @Test("不可信的对端发来的 X-Forwarded-For 一律不读")
    func forwardedForIsIgnoredFromAnUntrustedPeer() throws {
        let none = TrustedProxies()
        #expect(none.client(peer: "198.51.100.4", forwardedFor: ["203.0.113.9"])?.description == "198.51.100.4")
        let proxy = try TrustedProxies(["10.0.0.0/24"])
        #expect(proxy.client(peer: "198.51.100.4", forwardedFor: ["203.0.113.9"])?.description == "198.51.100.4",
                "a peer outside the proxy's network writes what it likes")
    }

    @Test("可信代理之后：取 X-Forwarded-For 中最右边一个不是可信代理的地址")
    func theClientIsTheRightMostUntrustedHop() throws {
        let proxies = try TrustedProxies(["10.0.0.5", "10.1.0.0/16", "::1"])
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9"])?.description == "203.0.113.9")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 203.0.113.9"])?.description == "203.0.113.9",
                "what the client wrote on the left is not believed")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["1.2.3.4", "203.0.113.9, 10.1.2.3"])?.description == "203.0.113.9",
                "two proxies, two headers")
        #expect(proxies.client(peer: "::1", forwardedFor: ["rubbish, 203.0.113.9"])?.description == "203.0.113.9")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9, rubbish"])?.description == "10.0.0.5",
                "a malformed hop: the proxy stands for the client")
        #expect(proxies.client(peer: "::ffff:10.0.0.5", forwardedFor: ["203.0.113.9"])?.description == "203.0.113.9")
        #expect(proxies.client(peer: nil, forwardedFor: ["203.0.113.9"]) == nil)
        #expect(throws: TrustedProxies.InvalidProxy.self) { try TrustedProxies(["10.0.0.0/33"]) }
        #expect(throws: TrustedProxies.InvalidProxy.self) { try TrustedProxies(["proxy.example"]) }
    }

    @Test("IPv6 地址按 /64 计数（一台设备就有整个 /64）")
    func anIPv6ClientCountsByItsSlash64() {
        #expect(IPAddress("2001:db8:1:2:aaaa::1")?.throttleKey == "2001:db8:1:2::/64")
        #expect(IPAddress("2001:db8:1:2:bbbb::7")?.throttleKey == IPAddress("2001:db8:1:2:aaaa::1")?.throttleKey)
        #expect(IPAddress("192.0.2.1")?.throttleKey == "192.0.2.1")
    }
}
