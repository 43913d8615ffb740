import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import HTTPTypes
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
        for code in ["S11", "S12", "H1", "H2", "F1"] { try app.addUser(code, password: Self.password, by: app.admin()) }
        _ = try app.flagRisk("S11", category: .academic, reason: "连续两周未交作业", by: app.principal("H1"))
        return app
    }

    /// A browser of one: keeps cookies, reads the page's CSRF token.
    final class Browser: @unchecked Sendable {
        var cookies: [String: String] = [:]
        var csrf = ""
        /// Sent as `X-Forwarded-For`, as a proxy in front of the portal would.
        var forwardedFor: String?

        func headers(form: Bool = false) -> HTTPFields {
            var fields = HTTPFields()
            if let forwardedFor { fields[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
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
            #expect(try await browser.get(client, "/students/S12").0 == .notFound, "a 学号 is not a reference")
            #expect(try await browser.get(client, "/risks").0 == .notFound)
            #expect(try await browser.get(client, "/report").1.contains("学生发展诊改报告"))
        }
    }

    @Test("学工办的预警页写明有几条理财预警仅该生的辅导员可见")
    func theRisksPageSaysHowManyWereWithheld() async throws {
        let app = try school()
        try app.addUser("X1", password: Self.password, by: app.admin())
        _ = try app.flagRisk("S11", category: .finance, reason: "多次向同学借款", by: app.principal("H1"))
        try await Application(router: Portal.router(app)).test(.router) { client in
            let office = Browser()
            #expect(try await office.login(client, "X1") == .seeOther)
            let (_, page) = try await office.get(client, "/risks")
            #expect(page.contains("另有 理财 1 条预警仅该生的辅导员可见") && !page.contains("多次向同学借款"), "\(page)")
            let counselor = Browser()
            #expect(try await counselor.login(client, "F1") == .seeOther)
            let (_, mine) = try await counselor.get(client, "/risks")
            #expect(mine.contains("多次向同学借款") && !mine.contains("另有"))
        }
    }

    @Test("辅导员通过网页确认并解除预警；czk risks 随之显示已解决")
    func aCounselorResolvesAWarningThroughThePages() async throws {
        let app = try school()
        let warning = try #require(try app.risks(by: app.principal("F1")).first)
        try await Application(router: Portal.router(app)).test(.router) { client in
            let browser = Browser()
            #expect(try await browser.login(client, "F1") == .seeOther)
            let (_, page) = try await browser.get(client, "/risks")
            #expect(page.contains("连续两周未交作业") && page.contains("/risks/\(warning.id)/ack"))
            #expect(try await browser.get(client, "/risks/\(warning.id)").1.contains("/risks/\(warning.id)/resolve"))
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

    @Test("学生在网页上对自己的记录申诉：原因必填；别人的记录不能申诉；录入老师看得到申诉")
    func aStudentAppealsARecordThroughThePages() async throws {
        let app = try school()
        let mine = try #require(try app.account(by: app.principal("S11")).recent.first?.recordID)
        let theirs = try #require(try app.account(of: "S12", by: app.principal("H1")).recent.first?.recordID)
        try await Application(router: Portal.router(app)).test(.router) { client in
            let browser = Browser()
            _ = try await browser.login(client, "S11")
            #expect(try await browser.get(client, "/card").1.contains("/records/\(mine)/appeal"))
            let (status, form) = try await browser.get(client, "/records/\(mine)/appeal")
            #expect(status == .ok && form.contains("academic.gpa") == false && form.contains("申诉原因"))
            #expect(try await browser.get(client, "/records/\(theirs)/appeal").0 == .notFound)
            let (empty, emptyPage) = try await browser.post(client, "/records/\(mine)/appeal", ["csrf": browser.csrf, "reason": "  "])
            #expect(empty == .badRequest && String(buffer: emptyPage.body).contains("须写明申诉的原因"))
            #expect(try await browser.post(client, "/records/\(theirs)/appeal", ["csrf": browser.csrf, "reason": "不是我的"]).0 == .badRequest)
            let (sent, response) = try await browser.post(client, "/records/\(mine)/appeal", ["csrf": browser.csrf, "reason": "成绩登记有误"])
            #expect(sent == .seeOther && response.headers[.location]?.hasPrefix("/appeals#a") == true)
            let (_, appeals) = try await browser.get(client, "/appeals")
            #expect(appeals.contains("成绩登记有误") && appeals.contains("待处理"))
            #expect(try await browser.post(client, "/records/\(mine)/appeal", ["csrf": browser.csrf, "reason": "再申诉一次"]).0 == .forbidden,
                    "one open appeal per record")
        }
        let open = try app.appeals(by: app.principal("H1"))
        #expect(open.count == 1 && open[0].recordID == mine && open[0].reason == "成绩登记有误")
    }

    @Test("辅导员记录跟进、解除须写原因；从预警进入学生报告和班级报告，地址里没有学号")
    func aCounselorFollowsUpAndReadsWithinScope() async throws {
        let app = try school()
        let warning = try #require(try app.risks(by: app.principal("F1")).first)
        try await Application(router: Portal.router(app)).test(.router) { client in
            let counselor = Browser()
            _ = try await counselor.login(client, "F1")
            let (_, page) = try await counselor.get(client, "/risks/\(warning.id)")
            let studentLink = try #require(Self.link(in: page, under: "/students/"))
            #expect(!studentLink.contains("S11"))
            #expect(try await counselor.post(client, "/risks/\(warning.id)/note", ["csrf": counselor.csrf, "kind": "谈心谈话", "text": "约定每周交作业"]).0 == .seeOther)
            let (refused, _) = try await counselor.post(client, "/risks/\(warning.id)/resolve", ["csrf": counselor.csrf, "reason": ""])
            #expect(refused == .badRequest)
            let (emptyNote, notePage) = try await counselor.post(client, "/risks/\(warning.id)/note", ["csrf": counselor.csrf, "kind": "谈心谈话", "text": " "])
            #expect(emptyNote == .badRequest && String(buffer: notePage.body).contains("须写明跟进的措施和内容"))
            #expect(try await counselor.get(client, "/risks/\(warning.id)").1.contains("约定每周交作业"))
            let (status, report) = try await counselor.get(client, studentLink)
            #expect(status == .ok && report.contains("学生发展诊改报告 · 张三"))
            let (_, home) = try await counselor.get(client, "/")
            let classLink = try #require(Self.link(in: home, under: "/classes/"))
            let (classStatus, classPage) = try await counselor.get(client, classLink)
            #expect(classStatus == .ok && classPage.contains("班级发展报告") && classPage.contains("/students/"))

            let student = Browser()
            _ = try await student.login(client, "S12")
            #expect(try await student.get(client, studentLink).0 == .notFound, "another student's card, by a real reference")
            let otherTeacher = Browser()
            #expect(try await otherTeacher.login(client, "H2") == .seeOther)
            #expect(try await otherTeacher.get(client, classLink).0 == .notFound, "a class outside one's assignments")
            #expect(try await counselor.get(client, String(studentLink.dropLast(2)) + "xx").0 == .notFound, "an altered reference")
        }
        let line = try app.risk(warning.id, by: app.principal("F1"))
        #expect(line.status == "跟进中" && line.history.contains { $0.detail == "谈心谈话：约定每周交作业" })
        let trail = try app.database.read { try $0.audit(subject: "S11", by: "S12", since: nil, limit: 10) }
        #expect(trail.contains { $0.outcome == .refused }, "the refused page is audited")
    }

    @Test("班主任看待录、上传成绩表：有错误时整张表不写入并逐行指出，改好后导入")
    func aHeadTeacherUploadsASheet() async throws {
        let app = try school()
        let before = try app.database.read { try $0.recordCount(in: SemesterID(rawValue: "2025-2026-1")) }
        try await Application(router: Portal.router(app)).test(.router) { client in
            let teacher = Browser()
            _ = try await teacher.login(client, "H1")
            let (dueStatus, due) = try await teacher.get(client, "/due")
            #expect(dueStatus == .ok && due.contains("待录"))
            _ = try await teacher.get(client, "/upload")
            let bad = "学号,采分点,数值,日期\nS11,academic.satisfaction,90,2026-01-05\nS12,academic.satisfaction,九十,2026-01-05\n"
            let (refused, refusedPage) = try await teacher.upload(client, file: "满意度.csv", bad)
            #expect(refused == .unprocessableContent)
            #expect(refusedPage.contains("没有写入任何记录") && refusedPage.contains("第 3 行"), "\(refusedPage)")
            #expect(!refusedPage.contains("第 2 行"), "the good row is not blamed")
            let (ok, page) = try await teacher.upload(client, file: "满意度.csv", bad.replacingOccurrences(of: "九十", with: "88"))
            #expect(ok == .ok && page.contains("已导入 满意度.csv：2 条记录"), "\(page)")
            #expect(try await teacher.upload(client, file: "满意度.csv", bad, csrf: "0000").0 == .forbidden)
        }
        let after = try app.database.read { try $0.recordCount(in: SemesterID(rawValue: "2025-2026-1")) }
        #expect(after == before + 2)
        let student = Browser()
        try await Application(router: Portal.router(app)).test(.router) { client in
            _ = try await student.login(client, "S11")
            #expect(try await student.get(client, "/upload").0 == .notFound, "students upload nothing")
        }
    }

    @Test("同一地址连续登录失败过多后被限流（与账号锁定互不替代）")
    func oneAddressIsThrottledAfterManyFailures() async throws {
        let app = try school()
        try await Application(router: Portal.router(app, options: .with { $0.failuresPerAddress = 3 })).test(.router) { client async throws in
            let browser = Browser()
            for code in ["S11", "S12", "H1"] { #expect(try await browser.login(client, code, password: "guess-1234") == .unauthorized) }
            #expect(try await browser.login(client, "F1") == .tooManyRequests, "even the right password waits")
        }
        #expect(try app.users(by: app.admin()).filter(\.isLocked).isEmpty, "three failures on three accounts lock none of them")
    }

    /// The first link in a page that starts with `prefix`.
    @Test("任课教师打开班级页：只有本人采分点，没有小计、总分和排名")
    func aCourseTeachersClassPageShowsOnlyTheirOwnPoints() async throws {
        let app = try school()
        try app.addUser("K1", password: Self.password, by: app.admin())
        _ = try app.record(TestSchool.draft("K1", "academic.punctuality", "S11", "是", on: "2026-01-05", session: 1))
        try await Application(router: Portal.router(app)).test(.router) { client in
            let teacher = Browser()
            #expect(try await teacher.login(client, "K1") == .seeOther)
            let (_, home) = try await teacher.get(client, "/")
            let classLink = try #require(Self.link(in: home, under: "/classes/"))
            let (status, page) = try await teacher.get(client, classLink)
            #expect(status == .ok && page.contains("只显示您负责的采分点"), "\(page)")
            #expect(!page.contains("总分汇总") && !page.contains("年级排名") && !page.contains("成员总分"))
            #expect(page.contains("准时率") && page.contains("您的课程 1 次，是 1 次（100%）") && !page.contains("学分绩"))
        }
    }

    static func link(in page: String, under prefix: String) -> String? {
        guard let range = page.range(of: "href=\"\(prefix)[A-Za-z0-9_-]+\"", options: .regularExpression) else { return nil }
        return String(page[range].dropFirst(6).dropLast())
    }
}

extension PortalTests.Browser {
    /// Posts a sheet as the upload page's form does (multipart/form-data).
    func upload(_ client: some TestClientProtocol, file: String, _ text: String, csrf: String? = nil) async throws -> (HTTPResponse.Status, String) {
        let boundary = "czk-test-boundary"
        var body = ""
        for (name, value) in [("point", ""), ("date", "")] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"\(file)\"\r\nContent-Type: text/csv\r\n\r\n\(text)\r\n--\(boundary)--\r\n"
        var fields = headers()
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await client.execute(uri: "/upload?csrf=\(csrf ?? self.csrf)", method: .post, headers: fields, body: ByteBuffer(string: body)) { ($0.status, self.keep($0)) }
    }
}

extension PortalOptions {
    /// The defaults, changed by `change`.
    static func with(_ change: (inout PortalOptions) -> Void) -> PortalOptions {
        var options = PortalOptions()
        change(&options)
        return options
    }
}
