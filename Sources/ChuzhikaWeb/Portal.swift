import ChuzhikaApp
import ChuzhikaCore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOPosix
import ServiceLifecycle

/// `czk serve`: the card on a phone. Every page calls the same use cases, access policy and
/// audit as the CLI — these files only read requests and write pages.
///
/// The routes live by audience: `Portal+Login` (login, logout, the first page), `Portal+Student`
/// (card, report, appeals), `Portal+Staff` (warnings, students' and classes' reports, what is
/// due, a sheet upload).
public struct Portal: Sendable {
    let app: CardApp
    let options: PortalOptions
    let throttle: LoginThrottle
    let uploads: UploadGate
    let references = SealedReference()

    init(app: CardApp, options: PortalOptions) {
        self.app = app
        self.options = options
        self.throttle = LoginThrottle(.init(perAddress: options.failuresPerAddress))
        self.uploads = UploadGate(limit: options.concurrentUploads)
    }

    var secureCookies: Bool { options.secureCookies }

    /// The router of the portal over `app`.
    /// - Parameter mounts: more routes on the same server (the integration API under `/api/v1`).
    public static func router(
        _ app: CardApp, options: PortalOptions = PortalOptions(), mounts: [@Sendable (Router<PortalContext>) -> Void] = []
    ) -> Router<PortalContext> {
        let portal = Portal(app: app, options: options)
        let router = Router(context: PortalContext.self)
        // One log line per request at `debug` (`czk serve --verbose`): method and path, never a
        // header (the session cookie), never a query (the upload's CSRF token) and never a 学号
        // (addresses carry sealed references only).
        router.add(middleware: RequestLog())
        // Outermost but for the log: every response carries the headers, 404 and errors included.
        router.add(middleware: SecurityHeaders())
        portal.addLoginRoutes(to: router)
        portal.addStudentRoutes(to: router)
        portal.addStaffRoutes(to: router)
        for mount in mounts { mount(router) }
        return router
    }

    /// The portal as a server: HTTP/1.1 with idle and header-read timeouts and a cap on open
    /// connections, so that slow or idle clients cannot hold it open.
    public static func application(
        _ app: CardApp, host: String, port: Int, options: PortalOptions, logger: Logger, services: [any Service] = [],
        mounts: [@Sendable (Router<PortalContext>) -> Void] = []
    ) -> some ApplicationProtocol {
        Application(
            router: router(app, options: options, mounts: mounts),
            // Hummingbird counts the idle time from the last complete request part read, so a
            // client trickling a request's head byte by byte is closed after `idleSeconds` too.
            server: .http1(configuration: .init(idleTimeout: .seconds(options.idleSeconds))),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "czk",
                availableConnectionsDelegate: MaximumAvailableConnections(options.maximumConnections, logger: logger)),
            services: services,
            logger: logger)
    }

    /// Serves the portal until SIGTERM or SIGINT, then finishes the requests in flight;
    /// `services` (notification delivery) run beside it and stop gracefully with it.
    public static func run(
        _ app: CardApp, host: String, port: Int, options: PortalOptions, logger: Logger, services: [any Service] = [],
        mounts: [@Sendable (Router<PortalContext>) -> Void] = []
    ) async throws {
        try await application(app, host: host, port: port, options: options, logger: logger, services: services, mounts: mounts)
            .runService()
    }

    // MARK: - Pieces every route uses

    /// The form fields the portal reads.
    struct Form: Decodable {
        var csrf: String?
        var code: String?
        var password: String?
        var reason: String?
        var kind: String?
        var text: String?
    }

    /// Runs the (blocking) app layer off the event loops and off Swift's cooperative threads, on
    /// threads as many as the store's connections: NIO's shared pool has one thread per core,
    /// which left six of PostgreSQL's eight connections idle while pages queued (255 pages/s).
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await StoreThreads.run(app, body)
    }

    /// Who is asking, with what every one of their pages carries: the session's CSRF token and
    /// the navigation (worked out once per request).
    struct Visitor: Sendable {
        let principal: Principal
        let token: String
        let csrf: String
        let nav: String
    }

    /// The signed-in person, from the session cookie's token.
    func visitor(_ token: String?) -> Visitor? {
        guard let token, !token.isEmpty, let principal = try? app.principal(token: token) else { return nil }
        let csrf = PortalSecurity.csrf(forSession: token)
        return Visitor(principal: principal, token: token, csrf: csrf, nav: PortalPages.nav(principal, csrf: csrf))
    }

    /// A page for a signed-in person (else the way to the login page). The app layer's refusals
    /// and unknown ids become 404, so a page never tells whether a student exists; other errors
    /// are shown as they are.
    func page(_ request: Request, _ body: @escaping @Sendable (Visitor) throws -> Response) async throws -> Response {
        let token = request.cookies[PortalSecurity.sessionCookie]?.value
        // Who the visitor is and what the page shows, read on one snapshot in one transaction.
        return try await blocking { [self] in try app.database.sharingReads {
            guard let visitor = visitor(token) else { return Self.redirect("/login") }
            do {
                return try body(visitor)
            } catch let error as AppError where error.isRefusal || error.isUnknown {
                return Self.notFound(visitor.nav)
            } catch let error as AppError {
                return Self.html(PortalPages.message("无法显示", error.localizedDescription), status: .badRequest)
            }
        } }
    }

    /// A URL-encoded form posted by a signed-in person (see ``submit(_:read:csrf:expired:_:)``).
    func action(
        _ request: Request, _ context: PortalContext, _ body: @escaping @Sendable (Visitor, Form) throws -> Response
    ) async throws -> Response {
        try await submit(request, read: { try await Self.form(request, context) }, csrf: \.csrf,
                         expired: "表单已过期，请返回上一页刷新后重试", body)
    }

    /// A form posted by a signed-in person: read by `read` (nil when it cannot be), its CSRF token
    /// checked against the session's, then `body`; the app layer's errors are shown on a page that
    /// says what to do.
    func submit<Body: Sendable>(
        _ request: Request, read: () async throws -> Body?, csrf: @escaping @Sendable (Body) -> String?, expired: String,
        _ body: @escaping @Sendable (Visitor, Body) throws -> Response
    ) async throws -> Response {
        let token = request.cookies[PortalSecurity.sessionCookie]?.value
        let posted = try await read()
        return try await blocking { [self] in
            guard let visitor = visitor(token) else { return Self.redirect("/login") }
            guard let posted, PortalSecurity.same(csrf(posted) ?? "", visitor.csrf) else {
                return Self.forbidden(expired, nav: visitor.nav)
            }
            do {
                return try body(visitor, posted)
            } catch let error as AppError where error.isUnknown {
                return Self.notFound(visitor.nav)
            } catch let error as AppError {
                let text = [error.errorDescription, error.recoverySuggestion].compactMap { $0 }.joined(separator: "。")
                return Self.html(PortalPages.message("没有完成", text, nav: visitor.nav), status: error.isRefusal ? .forbidden : .badRequest)
            }
        }
    }

    static func form(_ request: Request, _ context: PortalContext) async throws -> Form {
        let body = try await request.body.collect(upTo: 64 * 1024)
        return (try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))) ?? Form()
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func notFound(_ nav: String = "") -> Response {
        html(PortalPages.message("找不到", "没有这个页面，或您无权查看。", nav: nav), status: .notFound)
    }

    static func forbidden(_ why: String, nav: String = "") -> Response {
        html(PortalPages.message("请求被拒绝", why, nav: nav), status: .forbidden)
    }
}
