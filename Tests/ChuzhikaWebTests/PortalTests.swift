import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChuzhikaWeb

/// The portal: logins as on the CLI, a student's own card and nothing else, a counselor acting on
/// warnings through the pages, CSRF on every form, security headers on every page.
@Suite struct PortalTests {
    static let password = "Portal-2026-pass"

    /// The test school with logins for a student, a 班主任 and the 辅导员, and a 学业 warning for S11.
    func school() throws -> CardApp {
        let app = try TestSchool.makeGraded(hasher: .testing)
        for code in ["S11", "S12", "H1", "F1"] { try app.addUser(code, password: Self.password, by: app.admin()) }
        _ = try app.flagRisk("S11", category: .academic, reason: "连续两周未交作业", by: app.principal("H1"))
        return app
    }

    /// A browser of one: keeps cookies, reads the page's CSRF token.
    final class Browser: @unchecked Sendable {
        var cookies: [String: String] = [:]
        var csrf = ""

        func headers(form: Bool = false) -> HTTPFields {
            var fields = HTTPFields()
            if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0)=\($1)" }.joined(separator: "; ") }
            if form { fields[.contentType] = "application/x-www-form-urlencoded" }
            return fields
        }

        func keep(_ response: TestResponse) -> String {
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
            }
            let body = String(buffer: response.body)
            if let range = body.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) {
                csrf = String(body[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
            }
            return body
        }

        func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
            try await client.execute(uri: uri, method: .get, headers: headers()) { ($0.status, self.keep($0)) }
        }

        func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [String: String]) async throws -> (HTTPResponse.Status, TestResponse) {
            let body = fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $1)" }.joined(separator: "&")
            return try await client.execute(uri: uri, method: .post, headers: headers(form: true), body: ByteBuffer(string: body)) {
                _ = self.keep($0)
                return ($0.status, $0)
            }
        }

        func login(_ client: some TestClientProtocol, _ code: String, password: String = PortalTests.password) async throws -> HTTPResponse.Status {
            _ = try await get(client, "/login")
            return try await post(client, "/login", ["csrf": csrf, "code": code, "password": password]).0
        }
    }

    @Test("学生登录后只看到本人的储值卡；看别人的得到 404 并留下审计")
    func aStudentSeesTheirOwnCardOnly() async throws {
        let app = try school()
        try await Application(router: Portal.router(app)).test(.router) { client in
            let browser = Browser()
            #expect(try await browser.login(client, "S11") == .seeOther)
            #expect(browser.cookies["czk_session"] != nil)
            let (status, card) = try await browser.get(client, "/card")
            #expect(status == .ok && card.contains("张三的储值卡") && card.contains("data-chart=\"trend\""))
            #expect(card.contains("连续两周未交作业"), "the student's own 学业 reminder")
            #expect(try await browser.get(client, "/students/S12").0 == .notFound)
            #expect(try await browser.get(client, "/students/S99").0 == .notFound, "the same answer whether or not the 学号 exists")
            #expect(try await browser.get(client, "/risks").0 == .notFound)
            #expect(try await browser.get(client, "/report").1.contains("学生发展诊改报告"))
        }
        let trail = try app.database.read { try $0.audit(subject: "S12", by: "S11", since: nil, limit: 10) }
        #expect(trail.contains { $0.outcome == .refused }, "the refused page is audited")
    }

    @Test("辅导员通过网页确认并解除预警；czk risks 随之显示已解决")
    func aCounselorResolvesAWarningThroughThePages() async throws {
        let app = try school()
        let warning = try #require(try app.risks(by: app.principal("F1")).first)
        try await Application(router: Portal.router(app)).test(.router) { client in
            let browser = Browser()
            #expect(try await browser.login(client, "F1") == .seeOther)
            let (_, page) = try await browser.get(client, "/risks")
            #expect(page.contains("连续两周未交作业") && page.contains("/risks/\(warning.id)/resolve"))
            #expect(try await browser.post(client, "/risks/\(warning.id)/ack", ["csrf": "0000"]).0 == .forbidden, "a wrong CSRF token")
            #expect(try await browser.post(client, "/risks/\(warning.id)/ack", ["csrf": browser.csrf]).0 == .seeOther)
            #expect(try await browser.post(client, "/risks/\(warning.id)/resolve", ["csrf": browser.csrf, "reason": "已谈话，按时交作业"]).0 == .seeOther)
        }
        let line = try app.risk(warning.id, by: app.principal("F1"))
        #expect(line.status == "已解决")
        #expect(line.history.contains { $0.detail == "已谈话，按时交作业" && $0.by == "F1" })
    }

    @Test("登录：错误密码 401、缺少 CSRF 403；每页都有安全响应头；Cookie 为 HttpOnly 与 SameSite=Strict")
    func loginAndHeadersAreStrict() async throws {
        let app = try school()
        try await Application(router: Portal.router(app)).test(.router) { client in
            let browser = Browser()
            #expect(try await browser.login(client, "S11", password: "wrong") == .unauthorized)
            #expect(try await browser.post(client, "/login", ["code": "S11", "password": Self.password]).0 == .forbidden)
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[values: .setCookie].allSatisfy { $0.contains("HttpOnly") && $0.contains("SameSite=Strict") })
                #expect(!String(buffer: response.body).contains("<script"))
            }
            #expect(try await browser.get(client, "/card").0 == .seeOther, "not signed in: to the login page")
            _ = try await browser.login(client, "S11")
            _ = try await browser.get(client, "/card")  // the page's forms carry the session's token
            #expect(try await browser.post(client, "/logout", ["csrf": "0000"]).0 == .forbidden)
            #expect(try await browser.post(client, "/logout", ["csrf": browser.csrf]).0 == .seeOther)
            #expect(try await browser.get(client, "/card").0 == .seeOther, "the session ended with the logout")
        }
    }
}
