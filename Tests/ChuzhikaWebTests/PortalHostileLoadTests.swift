import ChuzhikaApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import ChuzhikaWeb

/// The portal under hostile load (issue 22 item 7): password spraying, a proxy's shared address,
/// anonymous uploads, slow clients, and the headers of every response.
@Suite struct PortalHostileLoadTests {
    typealias Browser = PortalTests.Browser

    func school() throws -> CardApp { try PortalTests().school() }

    /// The portal on a real socket (localhost, a free port), as `czk serve` runs it.
    func live(_ app: CardApp, _ options: PortalOptions) -> some ApplicationProtocol {
        Portal.application(app, host: "localhost", port: 0, options: options, logger: Logger(label: "czk.test"))
    }

    // MARK: - Logins

    @Test("一次有效登录不会清零本地址的失败次数：撒网猜密码的人不能靠一个真账号一直猜下去")
    func aValidLoginDoesNotResetTheAddressCount() async throws {
        let app = try school()
        try await Application(router: Portal.router(app, options: .with { $0.failuresPerAddress = 3 })).test(.router) { client in
            let attacker = Browser()
            #expect(try await attacker.login(client, "S11", password: "guess-1234") == .unauthorized)
            #expect(try await attacker.login(client, "S12", password: "guess-1234") == .unauthorized)
            #expect(try await Browser().login(client, "F1") == .seeOther, "a real login from the same address")
            #expect(try await attacker.login(client, "H1", password: "guess-1234") == .unauthorized)
            let (status, page) = try await attacker.post(client, "/login", ["csrf": attacker.csrf, "code": "H2", "password": "guess-1234"])
            #expect(status == .tooManyRequests)
            #expect(String(buffer: page.body).contains("此网络地址近 15 分钟内登录失败次数过多"))
        }
    }

