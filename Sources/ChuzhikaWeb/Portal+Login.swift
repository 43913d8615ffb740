import ChuzhikaApp
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
            Self.loginPage()
        }
        router.post("/login") { request, context -> Response in
            let form = try await Self.form(request, context)
            let expected = request.cookies[PortalSecurity.loginCookie]?.value ?? ""
            guard PortalSecurity.same(form.csrf ?? "", expected) else {
                return Self.loginPage(error: "登录页已过期，请重新输入后登录", status: .forbidden)
            }
            let peer = context.peer
            if let minutes = throttle.waitMinutes(peer) {
                context.logger.warning("login throttled", metadata: ["peer": .string(peer)])
                return Self.loginPage(error: "此网络地址登录失败次数过多，请 \(minutes) 分钟后再试", status: .tooManyRequests)
            }
            return try await blocking { [self] in
                do {
                    let result = try app.login(form.code ?? "", password: form.password ?? "")
                    throttle.succeeded(peer)
                    var response = Self.redirect("/")
                    response.setCookie(PortalSecurity.sessionCookie(result.token, secure: secureCookies))
                    response.setCookie(PortalSecurity.expired(PortalSecurity.loginCookie, path: "/login"))
                    return response
                } catch let error as AppError {
                    throttle.failed(peer)
                    return Self.loginPage(error: error.localizedDescription, status: .unauthorized)
                }
            }
        }
        router.post("/logout") { request, context -> Response in
            try await action(request, context) { [app] visitor, _ in
                try? app.logout(token: visitor.token)
                var response = Self.redirect("/login")
                response.setCookie(PortalSecurity.expired(PortalSecurity.sessionCookie))
                return response
            }
        }
    }

    /// The login form with a fresh CSRF token, echoed in a cookie (double submit).
    static func loginPage(error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = PortalSecurity.random()
        var response = html(PortalPages.login(csrf: token, error: error), status: status)
        response.setCookie(Cookie(name: PortalSecurity.loginCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }
}
