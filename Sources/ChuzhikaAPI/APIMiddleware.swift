import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaWeb
package import Foundation
import HTTPTypes
import Logging
package import OpenAPIRuntime

/// Every call of the integration API passes here: the token is checked (unknown, revoked and
/// expired ones refused at once), the token's rate is kept, and any error leaves as
/// `application/problem+json` — a request the document does not allow is 400, never 500.
struct APIMiddleware: ServerMiddleware {
    let app: CardApp
    let limiter: RateLimiter

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            let token = try await authenticate(request)
            if let wait = limiter.take(token.id) {
                throw APIProblem(status: 429, title: "请求太频繁", detail: "令牌“\(token.name)”请求太频繁：请 \(wait) 秒后再试",
                                 retryAfter: wait)
            }
            // A body is read (and decoded) before the handler sees the scope: its size is kept
            // here, so that no token, whatever its scope, can fill the server's memory.
            var limited = body
            if let body {
                if case .known(let length) = body.length, length > Self.maxBody { throw Self.tooLarge }
                limited = HTTPBody(LimitedBody(body: body, limit: Self.maxBody), length: body.length, iterationBehavior: .single)
            }
            return try await APICaller.$current.withValue(APICaller(token: token)) { try await next(request, limited, metadata) }
        } catch {
            let problem = Self.problem(for: error, reading: request.method == .get)
            if problem.status >= 500 {
                Self.logger.error("接口 \(operationID) 出错：\(String(describing: (error as? ServerError)?.underlyingError ?? error))")
            }
            return problem.response()
        }
    }

    static let logger = Logger(label: "czk.api")
    /// The largest body a call may send: 10,000 rows of results are about 1 MB.
    static let maxBody = 16 << 20
    static let tooLarge = APIProblem.badRequest("请求体超过 16 MB：请分批发送（每批至多 10000 行）")

    private func authenticate(_ request: HTTPRequest) async throws -> SystemToken {
        guard let header = request.headerFields[.authorization] else {
            throw APIProblem.unauthorized("缺少令牌：请求头写 Authorization: Bearer czk_…（令牌由管理员用 czk tokens add 发放）")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIProblem.unauthorized("Authorization 应写成 Bearer czk_…")
        }
        let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let app = self.app
        guard let token = try await StoreThreads.run(app, { try app.validToken(secret) }) else {
            throw APIProblem.unauthorized("令牌无效、已吊销或已过期：请管理员用 czk tokens list 查看，必要时发放新令牌")
        }
        return token
    }

    /// The problem an error stands for. The runtime wraps everything in `ServerError`: one
    /// thrown before the handler had its input is the request's fault (a body or parameter the
    /// document does not allow).
    static func problem(for error: any Error, reading: Bool) -> APIProblem {
        guard let error = error as? ServerError else { return APIProblem(error, reading: reading) }
        if error.underlyingError is APIProblem || error.underlyingError is AppError {
            return APIProblem(error.underlyingError, reading: reading)
        }
        if error.operationInput == nil {
            return APIProblem.badRequest("请求不符合接口文档（/api/v1/openapi.yaml）：\(error.causeDescription)")
        }
        return APIProblem(error.underlyingError, reading: reading)
    }
}

/// A request body that stops with ``APIMiddleware/tooLarge`` past `limit` bytes (a chunked body
/// has no Content-Length to check first).
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let body: HTTPBody
    let limit: Int

    struct Iterator: AsyncIteratorProtocol {
        var base: HTTPBody.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> ArraySlice<UInt8>? {
            guard let chunk = try await base.next() else { return nil }
            seen += chunk.count
            if seen > limit { throw APIMiddleware.tooLarge }
            return chunk
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(base: body.makeAsyncIterator(), limit: limit) }
}