    @Test("同一地址对一个账号连错 3 次后要等待，但锁不住该账号：学生换个网络照样登录，账号也没有被锁定")
    func oneAddressCannotLockAStudentOut() async throws {
        let app = try school()
        let options = PortalOptions.with { $0.trustedProxies = try! TrustedProxies(["127.0.0.1", "::1"]) }  // literals
        try await live(app, options).test(.live) { client async throws in
            let attacker = Browser()
            attacker.forwardedFor = "203.0.113.9"
            for _ in 0..<3 { #expect(try await attacker.login(client, "S11", password: "guess-1234") == .unauthorized) }
            for _ in 0..<5 {
                let (status, page) = try await attacker.post(client, "/login", ["csrf": attacker.csrf, "code": "S11", "password": "guess-5678"])
                #expect(status == .tooManyRequests)
                #expect(String(buffer: page.body).contains("该账号在此网络上已连续输错 3 次密码，请 8 分钟后再试"))
            }
            #expect(try await attacker.login(client, "S11") == .tooManyRequests, "not even the right password, from there")
            #expect(try await attacker.login(client, "S12") == .seeOther, "another account from the same address")
            let student = Browser()
            student.forwardedFor = "198.51.100.20"
            #expect(try await student.login(client, "S11") == .seeOther, "the student, on the phone's network")
        }
        #expect(try app.users(by: app.admin()).filter(\.isLocked).isEmpty, "eight tries from one address lock nothing")
    }

    @Test("有可信代理时按 X-Forwarded-For 区分用户；对端不可信时忽略该头")
    func forwardedForCountsOnlyBehindATrustedProxy() async throws {
        let app = try school()
        let proxied = PortalOptions.with {
            $0.failuresPerAddress = 2
            $0.trustedProxies = try! TrustedProxies(["127.0.0.1", "::1"])  // literals
        }
        try await live(app, proxied).test(.live) { client async throws in
            let attacker = Browser()
            attacker.forwardedFor = "203.0.113.9"
            for code in ["S11", "S12"] { #expect(try await attacker.login(client, code, password: "guess-1234") == .unauthorized) }
            #expect(try await attacker.login(client, "H1") == .tooManyRequests)
            attacker.forwardedFor = "198.51.100.20, 203.0.113.9"
            #expect(try await attacker.login(client, "H1") == .tooManyRequests, "a forged entry on the left changes nothing")
            let teacher = Browser()
            teacher.forwardedFor = "198.51.100.20"
            #expect(try await teacher.login(client, "H1") == .seeOther, "the rest of the college behind the same proxy")
        }
        try await live(app, .with { $0.failuresPerAddress = 2 }).test(.live) { client async throws in
            let sprayer = Browser()
            for (index, code) in ["S11", "S12"].enumerated() {
                sprayer.forwardedFor = "203.0.113.\(index)"
                #expect(try await sprayer.login(client, code, password: "guess-1234") == .unauthorized)
            }
            sprayer.forwardedFor = "203.0.113.77"
            #expect(try await sprayer.login(client, "H1") == .tooManyRequests, "a header anyone can write is not an address")
        }
    }

    // MARK: - Uploads

    @Test("匿名、学生、CSRF 不对的上传在读请求体之前就被拒绝")
    func uploadsAreRefusedBeforeTheirBodyIsRead() async throws {
        let app = try school()
        try await live(app, PortalOptions()).test(.live) { client async throws in
            let port = try #require(client.port)
            let student = Browser()
            _ = try await student.login(client, "S11")
            let teacher = Browser()
            _ = try await teacher.login(client, "H1")
            _ = try await teacher.get(client, "/upload")
            // Each announces 20 MB and sends none of it: only a server that does not wait for the
            // body answers at all.
            let cases: [(String, String, Int)] = [
                ("", "", 303),
                ("czk_session=\(student.cookies["czk_session"] ?? "")", teacher.csrf, 404),
                ("czk_session=\(teacher.cookies["czk_session"] ?? "")", "0000", 403),
            ]
            for (cookie, csrf, expected) in cases {
                // 20 s, not the idle timeout's 30: an answer must come without the body, however
                // busy the machine (the whole suite runs at once on 2 cores).
                let raw = try RawClient(port: port, timeout: 20)
                raw.write(Self.uploadHead(cookie: cookie, csrf: csrf, length: 20_000_000))
                #expect(raw.status() == expected, "cookie \(cookie.prefix(14)), csrf \(csrf.prefix(4))")
            }
        }
    }

    @Test("同时最多 4 份上传；第 5 份立刻得到 503 和 Retry-After；空出来后又能上传")
    func atMostFourUploadsAreReadAtOnce() async throws {
        let app = try school()
        try await live(app, PortalOptions()).test(.live) { client async throws in
            let port = try #require(client.port)
            let teacher = Browser()
            _ = try await teacher.login(client, "H1")
            _ = try await teacher.get(client, "/upload")
            let cookie = "czk_session=\(teacher.cookies["czk_session"] ?? "")"
            var slow: [RawClient] = []
            for _ in 0..<4 {
                let raw = try RawClient(port: port)
                raw.write(Self.uploadHead(cookie: cookie, csrf: teacher.csrf, length: 1_000_000) + "--b\r\n")
                slow.append(raw)
            }
            try await Task.sleep(for: .milliseconds(3000))
            let fifth = try RawClient(port: port, timeout: 20)
            fifth.write(Self.uploadHead(cookie: cookie, csrf: teacher.csrf, length: 1_000_000))
            let head = fifth.receive().text
            #expect(head.hasPrefix("HTTP/1.1 503"), "\(head)")
            #expect(head.lowercased().contains("retry-after: 30"))
            slow.removeAll()  // the four go away mid-body, and give their places back
            try await Task.sleep(for: .milliseconds(500))
            let sheet = "学号,采分点,数值,日期\nS11,academic.satisfaction,90,2026-01-05\n"
            let (status, page) = try await teacher.upload(client, file: "满意度.csv", sheet)
            #expect(status == .ok && page.contains("已导入 满意度.csv：1 条记录"), "\(page)")
        }
    }

    static func uploadHead(cookie: String, csrf: String, length: Int) -> String {
        "POST /upload?csrf=\(csrf) HTTP/1.1\r\nHost: localhost\r\n" + (cookie.isEmpty ? "" : "Cookie: \(cookie)\r\n")
            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: \(length)\r\n\r\n"
    }

    // MARK: - Slow clients

    @Test("只发了一半请求头就不动的连接，过了空闲时限被关闭")
    func aClientThatStopsMidHeadIsClosed() async throws {
        let app = try school()
        try await live(app, .with { $0.idleSeconds = 1 }).test(.live) { client async throws in
            let port = try #require(client.port)
            let started = Date()
            let raw = try RawClient(port: port, timeout: 8)
            raw.write("GET /login HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow")
            let (text, closed) = raw.receive()
            #expect(closed && text.isEmpty, "closed without an answer")
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }

    // MARK: - Headers and cookies

    @Test("404 与出错页也带安全响应头，并用中文说明")
    func everyResponseCarriesTheSecurityHeaders() async throws {
        let app = try school()
        try await Application(router: Portal.router(app)).test(.router) { client in
            for uri in ["/no-such-page", "/card/../../etc/passwd"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                    #expect(String(buffer: response.body).contains("没有这个页面"))
                }
            }
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 100 * 1024)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentSecurityPolicy] != nil && String(buffer: response.body).contains("内容过大"))
            }
        }
    }

    @Test("--behind-https 时登录页的 CSRF Cookie 也是 Secure")
    func everyCookieIsSecureBehindHTTPS() async throws {
        let app = try school()
        try await Application(router: Portal.router(app, options: .with { $0.secureCookies = true })).test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                let cookies = response.headers[values: .setCookie]
                #expect(cookies.contains { $0.hasPrefix("czk_login=") })
                #expect(cookies.allSatisfy { $0.contains("Secure") }, "\(cookies)")
            }
            let browser = Browser()
            #expect(try await browser.login(client, "S11") == .seeOther)
        }
    }
}
