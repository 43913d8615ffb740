import HTTPTypes
import Hummingbird
import Logging

/// The headers every portal response carries — pages, redirects, 404 and errors alike: a strict
/// Content-Security-Policy (no script, no outside resource, forms only to ourselves, never
/// framed), no sniffing, no referrer, no cache.
///
/// Errors thrown below it (an unknown address, a body too large, anything unforeseen) become a
/// page in Chinese here, so that they carry the headers too.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Self.page(for: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["error": .string("\(error)")])
            response = Self.page(for: .internalServerError)
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"  // a literal, valid header name
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"  // a literal, valid header name
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The page for an error status, saying what to do.
    static func page(for status: HTTPResponse.Status) -> Response {
        switch status {
        case .notFound, .methodNotAllowed:
            return Portal.notFound()
        case .contentTooLarge:
            return Portal.html(PortalPages.message("内容过大", "提交的内容超过了上限。请返回上一页，缩小后重试。"), status: status)
        case .internalServerError:
            return Portal.html(PortalPages.message("服务器出错", "这次请求没有完成。请稍后重试；若一直如此，请告知管理员。"), status: status)
        default:
            return Portal.html(PortalPages.message("请求无法处理", "请返回上一页刷新后重试（HTTP \(status.code)）。"), status: status)
        }
    }
}

/// One log line per request at `debug`: method, path (never the query) and status.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    /// A path as logged: the integration API's paths carry a 学号 or a class code, never logged.
    static func shown(_ path: String) -> String {
        for prefix in ["/api/v1/students/", "/api/v1/classes/"] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            return prefix + "…" + (rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "")
        }
        return path
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        context.logger.debug("\(request.method) \(Self.shown(request.uri.path)) \(response.status.code)")
        return response
    }
}
