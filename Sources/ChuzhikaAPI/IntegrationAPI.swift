import ChuzhikaApp
import ChuzhikaWeb
package import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
package import OpenAPIRuntime

/// The integration API, mounted in `czk serve` under `/api/v1` beside the portal: the handlers
/// generated from `API/openapi.yaml`, and the document itself at `/api/v1/openapi.yaml`.
public enum IntegrationAPI {
    /// Calls per second each token may make (a burst of twice as many).
    public static let defaultRate = 20

    public static func mount(_ app: CardApp, perSecond: Int = defaultRate) -> @Sendable (Router<PortalContext>) -> Void {
        let limiter = RateLimiter(perSecond: perSecond)
        return { router in
            router.get("/api/v1/openapi.yaml") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                         body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
            }
            // Anything else under /api/v1 is answered as the API answers, not with the portal's page.
            let unknown = APIProblem(status: 404, title: "找不到", detail: "接口没有这个地址：见 /api/v1/openapi.yaml")
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
                router.on("/api/v1/**", method: method) { _, _ -> Response in
                    Response(status: .notFound, headers: [.contentType: "application/problem+json; charset=utf-8"],
                             body: .init(byteBuffer: ByteBuffer(bytes: unknown.bodyBytes)))
                }
            }
            do {
                try APIHandler(app: app).registerHandlers(
                    on: router, serverURL: URL(string: "/api/v1")!, middlewares: [APIMiddleware(app: app, limiter: limiter)])
            } catch {
                preconditionFailure("the API's server URL is a constant: \(error)")
            }
        }
    }
}
