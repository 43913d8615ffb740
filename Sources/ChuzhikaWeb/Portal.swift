import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import Foundation
import Hummingbird
import Logging

/// `czk serve`: the card on a phone. Every page calls the same use cases, access policy and
/// audit as the CLI — this file only reads requests and writes pages.
public enum Portal {
    /// The form fields the portal reads.
    struct Form: Decodable {
        var csrf: String?
        var code: String?
        var password: String?
        var reason: String?
    }

    /// The router of the portal over `app`; `secureCookies` when served over TLS.
    public static func router(_ app: CardApp, secureCookies: Bool = false) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())

        router.get("/") { request, _ -> Response in
            guard let (principal, _) = try? signedIn(request, app) else { return redirect("/login") }
            return redirect(principal.student != nil ? "/card" : "/risks")
        }
        router.get("/login") { _, _ -> Response in
            let token = PortalSecurity.random()
            var response = html(PortalPages.login(csrf: token))
            response.setCookie(Cookie(name: PortalSecurity.loginCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
            return response
        }
        router.post("/login") { request, context -> Response in
            let form = try await Self.form(request, context)
            let expected = request.cookies[PortalSecurity.loginCookie]?.value ?? ""
            guard PortalSecurity.same(form.csrf ?? "", expected) else { return forbidden("表单已过期，请刷新登录页后重试") }
            do {
                let result = try app.login(form.code ?? "", password: form.password ?? "")
                var response = redirect("/")
                response.setCookie(PortalSecurity.sessionCookie(result.token, secure: secureCookies))
                response.setCookie(PortalSecurity.expired(PortalSecurity.loginCookie, path: "/login"))
                return response
            } catch {
                let token = PortalSecurity.random()
                var response = html(PortalPages.login(csrf: token, error: error.localizedDescription), status: .unauthorized)
                response.setCookie(Cookie(name: PortalSecurity.loginCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
                return response
            }
        }
        router.post("/logout") { request, context -> Response in
            guard let (_, token) = try? signedIn(request, app) else { return redirect("/login") }
            guard try await csrfMatches(request, context, token) else { return forbidden("表单已过期") }
            try? app.logout(token: token)
            var response = redirect("/login")
            response.setCookie(PortalSecurity.expired(PortalSecurity.sessionCookie))
            return response
        }
        router.get("/card") { request, _ -> Response in
            try page(request, app) { principal, token in
                guard principal.student != nil else { return notFound() }
                let report = try app.studentReport(by: principal)  // the card and its trend, read once
                return html(PortalPages.card(report.card, trend: report.trend, nav: PortalPages.nav(principal, csrf: PortalSecurity.csrf(forSession: token))))
            }
        }
        router.get("/report") { request, _ -> Response in
            try page(request, app) { principal, _ in
                html(StudentReportDocument.html(try app.studentReport(by: principal)))
            }
        }
        // Staff read a student's report within their scope; anyone else — a student asking for
        // another student above all — gets 404, and the app layer audits the refusal.
        router.get("/students/:code") { request, context -> Response in
            try page(request, app) { principal, _ in
                let code = context.parameters.get("code") ?? ""
                do {
                    return html(StudentReportDocument.html(try app.studentReport(of: code, by: principal)))
                } catch let error as AppError where error.isRefusal || error.isUnknown {
                    return notFound()
                }
            }
        }
        router.get("/risks") { request, _ -> Response in
            try page(request, app) { principal, token in
                guard principal.student == nil else { return notFound() }
                let csrf = PortalSecurity.csrf(forSession: token)
                return html(PortalPages.risks(try app.risks(by: principal), nav: PortalPages.nav(principal, csrf: csrf), csrf: csrf))
            }
        }
        router.post("/risks/:id/:verb") { request, context -> Response in
            guard let (principal, token) = try? signedIn(request, app) else { return redirect("/login") }
            let form = try await Self.form(request, context)
            guard PortalSecurity.same(form.csrf ?? "", PortalSecurity.csrf(forSession: token)) else { return forbidden("表单已过期，请刷新页面后重试") }
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { return notFound() }
            let action: RiskAction
            switch context.parameters.get("verb") {
            case "ack": action = .acknowledge
            case "resolve": action = .resolve(reason: form.reason ?? "")
            default: return notFound()
            }
            do {
                _ = try app.actOnRisk(id, action, by: principal)
            } catch let error as AppError where error.isRefusal || error.isUnknown {
                return notFound()
            }
            return redirect("/risks#w\(id)")
        }
        return router
    }

    /// Serves the portal until SIGTERM or SIGINT, then finishes the requests in flight.
    public static func run(_ app: CardApp, host: String, port: Int, logger: Logger) async throws {
        let application = Application(
            router: router(app), configuration: .init(address: .hostname(host, port: port), serverName: "czk"), logger: logger)
        try await application.runService()
    }

    // MARK: - Pieces

    /// The signed-in person and their session token, from the session cookie.
    static func signedIn(_ request: Request, _ app: CardApp) throws -> (Principal, String)? {
        guard let token = request.cookies[PortalSecurity.sessionCookie]?.value, !token.isEmpty else { return nil }
        return (try app.principal(token: token), token)
    }

    /// A page for a signed-in person, or the way to the login page.
    static func page(_ request: Request, _ app: CardApp, _ body: (Principal, String) throws -> Response) throws -> Response {
        guard let (principal, token) = try? signedIn(request, app) else { return redirect("/login") }
        do {
            return try body(principal, token)
        } catch let error as AppError {
            return html(PortalPages.message("无法显示", error.localizedDescription), status: error.isRefusal ? .notFound : .badRequest)
        }
    }

    static func form(_ request: Request, _ context: BasicRequestContext) async throws -> Form {
        let body = try await request.body.collect(upTo: 64 * 1024)
        return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
    }

    static func csrfMatches(_ request: Request, _ context: BasicRequestContext, _ token: String) async throws -> Bool {
        PortalSecurity.same(try await form(request, context).csrf ?? "", PortalSecurity.csrf(forSession: token))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func notFound() -> Response { html(PortalPages.message("找不到", "没有这个页面，或您无权查看。"), status: .notFound) }

    static func forbidden(_ why: String) -> Response { html(PortalPages.message("请求被拒绝", why), status: .forbidden) }
}
