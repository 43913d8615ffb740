import ChuzhikaApp
import ChuzhikaWeb
package import Foundation
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
            do {
                try APIHandler(app: app).registerHandlers(
                    on: router, serverURL: URL(string: "/api/v1")!, middlewares: [APIMiddleware(app: app, limiter: limiter)])
            } catch {
                preconditionFailure("the API's server URL is a constant: \(error)")
            }
        }
    }
}
