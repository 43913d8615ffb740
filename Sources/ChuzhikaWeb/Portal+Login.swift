import ChuzhikaApp
import HTTPTypes
import Hummingbird

extension Portal {
    /// The first page, login and logout.
    func addLoginRoutes(to router: Router<PortalContext>) {
        router.get("/") { request, _ -> Response in
            try await page(request) { visitor in
                let principal = visitor.principal
                guard principal.student == nil else { return Self.redirect("/card") }
                let classes = try app.readableClasses(by: principal).map { ($0, references.seal(.schoolClass, $0.id.rawValue)) }
                // A teacher's own list; the admin's would be the whole school's, so none is shown.
                let due = principal.isAdmin ? nil : try? app.due(for: nil, by: principal)
                return Self.html(StaffPages.home(
                    principal, classes: classes, risks: try app.risks(by: principal), due: due, link: link, nav: visitor.nav))
            }
        }
        router.get("/login") { _, _ -> Response in
            loginPage()
        }
        router.post("/login") { request, context -> Response in
            let form = try await Self.form(request, context)
            let expected = request.cookies[PortalSecurity.loginCookie]?.value ?? ""
            guard PortalSecurity.same(form.csrf ?? "", expected) else {
                return loginPage(error: "登录页已过期，请重新输入后登录", status: .forbidden)
            }
            let client = client(request, context)
            let code = form.code ?? ""
            if let refusal = throttledPage(throttle.admit(address: client, account: code)) {
                context.logger.warning("login throttled", metadata: ["client": .string(client)])
                return refusal
            }
            return try await blocking { [self] in
                do {
                    let result = try app.login(code, password: form.password ?? "")
                    throttle.succeeded(address: client, account: code)
                    var response = Self.redirect("/")
                    response.setCookie(PortalSecurity.sessionCookie(result.token, secure: secureCookies))
                    response.setCookie(PortalSecurity.expired(PortalSecurity.loginCookie, path: "/login", secure: secureCookies))
                    return response
                } catch let error as AppError {
                    throttle.failed(address: client, account: code)
                    return loginPage(error: error.localizedDescription, status: .unauthorized)
                } catch {
                    throttle.abandoned(address: client, account: code)
                    throw error
                }
            }
        }
        router.post("/logout") { request, context -> Response in
            try await action(request, context) { [app] visitor, _ in
                try? app.logout(token: visitor.token)
                var response = Self.redirect("/login")
                response.setCookie(PortalSecurity.expired(PortalSecurity.sessionCookie, secure: secureCookies))
                return response
            }
        }
    }

    /// The login form with a fresh CSRF token, echoed in a cookie (double submit); the cookie is
    /// `Secure` behind HTTPS, like the session's.
    func loginPage(error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = PortalSecurity.random()
        var response = Self.html(PortalPages.login(csrf: token, error: error), status: status)
        response.setCookie(Cookie(
            name: PortalSecurity.loginCookie, value: token, path: "/login", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// The address the login throttle counts: the socket's peer, or behind a trusted proxy the
    /// client it names in `X-Forwarded-For`; one key for requests with no address (the tests').
    func client(_ request: Request, _ context: PortalContext) -> String {
        let forwarded = request.headers[values: Self.forwardedFor]
        return options.trustedProxies.client(peer: context.remoteAddress?.ipAddress, forwardedFor: forwarded)?.throttleKey ?? "本机"
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!  // a literal, valid header name

    /// The page for a login the throttle holds off, saying how long and what to do; nil to go on.
    func throttledPage(_ verdict: LoginThrottle.Verdict) -> Response? {
        let text: String
        switch verdict {
        case .allowed:
            return nil
        case .addressHeld(let minutes):
            text = "此网络地址近 15 分钟内登录失败次数过多，请 \(minutes) 分钟后再试。"
                + "若您和同学共用网络（宿舍、机房），可换用手机流量登录；忘记密码请找班主任或管理员重置。"
        case .accountHeld(let failures, let minutes):
            text = "该账号在此网络上已连续输错 \(failures) 次密码，请 \(minutes) 分钟后再试（每多错一次，等待时间加倍）。"
                + "忘记密码请找班主任或管理员重置；若不是您本人在尝试，请告知管理员。"
        }
        return loginPage(error: text, status: .tooManyRequests)
    }
}
